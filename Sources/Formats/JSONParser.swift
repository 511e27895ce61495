/// Reading JSON (EVAL-20, EVAL-30): a small recursive-descent parser over UTF-8 bytes that follows
/// RFC 8259 strictly. Numbers must match the RFC's grammar (`-? int frac? exp?`, no leading zeros,
/// digits on both sides of '.') and are converted correctly rounded (by Clinger's exact fast path
/// for short decimals, FMT-25, else by `Double(String)`), so written doubles read back exactly. Strings must be valid UTF-8; `\u`
/// takes exactly four hex
/// digits, a surrogate pair decodes to its one scalar, and a lone surrogate is an error. An object
/// may not repeat a key. Errors name the byte offset and what was expected.
public struct JSONParseError: Error, Equatable, Sendable, CustomStringConvertible {
  public let offset: Int
  public let message: String
  public var description: String { "malformed JSON at byte \(offset): \(message)" }
}

extension JSONValue {
  public init(parsing text: String) throws(JSONParseError) {
    try self.init(parsing: Array(text.utf8))
  }

  /// Parses UTF-8 bytes; invalid UTF-8 inside a string is an error at its offset.
  public init(parsing bytes: [UInt8]) throws(JSONParseError) {
    var parser = JSONParser(bytes: bytes)
    parser.skipSpace()
    self = try parser.value(depth: 0)
    parser.skipSpace()
    guard parser.position == parser.bytes.count else { throw parser.error("unexpected text after the document") }
  }
}

struct JSONParser {
  let bytes: [UInt8]
  var position = 0

  static let maximumDepth = 512

  func error(_ message: String, at offset: Int? = nil) -> JSONParseError {
    JSONParseError(offset: offset ?? position, message: message)
  }

  var current: UInt8? { position < bytes.count ? bytes[position] : nil }

  mutating func skipSpace() {
    while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { position += 1 }
  }

  mutating func expect(_ literal: String) throws(JSONParseError) {
    for byte in literal.utf8 {
      guard current == byte else { throw error("expected \(literal)") }
      position += 1
    }
  }

