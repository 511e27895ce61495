/// Why a .npy file was refused (FMT-22). Every case names the file (`source`: a path, or a label
/// for bytes that came from elsewhere) and what was wrong, so that a user with many files knows
/// which one to fix.
public enum NpyError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The file could not be read or written (missing, a directory, no permission).
  case cannotAccess(source: String, reason: String)
  /// The first six bytes are not "\x93NUMPY".
  case notNpy(source: String)
  /// A format version other than 1.0, 2.0 or 3.0.
  case unsupportedVersion(source: String, major: UInt8, minor: UInt8)
  /// The header is cut short, is not the Python dict literal the format prescribes, or lacks a key.
  case malformedHeader(source: String, reason: String)
  /// A dtype this reader does not take (accepted: float64, float32, int64, int32, uint8, either byte order).
  case unsupportedType(source: String, descr: String)
  /// The data section is shorter or longer than the shape and dtype require.
  case wrongDataLength(source: String, expected: Int, actual: Int)
  /// More elements than the caller allows (the oracle's scalar budget), or a shape whose product overflows.
  case tooLarge(source: String, elements: String, limit: Int)
  /// An int64 value a double cannot hold exactly (|x| > 2^53); converting it would change it silently.
  case inexactInteger(source: String, index: Int, value: Int64)
  /// Writing: element `index` cannot be stored exactly in the requested dtype.
  case notRepresentable(source: String, index: Int, value: Double, descr: String)

  public var description: String {
    switch self {
    case let .cannotAccess(source, reason): return "\(source): cannot access the file: \(reason)"
    case let .notNpy(source): return "\(source): not a .npy file (it does not start with \\x93NUMPY)"
    case let .unsupportedVersion(source, major, minor):
      return "\(source): .npy format version \(major).\(minor) is not supported (1.0, 2.0, 3.0 are)"
    case let .malformedHeader(source, reason): return "\(source): malformed .npy header: \(reason)"
    case let .unsupportedType(source, descr):
      return
        "\(source): dtype '\(descr)' is not supported (accepted: float64, float32, int64, int32, uint8, little- or big-endian)"
    case let .wrongDataLength(source, expected, actual):
      return "\(source): the data section has \(actual) bytes, the header's shape and dtype need \(expected)"
    case let .tooLarge(source, elements, limit): return "\(source): \(elements) elements, more than the limit of \(limit)"
    case let .inexactInteger(source, index, value):
      return "\(source): int64 element \(index) = \(value) is not exactly representable as a double"
    case let .notRepresentable(source, index, value, descr):
      return "\(source): element \(index) = \(value) cannot be stored exactly as '\(descr)'"
    }
  }
}
