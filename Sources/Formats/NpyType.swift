/// The element types of .npy files this project reads and writes (FMT-21): numpy's dtype string
/// `descr` is a byte-order character ('<' little, '>' big, '|' not applicable, '=' native) and a
/// kind-and-size code ('f8' float64, 'f4' float32, 'i8' int64, 'i4' int32, 'u1' uint8).
public struct NpyType: Equatable, Sendable, CustomStringConvertible {
  public enum Kind: String, CaseIterable, Sendable {
    case float64 = "f8", float32 = "f4", int64 = "i8", int32 = "i4", uint8 = "u1"

    /// Bytes per element.
    public var size: Int {
      switch self {
      case .float64, .int64: return 8
      case .float32, .int32: return 4
      case .uint8: return 1
      }
    }
  }

  public var kind: Kind
  public var bigEndian: Bool

  public init(_ kind: Kind, bigEndian: Bool = false) {
    self.kind = kind
    self.bigEndian = kind == .uint8 ? false : bigEndian
  }

  public static let float64 = NpyType(.float64)

  /// numpy's spelling: '<f8', '>i4', '|u1'.
  public var description: String { (kind == .uint8 ? "|" : bigEndian ? ">" : "<") + kind.rawValue }

  /// Parses a descr; nil for anything this project does not take.
  public init?(descr: String) {
    guard descr.count == 3, let order = descr.first, let kind = Kind(rawValue: String(descr.dropFirst())) else { return nil }
    let hostBigEndian = 1.bigEndian == 1
    switch order {
    case "<": self.init(kind, bigEndian: false)
    case ">": self.init(kind, bigEndian: true)
    case "=": self.init(kind, bigEndian: hostBigEndian)
    case "|" where kind == .uint8: self.init(kind)
    default: return nil
    }
  }

  /// The element at `offset` of `bytes` as a double; int64 values beyond 2^53 in magnitude return
  /// nil (a double cannot hold them exactly).
  func value(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Double? {
    func word<T: FixedWidthInteger>(_: T.Type) -> T {
      var raw: T = 0
      withUnsafeMutableBytes(of: &raw) {
        $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + T.bitWidth / 8)]))
      }
      return bigEndian ? T(bigEndian: raw) : T(littleEndian: raw)
    }
    switch kind {
    case .float64: return Double(bitPattern: word(UInt64.self))
    case .float32: return Double(Float(bitPattern: word(UInt32.self)))
    case .int64:
      let x = word(Int64.self)
      return x.magnitude <= 1 << 53 ? Double(x) : nil
    case .int32: return Double(word(Int32.self))
    case .uint8: return Double(bytes[offset])
    }
  }

  /// The bytes of `x` in this type (the writer's inverse of `value`), or nil when the type cannot
  /// hold `x` exactly (a fraction or an out-of-range value for the integers, a value float32 rounds).
  func bytes(of x: Double) -> [UInt8]? {
    func encode<T: FixedWidthInteger>(_ raw: T) -> [UInt8] {
      withUnsafeBytes(of: bigEndian ? raw.bigEndian : raw.littleEndian) { Array($0) }
    }
    switch kind {
    case .float64: return encode(x.bitPattern)
    case .float32:
      let f = Float(x)
      return Double(f) == x || x.isNaN ? encode(f.bitPattern) : nil
    case .int64: return Int64(exactly: x).map(encode)
    case .int32: return Int32(exactly: x).map(encode)
    case .uint8: return UInt8(exactly: x).map { [$0] }
    }
  }
}
