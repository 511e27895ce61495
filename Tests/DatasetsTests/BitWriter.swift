/// Builds DEFLATE bit streams by hand for the tests: `write` packs a value least-significant bit
/// first (header fields, extra bits); `writeCode` packs a Huffman code most-significant bit first,
/// as RFC 1951 section 3.1.1 prescribes.
struct BitWriter {
  private(set) var bytes: [UInt8] = []
  private var bitCount = 0

  mutating func write(_ value: Int, bits: Int) {
    for i in 0..<bits {
      if bitCount % 8 == 0 { bytes.append(0) }
      if (value >> i) & 1 == 1 { bytes[bytes.count - 1] |= UInt8(1 << (bitCount % 8)) }
      bitCount += 1
    }
  }

  mutating func writeCode(_ code: Int, length: Int) {
    for i in stride(from: length - 1, through: 0, by: -1) { write((code >> i) & 1, bits: 1) }
  }

  /// The fixed literal/length code of symbol (RFC 1951 section 3.2.6).
  mutating func writeFixedLiteral(_ symbol: Int) {
    switch symbol {
    case 0...143: writeCode(0b0011_0000 + symbol, length: 8)
    case 144...255: writeCode(0b1_1001_0000 + symbol - 144, length: 9)
    case 256...279: writeCode(symbol - 256, length: 7)
    default: writeCode(0b1100_0000 + symbol - 280, length: 8)
    }
  }

  /// A fixed-code distance symbol (five bits).
  mutating func writeFixedDistance(_ symbol: Int) { writeCode(symbol, length: 5) }
}
