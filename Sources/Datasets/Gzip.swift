/// The header fields of one gzip member (RFC 1952 section 2.3).
public struct GzipHeader: Equatable, Sendable {
  /// FLG bits as stored.
  public var flags: UInt8
  /// Modification time (Unix seconds; 0 when not recorded).
  public var modificationTime: UInt32
  public var extraFlags: UInt8
  public var operatingSystem: UInt8
  /// FEXTRA payload, if present.
  public var extra: [UInt8]?
  /// FNAME (ISO 8859-1 bytes, without the terminating zero), if present.
  public var fileName: [UInt8]?
  /// FCOMMENT, if present.
  public var comment: [UInt8]?
}

/// A gzip decoder (RFC 1952) over the project's own DEFLATE decoder (DATA-6).
///
/// A file is one or more members, each: ID1 ID2 = 1f 8b, CM = 8 (deflate), FLG, MTIME (4), XFL,
/// OS; then, as FLG says, FEXTRA (bit 2: XLEN, XLEN bytes), FNAME (bit 3: zero-terminated),
/// FCOMMENT (bit 4: zero-terminated), FHCRC (bit 1: the low 16 bits of the CRC-32 of the header
/// so far); then a DEFLATE stream; then CRC-32 and ISIZE (inflated length mod 2^32), both
/// little-endian. FLG bits 5-7 are reserved and must be zero. The output is the members'
/// outputs concatenated; a back-reference may not reach into a previous member.
///
/// After a member, zero bytes are skipped (padding, as Python's gzip module and GNU gzip accept);
/// anything else must be another member.
public enum Gzip {
  /// True when `bytes` start with the gzip magic 1f 8b.
  public static func hasMagic(_ bytes: [UInt8]) -> Bool {
    bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
  }

  /// The inflated content of all members.
  public static func decompress(_ bytes: [UInt8], source: String = "<bytes>") throws(DatasetError) -> [UInt8] {
    try decode(bytes, source: source).data
  }

  /// The inflated content and every member's header.
  public static func decode(_ bytes: [UInt8], source: String = "<bytes>") throws(DatasetError)
    -> (data: [UInt8], headers: [GzipHeader])
  {
    try bytes.withUnsafeBufferPointer { (input) throws(DatasetError) -> ([UInt8], [GzipHeader]) in
      var bits = BitReader(input: input, source: source)
      var sink = ByteSink(capacity: outputSizeHint(input))
      defer { sink.release() }
      var headers: [GzipHeader] = []
      repeat {
        headers.append(try readHeader(&bits))
        let memberStart = sink.count
        try Inflate.inflateStream(&bits, into: &sink, memberStart: memberStart)
        let trailerOffset = bits.offset
        let storedCRC = try bits.readLittleEndian(byteCount: 4)
        let storedSize = try bits.readLittleEndian(byteCount: 4)
        let output = sink.view(memberStart..<sink.count)
        let crc = CRC32.update(0, output)
        guard crc == storedCRC else {
          throw .checksumMismatch(source: source, offset: trailerOffset, expected: storedCRC, computed: crc)
        }
        let size = UInt32(truncatingIfNeeded: output.count)
        guard size == storedSize else {
          throw .lengthMismatch(source: source, offset: trailerOffset + 4, expected: storedSize, computed: size)
        }
        bits.alignToByte()
        while bits.position < input.count && input[bits.position] == 0 { _ = try bits.skipBytes(1) }
      } while bits.position < input.count
      return (sink.array(), headers)
    }
  }

  /// A starting capacity for the output: the last member's ISIZE (exact for one-member files
  /// under 4 GiB), capped by DEFLATE's largest expansion (about 1032:1) and by 256 MiB so that a
  /// corrupt trailer cannot request absurd memory (the sink grows beyond the hint as needed).
  static func outputSizeHint(_ input: UnsafeBufferPointer<UInt8>) -> Int {
    guard input.count >= 18 else { return 4096 }
    let n = input.count
    let isize = Int(input[n - 4]) | Int(input[n - 3]) << 8 | Int(input[n - 2]) << 16 | Int(input[n - 1]) << 24
    return min(isize, 1032 * n, 1 << 28)
  }

