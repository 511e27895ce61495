/// Reading JSON (EVAL-20): a small recursive-descent parser over UTF-8 bytes (RFC 8259). Numbers
/// are converted by `Double(String)`, which rounds correctly, so written doubles read back exactly.
/// Errors name the byte offset and what was expected.
public struct JSONParseError: Error, Equatable, Sendable, CustomStringConvertible {
  public let offset: Int
  public let message: String
  public var description: String { "malformed JSON at byte \(offset): \(message)" }
}

extension JSONValue {
  public init(parsing text: String) throws(JSONParseError) {
    var parser = JSONParser(bytes: Array(text.utf8))
    parser.skipSpace()
    self = try parser.value(depth: 0)
    parser.skipSpace()
    guard parser.position == parser.bytes.count else { throw parser.error("unexpected text after the document") }
  }
}

struct JSONParser {
  let bytes: [UInt8]
  var position = 0

  func error(_ message: String) -> JSONParseError { JSONParseError(offset: position, message: message) }

  mutating func skipSpace() {
    while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
  }

  mutating func expect(_ literal: String) throws(JSONParseError) {
    for byte in literal.utf8 {
      guard position < bytes.count, bytes[position] == byte else { throw error("expected \(literal)") }
      position += 1
    }
  }

  mutating func value(depth: Int) throws(JSONParseError) -> JSONValue {
    guard depth < 512 else { throw error("nesting deeper than 512") }
    guard position < bytes.count else { throw error("unexpected end of input") }
    switch bytes[position] {
    case UInt8(ascii: "n"): try expect("null"); return .null
    case UInt8(ascii: "t"): try expect("true"); return .bool(true)
    case UInt8(ascii: "f"): try expect("false"); return .bool(false)
    case UInt8(ascii: "\""): return .string(try string())
    case UInt8(ascii: "["):
      position += 1
      var items: [JSONValue] = []
      skipSpace()
      if position < bytes.count, bytes[position] == UInt8(ascii: "]") { position += 1; return .array(items) }
      while true {
        skipSpace()
        items.append(try value(depth: depth + 1))
        skipSpace()
        guard position < bytes.count else { throw error("unterminated array") }
        if bytes[position] == UInt8(ascii: "]") { position += 1; return .array(items) }
        guard bytes[position] == UInt8(ascii: ",") else { throw error("expected , or ] in array") }
        position += 1
      }
    case UInt8(ascii: "{"):
      position += 1
      var members: [(String, JSONValue)] = []
      skipSpace()
      if position < bytes.count, bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
      while true {
        skipSpace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw error("expected a string key") }
        let key = try string()
        skipSpace()
        try expect(":")
        skipSpace()
        members.append((key, try value(depth: depth + 1)))
        skipSpace()
        guard position < bytes.count else { throw error("unterminated object") }
        if bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
        guard bytes[position] == UInt8(ascii: ",") else { throw error("expected , or } in object") }
        position += 1
      }
    default: return .number(try number())
    }
  }

  mutating func number() throws(JSONParseError) -> Double {
    let start = position
    let allowed = Set("+-0123456789.eE".utf8)
    while position < bytes.count, allowed.contains(bytes[position]) { position += 1 }
    let text = String(decoding: bytes[start..<position], as: UTF8.self)
    // JSON's grammar: no leading '+', no bare '.', no hex, no inf/nan literals.
    guard !text.isEmpty, text.first != "+", text.first != ".", let x = Double(text), x.isFinite else {
      position = start
      throw error("expected a value")
    }
    return x
  }

  mutating func string() throws(JSONParseError) -> String {
    position += 1  // opening quote
    var scalars = String.UnicodeScalarView()
    var raw: [UInt8] = []
    func flush() { scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars); raw.removeAll() }
    while position < bytes.count {
      let byte = bytes[position]
      position += 1
      switch byte {
      case UInt8(ascii: "\""): flush(); return String(scalars)
      case UInt8(ascii: "\\"):
        flush()
        guard position < bytes.count else { throw error("unterminated escape") }
        let escape = bytes[position]
        position += 1
        switch escape {
        case UInt8(ascii: "\""): scalars.append("\"")
        case UInt8(ascii: "\\"): scalars.append("\\")
        case UInt8(ascii: "/"): scalars.append("/")
        case UInt8(ascii: "b"): scalars.append("\u{08}")
        case UInt8(ascii: "f"): scalars.append("\u{0C}")
        case UInt8(ascii: "n"): scalars.append("\n")
        case UInt8(ascii: "r"): scalars.append("\r")
        case UInt8(ascii: "t"): scalars.append("\t")
        case UInt8(ascii: "u"):
          guard position + 4 <= bytes.count, let code = UInt32(String(decoding: bytes[position..<(position + 4)], as: UTF8.self), radix: 16)
          else { throw error("bad \\u escape") }
          position += 4
          scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
        default: throw error("unknown escape")
        }
      case 0..<0x20: throw error("control character in string")
      default: raw.append(byte)
      }
    }
    throw error("unterminated string")
  }
}
