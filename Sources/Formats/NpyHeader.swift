/// The header of a .npy file (FMT-20): after the magic "\x93NUMPY", a major and minor version byte
/// and the header length (2 bytes little-endian in version 1.0, 4 in 2.0 and 3.0), a Python dict
/// literal with exactly the keys 'descr', 'fortran_order' and 'shape', e.g.
/// `{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }`, padded with spaces and ended by
/// a newline. Version 3.0 only allows UTF-8 in the header; the keys and values here are ASCII.
public struct NpyHeader: Equatable, Sendable {
  public var type: NpyType
  public var fortranOrder: Bool
  public var shape: [Int]

  public static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)
  /// The longest header accepted (numpy's np.load refuses more than 10,000 bytes by default).
  public static let maximumLength = 100_000

  public init(type: NpyType, fortranOrder: Bool, shape: [Int]) {
    self.type = type; self.fortranOrder = fortranOrder; self.shape = shape
  }

  /// The number of elements, or nil when the product overflows.
  public var elementCount: Int? {
    var count = 1
    for extent in shape {
      let (product, overflow) = count.multipliedReportingOverflow(by: extent)
      if overflow { return nil }
      count = product
    }
    return count
  }

  /// Reads the fixed prefix: the header length and where the header starts, or the error.
  static func prefix(_ bytes: ArraySlice<UInt8>, source: String) throws(NpyError) -> (headerLength: Int, prefixLength: Int) {
    guard magic.starts(with: bytes.prefix(6)), !bytes.isEmpty else { throw .notNpy(source: source) }
    guard bytes.count >= 8 else {
      throw .malformedHeader(source: source, reason: "the file ends after \(bytes.count) bytes, inside the fixed prefix")
    }
    let start = bytes.startIndex
    let (major, minor) = (bytes[start + 6], bytes[start + 7])
    guard minor == 0, (1...3).contains(major) else { throw .unsupportedVersion(source: source, major: major, minor: minor) }
    let width = major == 1 ? 2 : 4
    guard bytes.count >= 8 + width else {
      throw .malformedHeader(source: source, reason: "the file ends inside the header length")
    }
    var length = 0
    for i in 0..<width { length |= Int(bytes[start + 8 + i]) << (8 * i) }
    guard length <= maximumLength else {
      throw .malformedHeader(source: source, reason: "header length \(length) is over the limit of \(maximumLength) bytes")
    }
    return (length, 8 + width)
  }

  /// Parses the dict literal.
  static func parse(_ text: [UInt8], source: String) throws(NpyError) -> NpyHeader {
    var parser = LiteralParser(bytes: text, source: source)
    let entries = try parser.dictionary()
    let keys = Set(entries.map(\.0))
    guard keys == ["descr", "fortran_order", "shape"], entries.count == 3 else {
      throw .malformedHeader(
        source: source,
        reason:
          """
            expected exactly the keys 'descr', 'fortran_order', 'shape', got \
            \(entries.map { "'\($0.0)'" }.joined(separator: ", "))
            """
      )
    }
    var type: NpyType?, fortran: Bool?, shape: [Int]?
    for (key, value) in entries {
      switch (key, value) {
      case let ("descr", .text(descr)):
        guard let t = NpyType(descr: descr) else { throw .unsupportedType(source: source, descr: descr) }
        type = t
      case let ("fortran_order", .flag(flag)): fortran = flag
      case let ("shape", .tuple(extents)): shape = extents
      default: throw .malformedHeader(source: source, reason: "'\(key)' has a value of the wrong type")
      }
    }
    return NpyHeader(type: type!, fortranOrder: fortran!, shape: shape!)
  }

  /// The header numpy's `np.save` writes, byte for byte: the dict with sorted keys, spaces that
  /// leave room for the growing axis to reach 21 digits (numpy's GROWTH_AXIS_MAX_DIGITS), then
  /// 1 ... 64 spaces and a newline so that the data starts at a multiple of 64 bytes (ARRAY_ALIGN);
  /// version 1.0 unless the header needs more than 65,535 bytes.
  public func encoded() -> [UInt8] {
    let extents = shape.map(String.init).joined(separator: ", ") + (shape.count == 1 ? "," : "")
    var dict = "{'descr': '\(type)', 'fortran_order': \(fortranOrder ? "True" : "False"), 'shape': (\(extents)), }"
    if let growing = fortranOrder ? shape.last : shape.first {
      dict += String(repeating: " ", count: Swift.max(0, 21 - String(growing).count))
    }
    var text = Array(dict.utf8)
    let version1 = text.count + 1 + 64 <= 65_535
    let prefixLength = version1 ? 10 : 12
    let padding = 64 - (prefixLength + text.count + 1) % 64
    text += [UInt8](repeating: 0x20, count: padding) + [0x0A]
    let lengthBytes = (0..<(version1 ? 2 : 4)).map { UInt8(truncatingIfNeeded: text.count >> (8 * $0)) }
    return Self.magic + [version1 ? 1 : 2, 0] + lengthBytes + text
  }
}

