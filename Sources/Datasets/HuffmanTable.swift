/// A canonical Huffman code (RFC 1951 section 3.2.2) as a single-level lookup table (DATA-4).
///
/// Codes are assigned from the code lengths alone: shorter codes first, and within one length in
/// symbol order. DEFLATE sends Huffman codes starting from their most significant bit, but the
/// bit reader delivers the stream least-significant-bit first, so the table is indexed by the
/// next `maxLength` stream bits and a code c of length L (bit-reversed) fills every index whose
/// low L bits equal reverse(c): 2^(maxLength - L) entries. Decoding is then one lookup.
///
/// Entry layout: `symbol << 4 | length`; length 0 marks a bit pattern that is no code (possible
/// only in the incomplete codes allowed below).
///
/// Validity (as zlib decides it): an over-subscribed set of lengths is refused; an incomplete one
/// too, except the single code of length 1 that RFC 1951 allows for one distance code (zlib
/// also accepts it for literal/length codes), and except a distance code with no codes at all (a
/// block of literals only). The code-length code must be complete.
struct HuffmanTable: Sendable {
  let entries: [UInt16]
  /// The longest code length; the table has 2^maxLength entries.
  let maxLength: Int
  let mask: UInt64

  enum Kind { case codeLengths, literalLengths, distances }

  /// Builds the table, or returns a reason why the lengths are not a valid code.
  static func build(lengths: ArraySlice<UInt8>, kind: Kind) -> Result<HuffmanTable, Reason> {
    var lengthCounts = [Int](repeating: 0, count: 16)
    for length in lengths { lengthCounts[Int(length)] += 1 }
    lengthCounts[0] = 0
    let maxLength = lengthCounts.lastIndex { $0 > 0 } ?? 0
    if maxLength == 0 {
      // No codes at all: only a distance code may be empty (it is then never used).
      guard kind == .distances else { return .failure(Reason("no codes")) }
      return .success(HuffmanTable(entries: [0], maxLength: 0, mask: 0))
    }
    // Kraft: `left` counts the unused codes of each length; negative means over-subscribed.
    var left = 1
    for length in 1...15 {
      left = left * 2 - lengthCounts[length]
      if left < 0 { return .failure(Reason("over-subscribed")) }
    }
    if left > 0 && (kind == .codeLengths || maxLength != 1) {
      return .failure(Reason("incomplete"))
    }
    // First code of each length (RFC 1951: next_code).
    var nextCode = [Int](repeating: 0, count: 16)
    var code = 0
    for length in 1...15 {
      code = (code + lengthCounts[length - 1]) << 1
      nextCode[length] = code
    }
    var entries = [UInt16](repeating: 0, count: 1 << maxLength)
    for (symbol, length) in zip(0..., lengths.map(Int.init)) where length > 0 {
      let reversed = reverseBits(nextCode[length], count: length)
      nextCode[length] += 1
      let entry = UInt16(symbol << 4 | length)
      for index in stride(from: reversed, to: entries.count, by: 1 << length) { entries[index] = entry }
    }
    return .success(HuffmanTable(entries: entries, maxLength: maxLength, mask: UInt64(entries.count - 1)))
  }

  /// Why a set of lengths is not a valid code.
  struct Reason: Error { let text: String; init(_ text: String) { self.text = text } }

  /// The low `count` bits of `value` in reverse order.
  static func reverseBits(_ value: Int, count: Int) -> Int {
    var result = 0
    var rest = value
    for _ in 0..<count {
      result = result << 1 | rest & 1
      rest >>= 1
    }
    return result
  }

  /// The fixed literal/length code of RFC 1951 section 3.2.6 (lengths 8, 9, 7, 8 for 0-143,
  /// 144-255, 256-279, 280-287) and the fixed distance code (32 codes of length 5).
  static let fixedLiteralLengths: HuffmanTable = {
    let lengths = [UInt8](repeating: 8, count: 144) + [UInt8](repeating: 9, count: 112)
      + [UInt8](repeating: 7, count: 24) + [UInt8](repeating: 8, count: 8)
    return try! build(lengths: lengths[...], kind: .literalLengths).get()
  }()
  static let fixedDistances: HuffmanTable =
    try! build(lengths: [UInt8](repeating: 5, count: 32)[...], kind: .distances).get()
}

extension BitReader {
  /// Decodes one symbol with `table`; the caller has refilled. Throws when the bits are no code
  /// or when the code runs past the end of the input.
  @inline(__always)
  mutating func decode(_ table: HuffmanTable) throws(DatasetError) -> Int {
    let entry = table.entries[Int(truncatingIfNeeded: buffer & table.mask)]
    let length = Int(entry & 15)
    guard length != 0, length <= count else {
      // Past the end of the input the buffer is padded with zeros: if the real bits were too few
      // to decide, the stream was cut short, not corrupt.
      if count < table.maxLength { throw truncation }
      throw .invalidSymbol(source: source, offset: offset, reason: "bit pattern is no Huffman code")
    }
    drop(length)
    return Int(entry >> 4)
  }
}
