/// A DEFLATE decoder (RFC 1951), written for this project (DATA-3).
///
/// A stream is a sequence of blocks, each starting with BFINAL (1 bit) and BTYPE (2 bits):
/// 0 stored (byte-aligned LEN, NLEN = ~LEN, then LEN raw bytes), 1 fixed Huffman codes, 2 dynamic
/// Huffman codes (code lengths sent first, themselves Huffman-coded), 3 reserved (an error).
/// Huffman blocks carry literals (0-255), end-of-block (256) and length codes (257-285) each
/// followed by a distance code (0-29): "copy `length` bytes from `distance` bytes back".
///
/// Errors carry the byte offset of the bit where decoding failed (``DatasetError``): truncated,
/// reserved block type, stored LEN/NLEN mismatch, bad code lengths, invalid symbols, distance
/// before the start of the output. Nothing traps on any input (DATA-5).
public enum Inflate {
  /// Inflates a raw DEFLATE stream that fills `bytes` exactly (trailing bytes are an error).
  public static func decompress(_ bytes: [UInt8], source: String = "<bytes>") throws(DatasetError) -> [UInt8] {
    try bytes.withUnsafeBufferPointer { (input) throws(DatasetError) -> [UInt8] in
      var bits = BitReader(input: input, source: source)
      var sink = ByteSink(capacity: 4 * input.count)
      defer { sink.release() }
      try inflateStream(&bits, into: &sink, memberStart: 0)
      guard bits.isAtEnd else {
        throw .format(file: source, offset: bits.position,
                      reason: "\(input.count - bits.position) bytes after the end of the DEFLATE stream")
      }
      return sink.array()
    }
  }

  /// Inflates one DEFLATE stream starting at the reader's position, appending to `sink`. Matches
  /// may reach back only to `memberStart` (the start of this stream's output). On return the
  /// reader is byte-aligned just after the stream.
  static func inflateStream(_ bits: inout BitReader, into sink: inout ByteSink, memberStart: Int) throws(DatasetError) {
    var isFinal = false
    while !isFinal {
      let headerOffset = bits.offset
      isFinal = try bits.read(1) == 1
      switch try bits.read(2) {
      case 0:
        try copyStoredBlock(&bits, into: &sink)
      case 1:
        try inflateBlock(&bits, into: &sink, memberStart: memberStart,
                         literals: HuffmanTable.fixedLiteralLengths, distances: HuffmanTable.fixedDistances)
      case 2:
        let (literals, distances) = try readDynamicCodes(&bits)
        try inflateBlock(&bits, into: &sink, memberStart: memberStart, literals: literals, distances: distances)
      default:
        throw .badBlockType(source: bits.source, offset: headerOffset, type: 3)
      }
    }
    bits.alignToByte()
  }

  /// A stored block: skip to the byte boundary, LEN and NLEN (little-endian 16 bits each), then
  /// LEN bytes copied as they are.
  static func copyStoredBlock(_ bits: inout BitReader, into sink: inout ByteSink) throws(DatasetError) {
    bits.alignToByte()
    let offset = bits.offset
    let length = Int(try bits.readLittleEndian(byteCount: 2))
    let complement = Int(try bits.readLittleEndian(byteCount: 2))
    guard length == ~complement & 0xFFFF else {
      throw .storedLengthMismatch(source: bits.source, offset: offset, length: length, complement: complement)
    }
    sink.append(contentsOf: try bits.skipBytes(length))
  }

  /// The order in which the code-length code's lengths are sent (RFC 1951 section 3.2.7).
  static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

