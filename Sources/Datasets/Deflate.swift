/// A DEFLATE encoder (RFC 1951) and its zlib container (RFC 1950): the writing twin of
/// ``Inflate`` and ``Zlib`` (DATA-61), used for the PNG figures the project writes (DATA-60).
///
/// Two block kinds, as named variants:
/// - `.stored`: the input cut into stored blocks of at most 65,535 bytes (BTYPE 00: the header
///   bits, padding to the byte boundary, LEN and NLEN = ~LEN little-endian, the raw bytes); an
///   empty input is one final stored block of length 0.
/// - `.fixedHuffman`: one block with the fixed codes of RFC 1951 3.2.6 (BTYPE 01). Matches are
///   found greedily: at each position the last `chainLimit` earlier positions with the same next
///   three bytes (a hash chain over a 32 KiB window) are compared, the longest match of length
///   3...258 wins (the nearest on equal lengths), and a literal is written when none reaches 3.
///
/// Properties: `Inflate.decompress(compress(x, m)) == x` for every x and mode (tested, also
/// against files inflated by zlib); the output is a function of the input alone. Huffman codes
/// are packed most-significant bit first into the least-significant-first bit stream, extra bits
/// least-significant first, as RFC 1951 3.1.1 requires.
public enum Deflate {
  public enum Mode: Sendable, Equatable {
    case stored
    case fixedHuffman(chainLimit: Int = 32)
  }

  /// The raw DEFLATE stream of `bytes`.
  public static func compress(_ bytes: [UInt8], mode: Mode = .fixedHuffman()) -> [UInt8] {
    var writer = BitPacker()
    switch mode {
    case .stored: writeStored(bytes, into: &writer)
    case let .fixedHuffman(chainLimit): writeFixed(bytes, chainLimit: Swift.max(1, chainLimit), into: &writer)
    }
    return writer.finish()
  }

  static func writeStored(_ bytes: [UInt8], into writer: inout BitPacker) {
    var start = 0
    repeat {
      let end = Swift.min(bytes.count, start + 65_535)
      writer.write(end == bytes.count ? 1 : 0, bits: 1)
      writer.write(0, bits: 2)
      writer.alignToByte()
      let length = end - start
      writer.writeByte(UInt8(length & 0xFF)); writer.writeByte(UInt8(length >> 8))
      writer.writeByte(UInt8(~length & 0xFF)); writer.writeByte(UInt8((~length >> 8) & 0xFF))
      for i in start..<end { writer.writeByte(bytes[i]) }
      start = end
    } while start < bytes.count
  }

