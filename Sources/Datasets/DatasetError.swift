/// Every way the Datasets module can refuse its input (DATA-2). Each case carries where the problem
/// is (file name, 1-based line and column, or 0-based byte offset) and what was wrong, so the
/// message alone says what to fix. A reader that throws never returns a partially filled data set.
///
/// `source` is the file name (or a label such as `"<bytes>"` for in-memory input). Byte offsets of
/// compressed-stream errors count from the start of the whole input (for gzip: the file).
public enum DatasetError: Error, Equatable, Sendable, CustomStringConvertible {
  // MARK: Data set validation (DATA-1)

  /// Features, labels or names whose sizes disagree, or features that are not a matrix.
  case shape(dataset: String, reason: String)
  /// A label outside `0..<classCount`.
  case labelOutOfRange(dataset: String, row: Int, label: Int, classCount: Int)
  /// A NaN or infinity among the features.
  case nonFiniteFeature(dataset: String, row: Int, column: Int, value: Double)

  // MARK: Files (DATA-11)

  /// None of the candidate names exists in any searched directory; `searched` lists every full
  /// path that was tried, in order.
  case fileNotFound(names: [String], searched: [String])
  /// The file exists but could not be read.
  case unreadable(file: String, reason: String)

  // MARK: Compressed streams (DATA-3 ... DATA-6)

  /// The input ended before the stream did; `offset` is the input length.
  case truncated(source: String, offset: Int)
  /// A DEFLATE block header with BTYPE = 3 (reserved).
  case badBlockType(source: String, offset: Int, type: Int)
  /// A stored block whose LEN is not the complement of NLEN.
  case storedLengthMismatch(source: String, offset: Int, length: Int, complement: Int)
  /// Code lengths that do not form a valid prefix code (over-subscribed, incomplete, a repeat with
  /// nothing to repeat, too many codes, no end-of-block code).
  case badCodeLengths(source: String, offset: Int, reason: String)
  /// A bit pattern that is no code, or a code for a symbol DEFLATE does not allow (literal/length
  /// 286 or 287, distance 30 or 31).
  case invalidSymbol(source: String, offset: Int, reason: String)
  /// A back-reference reaching before the start of the member's output.
  case distanceTooFar(source: String, offset: Int, distance: Int, available: Int)
  /// A gzip or zlib header that is not valid (magic, method, reserved flags, header check).
  case badHeader(source: String, offset: Int, reason: String)
  /// A CRC-32 (gzip) or Adler-32 (zlib) trailer that does not match the inflated data.
  case checksumMismatch(source: String, offset: Int, expected: UInt32, computed: UInt32)
  /// A gzip ISIZE trailer that does not equal the inflated length modulo 2^32.
  case lengthMismatch(source: String, offset: Int, expected: UInt32, computed: UInt32)

  // MARK: Readers (DATA-7 ... DATA-10)

  /// A text-format problem at a 1-based line and column (CSV field or text token).
  case parse(file: String, line: Int, column: Int, reason: String)
  /// A row with the wrong number of fields.
  case ragged(file: String, line: Int, expected: Int, got: Int)
  /// A binary-format problem at a byte offset (IDX magic, dimensions, CIFAR record label...).
  case format(file: String, offset: Int, reason: String)
  /// A label that is not among the known classes.
  case unknownLabel(file: String, line: Int, label: String, known: [String])
  /// An argument outside its documented domain (a negative limit, an empty class list...).
  case invalidArgument(operation: String, reason: String)

  public var description: String {
    switch self {
    case let .shape(d, r): return "data set \(d): \(r)"
    case let .labelOutOfRange(d, row, l, k): return "data set \(d): row \(row) has label \(l), outside 0..<\(k)"
    case let .nonFiniteFeature(d, row, c, v): return "data set \(d): feature [\(row), \(c)] is \(v)"
    case let .fileNotFound(names, searched):
      return "none of \(names) found; looked at:\n" + searched.map { "  " + $0 }.joined(separator: "\n")
    case let .unreadable(f, r): return "\(f): cannot read (\(r))"
    case let .truncated(s, o): return "\(s): truncated at byte \(o)"
    case let .badBlockType(s, o, t): return "\(s): byte \(o): reserved DEFLATE block type \(t)"
    case let .storedLengthMismatch(s, o, l, c):
      return "\(s): byte \(o): stored block LEN \(l) is not the complement of NLEN \(c)"
    case let .badCodeLengths(s, o, r): return "\(s): byte \(o): bad Huffman code lengths (\(r))"
    case let .invalidSymbol(s, o, r): return "\(s): byte \(o): \(r)"
    case let .distanceTooFar(s, o, d, a):
      return "\(s): byte \(o): distance \(d) reaches before the output start (\(a) bytes written)"
    case let .badHeader(s, o, r): return "\(s): byte \(o): bad header (\(r))"
    case let .checksumMismatch(s, o, e, c):
      return "\(s): byte \(o): checksum mismatch (stored \(hex(e)), computed \(hex(c)))"
    case let .lengthMismatch(s, o, e, c): return "\(s): byte \(o): length mismatch (stored \(e), inflated \(c) mod 2^32)"
    case let .parse(f, l, c, r): return "\(f):\(l):\(c): \(r)"
    case let .ragged(f, l, e, g): return "\(f):\(l): \(g) fields, expected \(e)"
    case let .format(f, o, r): return "\(f): byte \(o): \(r)"
    case let .unknownLabel(f, l, label, known): return "\(f):\(l): unknown label \"\(label)\" (known: \(known))"
    case let .invalidArgument(op, r): return "\(op): \(r)"
    }
  }
}

private func hex(_ value: UInt32) -> String {
  let digits = String(value, radix: 16)
  return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
}