  /// Reads a dynamic block's header: HLIT, HDIST, HCLEN, the code-length code, then the
  /// run-length-coded literal/length and distance code lengths (16: repeat the previous length
  /// 3-6 times; 17: 3-10 zeros; 18: 11-138 zeros; repeats may cross from one code to the other).
  static func readDynamicCodes(_ bits: inout BitReader) throws(DatasetError) -> (HuffmanTable, HuffmanTable) {
    let offset = bits.offset
    let source = bits.source
    let literalCount = try bits.read(5) + 257
    let distanceCount = try bits.read(5) + 1
    let codeLengthCount = try bits.read(4) + 4
    guard literalCount <= 286, distanceCount <= 30 else {
      throw .badCodeLengths(source: source, offset: offset,
                            reason: "\(literalCount) literal/length and \(distanceCount) distance codes (at most 286 and 30)")
    }
    var codeLengthLengths = [UInt8](repeating: 0, count: 19)
    for index in 0..<codeLengthCount { codeLengthLengths[codeLengthOrder[index]] = UInt8(try bits.read(3)) }
    let codeLengthCode: HuffmanTable
    switch HuffmanTable.build(lengths: codeLengthLengths[...], kind: .codeLengths) {
    case .success(let table): codeLengthCode = table
    case .failure(let reason): throw .badCodeLengths(source: source, offset: offset, reason: "code-length code \(reason.text)")
    }

    let total = literalCount + distanceCount
    var lengths = [UInt8]()
    lengths.reserveCapacity(total)
    while lengths.count < total {
      bits.refill()
      let symbolOffset = bits.offset
      let symbol = try bits.decode(codeLengthCode)
      var value: UInt8 = 0
      var repeats = 1
      switch symbol {
      case 0...15: value = UInt8(symbol)
      case 16:
        guard let previous = lengths.last else {
          throw .badCodeLengths(source: source, offset: symbolOffset, reason: "repeat code 16 with no previous length")
        }
        value = previous
        repeats = 3 + (try bits.take(2))
      case 17: repeats = 3 + (try bits.take(3))
      default: repeats = 11 + (try bits.take(7))
      }
      guard lengths.count + repeats <= total else {
        throw .badCodeLengths(source: source, offset: symbolOffset, reason: "repeat runs past the \(total) code lengths")
      }
      lengths.append(contentsOf: repeatElement(value, count: repeats))
    }
    guard lengths[256] != 0 else {
      throw .badCodeLengths(source: source, offset: offset, reason: "no end-of-block code")
    }
    let literals: HuffmanTable
    let distances: HuffmanTable
    switch HuffmanTable.build(lengths: lengths[0..<literalCount], kind: .literalLengths) {
    case .success(let table): literals = table
    case .failure(let reason): throw .badCodeLengths(source: source, offset: offset, reason: "literal/length code \(reason.text)")
    }
    switch HuffmanTable.build(lengths: lengths[literalCount...], kind: .distances) {
    case .success(let table): distances = table
    case .failure(let reason): throw .badCodeLengths(source: source, offset: offset, reason: "distance code \(reason.text)")
    }
    return (literals, distances)
  }

  /// Length codes 257...285: base length and number of extra bits (RFC 1951 section 3.2.5).
  static let lengthBase: [Int] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
                                  35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
  static let lengthExtraBits: [Int] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
                                       3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
  /// Distance codes 0...29: base distance and number of extra bits.
  static let distanceBase: [Int] = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
                                    257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
                                    8193, 12289, 16385, 24577]
  static let distanceExtraBits: [Int] = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6,
                                         7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]

  /// Decodes the symbols of one Huffman block until end-of-block (the hot loop).
  static func inflateBlock(_ bits: inout BitReader, into sink: inout ByteSink, memberStart: Int,
                           literals: HuffmanTable, distances: HuffmanTable) throws(DatasetError) {
    while true {
      // One refill covers the longest symbol pair: 15 + 5 + 15 + 13 = 48 bits.
      bits.refill()
      sink.reserve(258)
      let symbolOffset = bits.offset
      let symbol = try bits.decode(literals)
      if symbol < 256 {
        sink.append(UInt8(truncatingIfNeeded: symbol))
        continue
      }
      if symbol == 256 { return }
      guard symbol <= 285 else {
        throw .invalidSymbol(source: bits.source, offset: symbolOffset, reason: "literal/length symbol \(symbol) is reserved")
      }
      let lengthIndex = symbol &- 257
      let length = lengthBase[lengthIndex] &+ (try bits.take(lengthExtraBits[lengthIndex]))
      let distanceOffset = bits.offset
      let distanceSymbol = try bits.decode(distances)
      guard distanceSymbol < 30 else {
        throw .invalidSymbol(source: bits.source, offset: distanceOffset, reason: "distance symbol \(distanceSymbol) is reserved")
      }
      let distance = distanceBase[distanceSymbol] &+ (try bits.take(distanceExtraBits[distanceSymbol]))
      let available = sink.count &- memberStart
      guard distance <= available else {
        throw .distanceTooFar(source: bits.source, offset: distanceOffset, distance: distance, available: available)
      }
      sink.appendMatch(distance: distance, length: length)
    }
  }
}
