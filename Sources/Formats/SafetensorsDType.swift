/// The element types of a safetensors file (FMT-2), by their header names. Every one is read into
/// a `Double` exactly (I64 and U64 only within +-2^53, beyond which a double cannot hold every
/// integer); F64, F32 and I64 are also written.
///
/// Byte layouts, all little-endian: F64 IEEE binary64; F32 binary32; F16 binary16 (1 sign,
/// 5 exponent, 10 fraction bits); BF16 the upper half of a binary32 (1, 8, 7); I64 ... I8 two's
/// complement; U8 unsigned; BOOL one byte, 0 (false) or 1 (true), read as 0.0 and 1.0.
public enum SafetensorsDType: String, CaseIterable, Sendable {
  case F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL

  /// Bytes per element.
  public var size: Int {
    switch self {
    case .F64, .I64: return 8
    case .F32, .I32: return 4
    case .F16, .BF16, .I16: return 2
    case .I8, .U8, .BOOL: return 1
    }
  }

  /// Whether ``SafetensorsFile/serialized()`` writes this type.
  public var isWritable: Bool { self == .F64 || self == .F32 || self == .I64 }

  /// The largest integer magnitude every smaller one of which a double holds exactly.
  static let exactIntegerLimit: Int64 = 1 << 53

  /// The element at `offset` (from the start of `raw`) as a double, or a reason it has none.
  @inline(__always)
  func decode(_ raw: UnsafeRawBufferPointer, at offset: Int) -> Result<Double, DecodeProblem> {
    switch self {
    case .F64:
      return .success(Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))))
    case .F32:
      return .success(Double(Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))))
    case .F16: return .success(Self.half(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt16.self))))
    case .BF16:
      let bits = UInt32(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt16.self))) << 16
      return .success(Double(Float(bitPattern: bits)))
    case .I64:
      let v = Int64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: Int64.self))
      guard v.magnitude <= UInt64(Self.exactIntegerLimit) else { return .failure(.inexactInteger(v)) }
      return .success(Double(v))
    case .I32: return .success(Double(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: Int32.self))))
    case .I16: return .success(Double(Int16(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: Int16.self))))
    case .I8: return .success(Double(raw.load(fromByteOffset: offset, as: Int8.self)))
    case .U8: return .success(Double(raw[offset]))
    case .BOOL:
      let byte = raw[offset]
      guard byte <= 1 else { return .failure(.notBoolean(byte)) }
      return .success(Double(byte))
    }
  }

  enum DecodeProblem: Error {
    case inexactInteger(Int64)
    case notBoolean(UInt8)

    var reason: String {
      switch self {
      case let .inexactInteger(v): return "integer \(v) is beyond +-2^53, where a double cannot hold it exactly"
      case let .notBoolean(b): return "BOOL byte \(b) is neither 0 nor 1"
      }
    }
  }

  /// binary16 to double, exactly: subnormals and infinities included; every NaN reads as NaN.
  static func half(_ bits: UInt16) -> Double {
    let sign: Double = bits & 0x8000 != 0 ? -1 : 1
    let exponent = Int((bits >> 10) & 0x1F)
    let fraction = Double(bits & 0x3FF)
    switch exponent {
    case 0: return sign * fraction * 0x1p-24                       // zero and subnormals: f 2^-24
    case 0x1F: return fraction == 0 ? sign * .infinity : .nan
    default: return sign * (1 + fraction / 1024) * Double(sign: .plus, exponent: exponent - 15, significand: 1)
    }
  }

  /// The little-endian bytes of `value` in this type (F64, F32, I64 only), or the reason it
  /// cannot be written: F32 rounds to nearest (ties to even) but a finite value beyond its range
  /// is refused; I64 takes integral values in [-2^63, 2^63) only.
  func encode(_ value: Double, into bytes: inout [UInt8]) -> String? {
    func append<T: FixedWidthInteger>(_ word: T) {
      withUnsafeBytes(of: word.littleEndian) { bytes.append(contentsOf: $0) }
    }
    switch self {
    case .F64: append(value.bitPattern)
    case .F32:
      let single = Float(value)
      if value.isFinite && !single.isFinite { return "\(value) is beyond the range of F32" }
      append(single.bitPattern)
    case .I64:
      guard value == value.rounded(), value >= -0x1p63, value < 0x1p63 else {
        return "\(value) is not an integer in [-2^63, 2^63)"
      }
      append(Int64(value))
    default: return "\(rawValue) is read only; write F64, F32 or I64"
    }
    return nil
  }
}