  /// Reads and checks one member header, leaving the reader at the DEFLATE stream.
  static func readHeader(_ bits: inout BitReader) throws(DatasetError) -> GzipHeader {
    bits.alignToByte()
    let start = bits.position
    let source = bits.source
    let id1 = try bits.read(8)
    let id2 = try bits.read(8)
    guard id1 == 0x1F, id2 == 0x8B else {
      throw .badHeader(source: source, offset: start, reason: "magic bytes \(hexByte(id1)) \(hexByte(id2)) instead of 0x1f 0x8b")
    }
    let method = try bits.read(8)
    guard method == 8 else {
      throw .badHeader(source: source, offset: start + 2,
                       reason: "compression method \(hexByte(method)) (only 0x08, deflate, exists)")
    }
    let flags = UInt8(try bits.read(8))
    guard flags & 0xE0 == 0 else {
      throw .badHeader(source: source, offset: start + 3, reason: "reserved flag bits set in FLG = \(hexByte(Int(flags)))")
    }
    var header = GzipHeader(flags: flags, modificationTime: try bits.readLittleEndian(byteCount: 4),
                            extraFlags: UInt8(try bits.read(8)), operatingSystem: UInt8(try bits.read(8)))
    if flags & 0x04 != 0 {
      let length = Int(try bits.readLittleEndian(byteCount: 2))
      header.extra = Array(try bits.skipBytes(length))
    }
    if flags & 0x08 != 0 { header.fileName = try readZeroTerminated(&bits) }
    if flags & 0x10 != 0 { header.comment = try readZeroTerminated(&bits) }
    if flags & 0x02 != 0 {
      bits.alignToByte()
      let headerBytes = UnsafeBufferPointer(rebasing: bits.input[start..<bits.position])
      let crcOffset = bits.position
      let stored = UInt32(try bits.readLittleEndian(byteCount: 2))
      let computed = CRC32.update(0, headerBytes) & 0xFFFF
      guard stored == computed else {
        throw .checksumMismatch(source: source, offset: crcOffset, expected: stored, computed: computed)
      }
    }
    return header
  }

  /// A byte in the form every header message uses: 0x followed by two lowercase hex digits (DATA-31).
  static func hexByte(_ value: Int) -> String {
    let digits = String(value, radix: 16)
    return "0x" + (digits.count < 2 ? "0" : "") + digits
  }

  /// Bytes up to a zero byte, which is consumed and not returned.
  static func readZeroTerminated(_ bits: inout BitReader) throws(DatasetError) -> [UInt8] {
    var bytes: [UInt8] = []
    while true {
      let byte = UInt8(try bits.read(8))
      if byte == 0 { return bytes }
      bytes.append(byte)
    }
  }
}

/// A zlib decoder (RFC 1950) over the project's DEFLATE decoder (DATA-6): CMF (CM = 8,
/// CINFO <= 7), FLG with (CMF * 256 + FLG) a multiple of 31 and FDICT unset (preset dictionaries
/// are refused), a DEFLATE stream, and the big-endian Adler-32 of the output. Trailing bytes are
/// an error.
public enum Zlib {
  public static func decompress(_ bytes: [UInt8], source: String = "<bytes>") throws(DatasetError) -> [UInt8] {
    try bytes.withUnsafeBufferPointer { (input) throws(DatasetError) -> [UInt8] in
      var bits = BitReader(input: input, source: source)
      var sink = ByteSink(capacity: 4 * input.count)
      defer { sink.release() }
      let cmf = try bits.read(8)
      let flg = try bits.read(8)
      guard cmf & 0x0F == 8, cmf >> 4 <= 7 else {
        throw .badHeader(source: source, offset: 0,
                         reason: "CMF \(Gzip.hexByte(cmf)): method must be 8 with a window of at most 32 KiB")
      }
      guard (cmf << 8 | flg) % 31 == 0 else {
        throw .badHeader(source: source, offset: 1,
                         reason: "header check bits: CMF * 256 + FLG = \(cmf << 8 | flg) is not a multiple of 31")
      }
      guard flg & 0x20 == 0 else {
        throw .badHeader(source: source, offset: 1, reason: "preset dictionary (FDICT) is not supported")
      }
      try Inflate.inflateStream(&bits, into: &sink, memberStart: 0)
      let trailerOffset = bits.offset
      let stored = try bits.readBigEndian32()
      let computed = Adler32.update(1, sink.view(0..<sink.count))
      guard stored == computed else {
        throw .checksumMismatch(source: source, offset: trailerOffset, expected: stored, computed: computed)
      }
      bits.alignToByte()
      guard bits.isAtEnd else {
        throw .format(file: source, offset: bits.position, reason: "\(input.count - bits.position) bytes after the zlib stream")
      }
      return sink.array()
    }
  }
}
