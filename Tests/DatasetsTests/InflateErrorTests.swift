import Foundation
import Randomness
import Testing
@testable import Datasets

@Suite("Inflate and gzip: every error, truncation, corruption")
struct InflateErrorTests {
  @Test("[DATA-2] [DATA-3] reserved block type 3 and stored LEN/NLEN mismatch, with offsets")
  func blockHeaderErrors() {
    #expect(throws: DatasetError.badBlockType(source: "s", offset: 0, type: 3)) { try Inflate.decompress([0x07], source: "s") }
    // A stored block after one empty stored block: the error names the second block's LEN offset.
    let first: [UInt8] = [0x00, 0x00, 0x00, 0xFF, 0xFF]
    #expect(throws: DatasetError.storedLengthMismatch(source: "s", offset: 6, length: 5, complement: 0)) {
      try Inflate.decompress(first + [0x01, 0x05, 0x00, 0x00, 0x00], source: "s")
    }
  }

  @Test("[DATA-4] code-length validity: over-subscribed, incomplete, the allowed single code, empty distance code")
  func huffmanValidity() {
    func reason(_ lengths: [UInt8], _ kind: HuffmanTable.Kind) -> String? {
      switch HuffmanTable.build(lengths: lengths[...], kind: kind) {
      case .success: return nil
      case .failure(let r): return r.text
      }
    }
    #expect(reason([1, 1, 1], .literalLengths) == "over-subscribed")
    #expect(reason([1, 2], .literalLengths) == "incomplete")
    #expect(reason([2, 2, 2], .distances) == "incomplete")
    #expect(reason([1], .distances) == nil)  // RFC 1951: one distance code uses one bit
    #expect(reason([0, 1], .literalLengths) == nil)  // zlib accepts it for literal/length codes too
    #expect(reason([1], .codeLengths) == "incomplete")
    #expect(reason([0, 0], .distances) == nil)  // a block of literals only
    #expect(reason([0, 0], .codeLengths) == "no codes")
    #expect(reason([1, 1], .codeLengths) == nil)
    // Canonical codes: lengths (2, 1, 3, 3) give codes 10, 0, 110, 111 (RFC 1951 section 3.2.2 example style).
    let table = try! HuffmanTable.build(lengths: [2, 1, 3, 3][...], kind: .literalLengths).get()
    #expect(table.maxLength == 3)
    for (symbol, code, length) in [(0, 0b10, 2), (1, 0b0, 1), (2, 0b110, 3), (3, 0b111, 3)] {
      let index = HuffmanTable.reverseBits(code, count: length)
      #expect(Int(table.entries[index] >> 4) == symbol && Int(table.entries[index] & 15) == length)
    }
  }

  @Test("[DATA-2] [DATA-4] bad code lengths in a dynamic block header, each reason")
  func badCodeLengths() {
    func reason(_ stream: [UInt8]) -> String? {
      do { _ = try Inflate.decompress(stream); return nil } catch {
        if case let .badCodeLengths(_, _, reason) = error { return reason }
        return "other error: \(error)"
      }
    }
    #expect(reason(HandMadeDynamic.stream()) == nil)
    #expect(reason(HandMadeDynamic.stream(literalCount: 287)) == "287 literal/length and 1 distance codes (at most 286 and 30)")
    #expect(reason(HandMadeDynamic.stream(codeLengthLengths: [1: 1, 0: 1, 18: 1])) == "code-length code over-subscribed")
    #expect(reason(HandMadeDynamic.stream(codeLengthLengths: [1: 1, 0: 2])) == "code-length code incomplete")
    #expect(reason(HandMadeDynamic.stream(codeLengthLengths: [16: 1, 0: 2, 18: 2], startWithRepeat: true))
      == "repeat code 16 with no previous length")
    #expect(reason(HandMadeDynamic.stream(extraZeros: 5)) == "repeat runs past the 258 code lengths")
    #expect(reason(HandMadeDynamic.stream(endOfBlockLength: 0)) == "no end-of-block code")
  }

  @Test("[DATA-2] [DATA-3] invalid symbols (literal/length 286, distance 30) and a distance too far")
  func invalidSymbols() {
    func fixed(_ body: (inout BitWriter) -> Void) -> [UInt8] {
      var writer = BitWriter()
      writer.write(1, bits: 1)
      writer.write(1, bits: 2)
      body(&writer)
      writer.writeFixedLiteral(256)
      return writer.bytes
    }
    #expect(throws: DatasetError.invalidSymbol(source: "s", offset: 0, reason: "literal/length symbol 286 is reserved")) {
      try Inflate.decompress(fixed { $0.writeFixedLiteral(286) }, source: "s")
    }
    // 'x' (8 bits) then length 3 (7 bits): the distance code starts at bit 18, in byte 2.
    #expect(throws: DatasetError.invalidSymbol(source: "s", offset: 2, reason: "distance symbol 30 is reserved")) {
      try Inflate.decompress(fixed { $0.writeFixedLiteral(120); $0.writeFixedLiteral(257); $0.writeFixedDistance(30) },
                             source: "s")
    }
    #expect(throws: DatasetError.distanceTooFar(source: "s", offset: 2, distance: 2, available: 1)) {
      try Inflate.decompress(fixed { $0.writeFixedLiteral(120); $0.writeFixedLiteral(257); $0.writeFixedDistance(1) },
                             source: "s")
    }
    // A bit pattern that is no code: a dynamic block whose literal/length code is the single
    // one-bit code "0" for end-of-block (allowed, incomplete) meets the bit "1".
    let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
    var writer = BitWriter()
    writer.write(1, bits: 1)
    writer.write(2, bits: 2)
    writer.write(0, bits: 5)  // 257 literal/length codes
    writer.write(0, bits: 5)  // 1 distance code
    writer.write(14, bits: 4)  // 18 code-length code lengths
    for symbol in order.prefix(18) { writer.write([1: 1, 0: 2, 18: 2][symbol] ?? 0, bits: 3) }
    writer.writeCode(0b11, length: 2); writer.write(138 - 11, bits: 7)  // symbols 0-137: no code
    writer.writeCode(0b11, length: 2); writer.write(118 - 11, bits: 7)  // symbols 138-255: no code
    writer.writeCode(0, length: 1)  // end-of-block: length 1
    writer.writeCode(0, length: 1)  // the distance code: length 1
    writer.writeCode(1, length: 1)  // no code
    writer.write(0, bits: 8)
    do { _ = try Inflate.decompress(writer.bytes); Issue.record("no error") } catch {
      guard case .invalidSymbol(_, _, "bit pattern is no Huffman code") = error else { Issue.record("\(error)"); return }
    }
  }

  @Test("[DATA-2] [DATA-6] gzip header and trailer errors: magic, method, reserved flags, FHCRC, CRC-32, ISIZE")
  func gzipErrors() throws {
    let content = Array("checked".utf8)
    let good = TestSupport.gzipMember(deflate: TestSupport.storedDeflate(content), content: content)
    #expect(try Gzip.decompress(good) == content)
    func with(_ index: Int, _ value: UInt8, _ bytes: [UInt8] = good) -> [UInt8] { var b = bytes; b[index] = value; return b }
    #expect(throws: DatasetError.badHeader(source: "f", offset: 0, reason: "magic bytes 0x1f 0x8c instead of 0x1f 0x8b")) {
      try Gzip.decompress(with(1, 0x8C), source: "f")
    }
    #expect(throws: DatasetError.badHeader(source: "f", offset: 2,
                                           reason: "compression method 0x07 (only 0x08, deflate, exists)")) {
      try Gzip.decompress(with(2, 7), source: "f")
    }
    #expect(throws: DatasetError.badHeader(source: "f", offset: 3, reason: "reserved flag bits set in FLG = 0x20")) {
      try Gzip.decompress(with(3, 0x20), source: "f")
    }
    let hcrc = TestSupport.gzipMember(deflate: TestSupport.storedDeflate(content), content: content, flags: 0x02)
    let badHCRC = with(10, hcrc[10] ^ 1, hcrc)
    #expect(throws: DatasetError.self) { try Gzip.decompress(badHCRC) }
    do { _ = try Gzip.decompress(badHCRC); Issue.record("no error") } catch {
      guard case .checksumMismatch(_, 10, _, _) = error else { Issue.record("\(error)"); return }
    }
    let crcAt = good.count - 8
    let storedCRC = CRC32.checksum(content)
    #expect(throws: DatasetError.checksumMismatch(source: "f", offset: crcAt, expected: storedCRC ^ 1, computed: storedCRC)) {
      try Gzip.decompress(with(crcAt, good[crcAt] ^ 1), source: "f")
    }
    #expect(throws: DatasetError.lengthMismatch(source: "f", offset: crcAt + 4, expected: 8, computed: 7)) {
      try Gzip.decompress(with(crcAt + 4, 8), source: "f")
    }
    // Trailing bytes that are neither zero padding nor a member.
    #expect(throws: DatasetError.badHeader(source: "f", offset: good.count,
                                           reason: "magic bytes 0x01 0x02 instead of 0x1f 0x8b")) {
      try Gzip.decompress(good + [1, 2, 3], source: "f")
    }
    #expect(throws: DatasetError.truncated(source: "f", offset: 0)) { try Gzip.decompress([], source: "f") }
  }

  @Test("""
    [DATA-2] [DATA-6] zlib errors: method, check bits, preset dictionary, Adler-32, trailing bytes; \
    raw DEFLATE trailing bytes
    """)
  func zlibErrors() throws {
    let good = try TestSupport.golden("text.zlib")
    func with(_ index: Int, _ value: UInt8) -> [UInt8] { var b = good; b[index] = value; return b }
    #expect(throws: DatasetError.self) { try Zlib.decompress(with(0, 0x79)) }
    #expect(throws: DatasetError.badHeader(source: "z", offset: 1,
                                           reason: "header check bits: CMF * 256 + FLG = 30939 is not a multiple of 31")) {
      try Zlib.decompress(with(1, 0xDB), source: "z")
    }
    #expect(throws: DatasetError.badHeader(source: "z", offset: 1, reason: "preset dictionary (FDICT) is not supported")) {
      try Zlib.decompress([0x78, 0xBB] + good.dropFirst(2), source: "z")
    }
    do { _ = try Zlib.decompress(with(good.count - 1, good[good.count - 1] ^ 0x10)); Issue.record("no error") } catch {
      guard case .checksumMismatch(_, good.count - 4, _, _) = error else { Issue.record("\(error)"); return }
    }
    #expect(throws: DatasetError.format(file: "z", offset: good.count, reason: "1 bytes after the zlib stream")) {
      try Zlib.decompress(good + [0], source: "z")
    }
    #expect(throws: DatasetError.format(file: "r", offset: 5, reason: "2 bytes after the end of the DEFLATE stream")) {
      try Inflate.decompress(TestSupport.storedDeflate([]) + [0, 0], source: "r")
    }
  }

  @Test("[DATA-5] every truncation of small gzip, zlib and stored files throws truncated at the cut, never traps")
  func truncationAtEveryByte() throws {
    let stored = Array("stored block content".utf8)
    let files: [(String, [UInt8])] = [
      ("text-1.gz", try TestSupport.golden("text-1.gz")),
      ("text-9.gz", try TestSupport.golden("text-9.gz")),
      ("empty.gz", try TestSupport.golden("empty.gz")),
      ("stored", TestSupport.gzipMember(deflate: TestSupport.storedDeflate(stored, blockSize: 7), content: stored, flags: 0x1E)),
    ]
    for (name, bytes) in files {
      for cut in 0..<bytes.count {
        #expect(throws: DatasetError.truncated(source: name, offset: cut), "\(name) cut at \(cut)") {
          try Gzip.decompress(Array(bytes[0..<cut]), source: name)
        }
      }
    }
    let zlib = try TestSupport.golden("text.zlib")
    for cut in 0..<zlib.count {
      #expect(throws: DatasetError.truncated(source: "z", offset: cut), "zlib cut at \(cut)") {
        try Zlib.decompress(Array(zlib[0..<cut]), source: "z")
      }
    }
  }

  @Test("[DATA-5] random corruptions: an error or (when only unchecked header bytes changed) the original, never a trap")
  func randomCorruptions() throws {
    let text = try TestSupport.golden("text.txt")
    let random = try TestSupport.golden("random.bin")
    let files: [([UInt8], [UInt8])] = [
      (try TestSupport.golden("text-9.gz"), text), (try TestSupport.golden("text-1.gz"), text),
      (Array(try TestSupport.golden("random-1.gz")), random),
    ]
    var outcomes = [0, 0]  // [errors, successes]
    for seed in UInt64(0)..<400 {
      var rng = Xoshiro256StarStar(seed: seed)
      let (original, content) = files[Int(seed % 3)]
      var bytes = original
      // Bias corruptions towards the small compressed bodies; the random file gets fewer cases.
      for _ in 0..<(1 + Int(rng.next() % 3)) {
        let index = Int(rng.next() % UInt64(bytes.count))
        bytes[index] ^= UInt8(1 + rng.next() % 255)
      }
      do {
        let output = try Gzip.decompress(bytes)
        #expect(output == content, "seed \(seed): corrupted input inflated to different content without an error")
        outcomes[1] += 1
      } catch {
        outcomes[0] += 1
      }
    }
    #expect(outcomes[0] > 300, "most corruptions are detected: \(outcomes)")
  }
}