  /// Base lengths of length symbols 257...285 and their extra bits (RFC 1951 3.2.5).
  static let lengthBase = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258
  ]
  static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
  /// Base distances of distance symbols 0...29 and their extra bits.
  static let distanceBase = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073,
    4097, 6145, 8193, 12289, 16385, 24577
  ]
  static let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]

  /// The fixed literal/length code of `symbol` (0...287) as (code, length).
  static func fixedCode(_ symbol: Int) -> (code: Int, length: Int) {
    switch symbol {
    case 0...143: return (0x30 + symbol, 8)
    case 144...255: return (0x190 + symbol - 144, 9)
    case 256...279: return (symbol - 256, 7)
    default: return (0xC0 + symbol - 280, 8)
    }
  }

  /// Writes a Huffman code most-significant bit first.
  static func writeCode(_ code: Int, length: Int, into writer: inout BitPacker) {
    var reversed = 0
    for i in 0..<length { reversed |= ((code >> i) & 1) << (length - 1 - i) }
    writer.write(UInt64(reversed), bits: length)
  }

  static func writeFixed(_ bytes: [UInt8], chainLimit: Int, into writer: inout BitPacker) {
    writer.write(1, bits: 1)  // BFINAL
    writer.write(1, bits: 2)  // BTYPE 01, fixed codes
    let n = bytes.count, window = 32_768, hashSize = 1 << 15
    var head = [Int](repeating: -1, count: hashSize)
    var previous = [Int](repeating: -1, count: n)
    func hash(_ i: Int) -> Int { (Int(bytes[i]) << 10 ^ Int(bytes[i + 1]) << 5 ^ Int(bytes[i + 2])) & (hashSize - 1) }
    func insert(_ i: Int) {
      guard i + 2 < n else { return }
      let h = hash(i)
      previous[i] = head[h]
      head[h] = i
    }
    var i = 0
    while i < n {
      var bestLength = 0, bestDistance = 0
      if i + 2 < n {
        var candidate = head[hash(i)], tries = 0
        while candidate >= 0, i - candidate <= window, tries < chainLimit {
          var length = 0
          while length < 258, i + length < n, bytes[candidate + length] == bytes[i + length] { length += 1 }
          if length > bestLength { (bestLength, bestDistance) = (length, i - candidate) }
          candidate = previous[candidate]
          tries += 1
        }
      }
      if bestLength >= 3 {
        writeLength(bestLength, into: &writer)
        writeDistance(bestDistance, into: &writer)
        for j in i..<(i + bestLength) { insert(j) }
        i += bestLength
      } else {
        let (code, length) = fixedCode(Int(bytes[i]))
        writeCode(code, length: length, into: &writer)
        insert(i)
        i += 1
      }
    }
    let (code, length) = fixedCode(256)
    writeCode(code, length: length, into: &writer)
  }

  static func writeLength(_ length: Int, into writer: inout BitPacker) {
    var s = lengthBase.count - 1
    while lengthBase[s] > length { s -= 1 }
    let (code, bits) = fixedCode(257 + s)
    writeCode(code, length: bits, into: &writer)
    writer.write(UInt64(length - lengthBase[s]), bits: lengthExtra[s])
  }

  static func writeDistance(_ distance: Int, into writer: inout BitPacker) {
    var s = distanceBase.count - 1
    while distanceBase[s] > distance { s -= 1 }
    writeCode(s, length: 5, into: &writer)
    writer.write(UInt64(distance - distanceBase[s]), bits: distanceExtra[s])
  }

  /// The zlib stream (RFC 1950) of `bytes`: CMF 0x78 (DEFLATE, 32 KiB window), FLG 0x01 (fastest
  /// level, no dictionary; 0x7801 is a multiple of 31), the DEFLATE stream, the big-endian Adler-32.
  public static func zlib(_ bytes: [UInt8], mode: Mode = .fixedHuffman()) -> [UInt8] {
    let adler = Adler32.checksum(bytes)
    return [0x78, 0x01] + compress(bytes, mode: mode) + [24, 16, 8, 0].map { UInt8((adler >> UInt32($0)) & 0xFF) }
  }
}

/// Bits written least-significant first into bytes (RFC 1951 3.1.1), the writing twin of
/// `BitReader`.
struct BitPacker {
  private(set) var bytes: [UInt8] = []
  private var buffer: UInt64 = 0
  private var count = 0

  /// Appends the low `bits` bits of `value` (bits <= 32).
  mutating func write(_ value: UInt64, bits: Int) {
    guard bits > 0 else { return }
    buffer |= (value & ((1 << UInt64(bits)) - 1)) << UInt64(count)
    count += bits
    while count >= 8 {
      bytes.append(UInt8(buffer & 0xFF))
      buffer >>= 8
      count -= 8
    }
  }

  /// Pads with zero bits to the next byte boundary.
  mutating func alignToByte() {
    if count > 0 { write(0, bits: 8 - count) }
  }

  mutating func writeByte(_ byte: UInt8) { write(UInt64(byte), bits: 8) }

  /// The bytes, the last one padded with zero bits.
  mutating func finish() -> [UInt8] {
    alignToByte()
    return bytes
  }
}
