/// CRC-32 as gzip (RFC 1952 section 8) and zip use it (DATA-6): the reflected polynomial
/// 0xEDB88320, initial value 0xFFFFFFFF, final complement. Property: CRC-32("123456789") =
/// 0xCBF43926.
///
/// Table-driven, one byte per step: crc = table[(crc ^ byte) & 0xFF] ^ (crc >> 8), where table[i]
/// is the CRC register after shifting byte i through eight polynomial divisions.
public enum CRC32 {
  static let table: [UInt32] = (0..<256).map { index in
    var crc = UInt32(index)
    for _ in 0..<8 { crc = (crc & 1 == 1) ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    return crc
  }

  /// The CRC-32 of `bytes`.
  public static func checksum(_ bytes: [UInt8]) -> UInt32 {
    bytes.withUnsafeBufferPointer { update(0, $0) }
  }

  /// Extends a running CRC (start from 0) over more bytes; `update(update(0, a), b)` equals the
  /// checksum of a followed by b.
  public static func update(_ crc: UInt32, _ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
    table.withUnsafeBufferPointer { table in
      var register = ~crc
      for byte in bytes {
        register = table[Int((register ^ UInt32(byte)) & 0xFF)] ^ (register >> 8)
      }
      return ~register
    }
  }
}

/// Adler-32 as zlib (RFC 1950 section 9) uses it (DATA-6): a = 1 + sum of bytes, b = sum of the
/// successive values of a, both modulo 65521; checksum = b << 16 | a. Property:
/// Adler-32("Wikipedia") = 0x11E60398.
public enum Adler32 {
  /// The Adler-32 of `bytes`.
  public static func checksum(_ bytes: [UInt8]) -> UInt32 {
    bytes.withUnsafeBufferPointer { update(1, $0) }
  }

  /// Extends a running Adler-32 (start from 1) over more bytes.
  public static func update(_ adler: UInt32, _ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
    var a = adler & 0xFFFF
    var b = adler >> 16
    // 5552 is the largest run for which b cannot overflow 32 bits before the reduction (zlib's NMAX).
    var start = 0
    while start < bytes.count {
      let end = min(start + 5552, bytes.count)
      for index in start..<end {
        a &+= UInt32(bytes[index])
        b &+= a
      }
      a %= 65521
      b %= 65521
      start = end
    }
    return b << 16 | a
  }
}