  mutating func value(depth: Int) throws(JSONParseError) -> JSONValue {
    guard depth < Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth)") }
    guard let byte = current else { throw error("unexpected end of input") }
    switch byte {
    case UInt8(ascii: "n"): try expect("null"); return .null
    case UInt8(ascii: "t"): try expect("true"); return .bool(true)
    case UInt8(ascii: "f"): try expect("false"); return .bool(false)
    case UInt8(ascii: "\""): return .string(try string())
    case UInt8(ascii: "["): return .array(try array(depth: depth))
    case UInt8(ascii: "{"): return .object(try object(depth: depth))
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
    default: throw error("expected a value")
    }
  }

  mutating func array(depth: Int) throws(JSONParseError) -> [JSONValue] {
    position += 1  // [
    var items: [JSONValue] = []
    skipSpace()
    if current == UInt8(ascii: "]") { position += 1; return items }
    while true {
      skipSpace()
      items.append(try value(depth: depth + 1))
      skipSpace()
      guard let byte = current else { throw error("unterminated array") }
      position += 1
      if byte == UInt8(ascii: "]") { return items }
      guard byte == UInt8(ascii: ",") else { throw error("expected , or ] in array", at: position - 1) }
    }
  }

  mutating func object(depth: Int) throws(JSONParseError) -> [(String, JSONValue)] {
    position += 1  // {
    var members: [(String, JSONValue)] = []
    var seen = Set<String>()
    skipSpace()
    if current == UInt8(ascii: "}") { position += 1; return members }
    while true {
      skipSpace()
      guard current == UInt8(ascii: "\"") else { throw error("expected a string key") }
      let keyOffset = position
      let key = try string()
      guard seen.insert(key).inserted else { throw error("duplicate key \"\(key)\"", at: keyOffset) }
      skipSpace()
      try expect(":")
      skipSpace()
      members.append((key, try value(depth: depth + 1)))
      skipSpace()
      guard let byte = current else { throw error("unterminated object") }
      position += 1
      if byte == UInt8(ascii: "}") { return members }
      guard byte == UInt8(ascii: ",") else { throw error("expected , or } in object", at: position - 1) }
    }
  }

  /// RFC 8259 section 6: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, finite as a double.
  /// The digits are scanned once into a ``NumberScan``; ``NumberScan/fastValue`` converts the common
  /// short decimals exactly (FMT-25), and every other number goes through `Double(String)`, its
  /// reference twin.
  mutating func number() throws(JSONParseError) -> Double {
    let start = position
    if let x = try scanNumber().fastValue { return x }
    let text = String(decoding: bytes[start..<position], as: UTF8.self)
    guard let x = Double(text), x.isFinite else {
      throw error("number \(text.prefix(40)) is outside the range of a double", at: start)
    }
    return x
  }

  /// Reads one number's text by the grammar, leaving `position` after it, and returns its digits.
  mutating func scanNumber() throws(JSONParseError) -> NumberScan {
    var scan = NumberScan()
    if current == UInt8(ascii: "-") { position += 1; scan.negative = true }
    let integerStart = position
    let integerDigits = digits(into: &scan, fraction: false)
    guard integerDigits > 0 else { throw error("a number needs a digit after '-'") }
    guard bytes[integerStart] != UInt8(ascii: "0") || integerDigits == 1 else {
      throw error("a number may not have a leading zero", at: integerStart + 1)
    }
    if current == UInt8(ascii: ".") {
      position += 1
      guard digits(into: &scan, fraction: true) > 0 else { throw error("a number needs a digit after '.'") }
    }
    if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
      position += 1
      var exponentNegative = false
      if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") {
        exponentNegative = current == UInt8(ascii: "-"); position += 1
      }
      var exponent = 0
      let from = position
      while let byte = current, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
        exponent = exponent * 10 + Int(byte &- UInt8(ascii: "0"))
        if exponent > 1_000_000 { exponent = 0; scan.exact = false }  // far outside the fast path; no overflow
        position += 1
      }
      guard position > from else { throw error("a number needs a digit in its exponent") }
      scan.exponent = exponentNegative ? -exponent : exponent
    }
    return scan
  }

  /// Reads the digits at `position`, feeding each to `scan` (`fraction`: after the point); returns
  /// how many there were.
  mutating func digits(into scan: inout NumberScan, fraction: Bool) -> Int {
    let from = position
    while position < bytes.count {
      let digit = bytes[position] &- UInt8(ascii: "0")
      guard digit < 10 else { break }
      scan.append(digit: digit, fraction: fraction)
      position += 1
    }
    return position - from
  }

  mutating func string() throws(JSONParseError) -> String {
    position += 1  // opening quote
    var scalars = String.UnicodeScalarView()
    while let byte = current {
      switch byte {
      case UInt8(ascii: "\""):
        position += 1
        return String(scalars)
      case UInt8(ascii: "\\"):
        scalars.append(try escape())
      case 0..<0x20:
        throw error("control character in string")
      default:
        scalars.append(try utf8Scalar())
      }
    }
    throw error("unterminated string")
  }

  /// One backslash escape, the backslash at `position`.
  mutating func escape() throws(JSONParseError) -> Unicode.Scalar {
    let start = position
    position += 1
    guard let kind = current else { throw error("unterminated escape", at: start) }
    position += 1
    switch kind {
    case UInt8(ascii: "\""): return "\""
    case UInt8(ascii: "\\"): return "\\"
    case UInt8(ascii: "/"): return "/"
    case UInt8(ascii: "b"): return "\u{08}"
    case UInt8(ascii: "f"): return "\u{0C}"
    case UInt8(ascii: "n"): return "\n"
    case UInt8(ascii: "r"): return "\r"
    case UInt8(ascii: "t"): return "\t"
    case UInt8(ascii: "u"):
      let code = try hexQuad(escapeStart: start)
      switch code {
      case 0xD800...0xDBFF:
        let lowStart = position
        guard current == UInt8(ascii: "\\"), position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "u") else {
          throw error("high surrogate \\u\(hex(code)) not followed by a low surrogate", at: start)
        }
        position += 2
        let low = try hexQuad(escapeStart: lowStart)
        guard (0xDC00...0xDFFF).contains(low) else {
          throw error("high surrogate \\u\(hex(code)) followed by \\u\(hex(low)), not a low surrogate", at: start)
        }
        return Unicode.Scalar(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00))!
      case 0xDC00...0xDFFF:
        throw error("lone low surrogate \\u\(hex(code))", at: start)
      default:
        return Unicode.Scalar(code)!
      }
    default:
      throw error("unknown escape \\\(Unicode.Scalar(kind).escaped(asASCII: true))", at: start)
    }
  }

  /// Exactly four hex digits after `\u`.
  mutating func hexQuad(escapeStart: Int) throws(JSONParseError) -> UInt32 {
    var code: UInt32 = 0
    for _ in 0..<4 {
      guard let byte = current, let digit = Self.hexDigit(byte) else {
        throw error("\\u needs four hex digits", at: escapeStart)
      }
      code = code << 4 | digit
      position += 1
    }
    return code
  }

  static func hexDigit(_ byte: UInt8) -> UInt32? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
    default: return nil
    }
  }

  func hex(_ code: UInt32) -> String {
    let digits = String(code, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
  }

  /// One UTF-8 encoded scalar at `position` (RFC 3629: shortest form, no surrogates, at most U+10FFFF).
  mutating func utf8Scalar() throws(JSONParseError) -> Unicode.Scalar {
    let start = position
    let lead = bytes[position]
    position += 1
    if lead < 0x80 { return Unicode.Scalar(lead) }
    let (length, initial, minimum): (Int, UInt32, UInt32)
    switch lead {
    case 0xC2...0xDF: (length, initial, minimum) = (2, UInt32(lead & 0x1F), 0x80)
    case 0xE0...0xEF: (length, initial, minimum) = (3, UInt32(lead & 0x0F), 0x800)
    case 0xF0...0xF4: (length, initial, minimum) = (4, UInt32(lead & 0x07), 0x10000)
    default: throw error("invalid UTF-8 byte 0x\(String(lead, radix: 16))", at: start)
    }
    var code = initial
    for _ in 1..<length {
      guard let byte = current, byte & 0xC0 == 0x80 else { throw error("invalid UTF-8 sequence", at: start) }
      code = code << 6 | UInt32(byte & 0x3F)
      position += 1
    }
    guard code >= minimum, let scalar = Unicode.Scalar(code) else { throw error("invalid UTF-8 sequence", at: start) }
    return scalar
  }
}