/// The subset of Python literals a .npy header uses: a dict of string keys to strings, True/False
/// and tuples of non-negative integers.
struct LiteralParser {
  enum Value { case text(String), flag(Bool), tuple([Int]) }

  let bytes: [UInt8]
  let source: String
  var position = 0

  init(bytes: [UInt8], source: String) { self.bytes = bytes; self.source = source }

  func failure(_ reason: String) -> NpyError { .malformedHeader(source: source, reason: "\(reason) at header byte \(position)") }

  mutating func skipSpace() {
    while position < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[position]) { position += 1 }
  }

  mutating func expect(_ byte: UInt8) throws(NpyError) {
    skipSpace()
    guard position < bytes.count, bytes[position] == byte else { throw failure("expected '\(Character(Unicode.Scalar(byte)))'") }
    position += 1
  }

  mutating func peek(_ byte: UInt8) -> Bool {
    skipSpace()
    return position < bytes.count && bytes[position] == byte
  }

  mutating func dictionary() throws(NpyError) -> [(String, Value)] {
    try expect(UInt8(ascii: "{"))
    var entries: [(String, Value)] = []
    while !peek(UInt8(ascii: "}")) {
      let key = try string()
      try expect(UInt8(ascii: ":"))
      entries.append((key, try value()))
      if !peek(UInt8(ascii: "}")) { try expect(UInt8(ascii: ",")) }
    }
    position += 1
    skipSpace()
    guard position == bytes.count else { throw failure("unexpected text after the dict") }
    return entries
  }

  mutating func value() throws(NpyError) -> Value {
    skipSpace()
    guard position < bytes.count else { throw failure("the header ends where a value should be") }
    switch bytes[position] {
    case UInt8(ascii: "'"), UInt8(ascii: "\""): return .text(try string())
    case UInt8(ascii: "("): return .tuple(try tuple())
    default:
      for (word, flag) in [("True", true), ("False", false)] where bytes[position...].starts(with: Array(word.utf8)) {
        position += word.utf8.count
        return .flag(flag)
      }
      throw failure("expected a string, True, False or a tuple")
    }
  }

  mutating func string() throws(NpyError) -> String {
    skipSpace()
    guard position < bytes.count, bytes[position] == UInt8(ascii: "'") || bytes[position] == UInt8(ascii: "\"") else {
      throw failure("expected a quoted string")
    }
    let quote = bytes[position]
    position += 1
    let start = position
    while position < bytes.count, bytes[position] != quote {
      guard bytes[position] >= 0x20, bytes[position] < 0x7F, bytes[position] != UInt8(ascii: "\\") else {
        throw failure("unexpected byte in a string")
      }
      position += 1
    }
    guard position < bytes.count else { throw failure("unterminated string") }
    position += 1
    return String(decoding: bytes[start..<(position - 1)], as: UTF8.self)
  }

  /// `()`, `(n,)`, `(n, m)`, `(n, m,)`: non-negative integers below 2^62.
  mutating func tuple() throws(NpyError) -> [Int] {
    try expect(UInt8(ascii: "("))
    var items: [Int] = []
    while !peek(UInt8(ascii: ")")) {
      let start = position
      var value = 0
      while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) {
        guard value < 1 << 58 else { throw failure("shape entry too large") }
        value = value * 10 + Int(bytes[position] - UInt8(ascii: "0"))
        position += 1
      }
      guard position > start else { throw failure("expected a non-negative integer in the shape") }
      items.append(value)
      if !peek(UInt8(ascii: ")")) { try expect(UInt8(ascii: ",")) }
    }
    position += 1
    return items
  }
}
