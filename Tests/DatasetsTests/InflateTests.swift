import Foundation
import Testing
@testable import Datasets

@Suite("Inflate and gzip: correct output")
struct InflateTests {
  @Test("[DATA-6] committed files made by the system's gzip -1 and -9 inflate to their inputs")
  func goldenGzipFiles() throws {
    let text = try TestSupport.golden("text.txt")
    let random = try TestSupport.golden("random.bin")
    for (file, expected) in [("text-1.gz", text), ("text-9.gz", text), ("random-1.gz", random), ("random-9.gz", random),
                             ("empty.gz", [])] {
      let (data, headers) = try Gzip.decode(try TestSupport.golden(file), source: file)
      #expect(data == expected, "\(file)")
      #expect(headers.count == 1)
      #expect(headers.first?.fileName != nil, "gzip records the input's name (FNAME) in \(file)")
    }
    let (multi, headers) = try Gzip.decode(try TestSupport.golden("multi.gz"))
    #expect(multi == text + random)
    #expect(headers.map { $0.fileName.map { String(decoding: $0, as: UTF8.self) } } == ["text.txt", "random.bin"])
  }

  @Test("[DATA-3] the committed files exercise stored (random data) and dynamic Huffman (text) blocks")
  func blockTypesCovered() throws {
    // The first block's BTYPE sits in bits 1-2 of the first byte after the header.
    func firstBlockType(_ gz: [UInt8]) -> Int {
      var start = 10
      while gz[start] != 0 { start += 1 }  // FNAME
      return Int(gz[start + 1] >> 1) & 3
    }
    #expect(firstBlockType(try TestSupport.golden("random-9.gz")) == 0)
    #expect(firstBlockType(try TestSupport.golden("text-9.gz")) == 2)
  }

  @Test("[DATA-6] zlib stream made by Python's zlib.compress inflates, Adler-32 checked")
  func goldenZlib() throws {
    #expect(try Zlib.decompress(try TestSupport.golden("text.zlib")) == (try TestSupport.golden("text.txt")))
  }

  /// Skipped (and reported as skipped) where no gzip executable exists; the committed golden
  /// files made by gzip still run everywhere.
  @Test("[DATA-3] the system's gzip at -1 and -9 on random and repetitive data, many sizes and seeds",
        .enabled(if: TestSupport.gzipTool != nil, "needs the system's gzip"))
  func systemGzipRoundTrips() throws {
    let directory = try TestSupport.temporaryDirectory()
    defer { TestSupport.cleanUp(directory) }
    let sizes = [0, 1, 2, 17, 258, 1000, 40_000, 150_000]
    for (index, size) in sizes.enumerated() {
      let seed = UInt64(100 + index)
      for content in [TestSupport.randomBytes(size, seed: seed), TestSupport.repetitiveBytes(size, seed: seed)] {
        for level in [1, 9] {
          let gz = try TestSupport.systemGzip(content, level: level, in: directory)
          let inflated = try Gzip.decompress(gz)
          #expect(inflated == content, "size \(size), seed \(seed), level -\(level)")
          // The same DEFLATE body through the raw decoder.
          #expect(try Inflate.decompress(TestSupport.deflateBody(ofGzip: gz)) == content, "raw, size \(size), seed \(seed)")
        }
      }
    }
  }

  @Test("[DATA-3] stored blocks built by hand (several blocks, empty block, byte alignment after a header)")
  func storedBlocks() throws {
    let content = TestSupport.randomBytes(70_000, seed: 3)
    #expect(try Inflate.decompress(TestSupport.storedDeflate(content)) == content)
    #expect(try Inflate.decompress(TestSupport.storedDeflate(content, blockSize: 1000)) == content)
    #expect(try Inflate.decompress(TestSupport.storedDeflate([])) == [])
    let gz = TestSupport.gzipMember(deflate: TestSupport.storedDeflate(content, blockSize: 30_000), content: content)
    #expect(try Gzip.decompress(gz) == content)
  }

  @Test("[DATA-3] fixed-Huffman block built by hand: literals, an overlapping match, a far match")
  func fixedBlock() throws {
    var writer = BitWriter()
    writer.write(1, bits: 1)  // BFINAL
    writer.write(1, bits: 2)  // BTYPE = fixed
    for byte in Array("ab".utf8) + [200] { writer.writeFixedLiteral(Int(byte)) }
    // Length 10 (symbol 264), distance 1 (symbol 0): repeats the last byte ten times (overlap).
    writer.writeFixedLiteral(264)
    writer.writeFixedDistance(0)
    // Length 258 (symbol 285), distance 13 = base 13 (symbol 7) with one extra bit 0.
    writer.writeFixedLiteral(285)
    writer.writeFixedDistance(7)
    writer.write(0, bits: 2)
    writer.writeFixedLiteral(256)
    var expected: [UInt8] = Array("ab".utf8) + [200] + [UInt8](repeating: 200, count: 10)
    for _ in 0..<258 { expected.append(expected[expected.count - 13]) }
    #expect(try Inflate.decompress(writer.bytes) == expected)
  }

  @Test("[DATA-4] dynamic block built by hand with a single one-bit distance code (allowed incomplete)")
  func dynamicBlock() throws {
    #expect(try Inflate.decompress(HandMadeDynamic.stream()) == Array("aaaa".utf8))
  }

  @Test("[DATA-6] gzip header fields FEXTRA, FNAME, FCOMMENT, FHCRC and FTEXT are parsed and checked")
  func headerFlags() throws {
    let content = Array("header flags".utf8)
    let body = TestSupport.storedDeflate(content)
    for flags: UInt8 in [0x00, 0x01, 0x02, 0x04, 0x08, 0x10, 0x1F, 0x1E] {
      let gz = TestSupport.gzipMember(deflate: body, content: content, flags: flags, extra: [9, 8, 7, 6])
      let (data, headers) = try Gzip.decode(gz)
      #expect(data == content, "flags \(flags)")
      let header = try #require(headers.first)
      #expect(header.flags == flags)
      #expect(header.modificationTime == 0x1234_5678)
      #expect(header.operatingSystem == 3)
      #expect(header.extra == (flags & 0x04 != 0 ? [9, 8, 7, 6] : nil))
      #expect(header.fileName == (flags & 0x08 != 0 ? Array("name.txt".utf8) : nil))
      #expect(header.comment == (flags & 0x10 != 0 ? Array("a comment".utf8) : nil))
    }
  }

  @Test("[DATA-6] members concatenated, zero padding after a member skipped, matches stay within a member")
  func multipleMembers() throws {
    let first = Array("first member".utf8)
    let second = TestSupport.randomBytes(3000, seed: 11)
    let a = TestSupport.gzipMember(deflate: TestSupport.storedDeflate(first), content: first)
    let b = TestSupport.gzipMember(deflate: TestSupport.storedDeflate(second), content: second, flags: 0x1E)
    #expect(try Gzip.decompress(a + b + a) == first + second + first)
    #expect(try Gzip.decompress(a + [0, 0, 0] + b + [0]) == first + second)
    // A match at the very start of the second member may not reach into the first.
    var writer = BitWriter()
    writer.write(1, bits: 1)
    writer.write(1, bits: 2)
    writer.writeFixedLiteral(257)  // length 3
    writer.writeFixedDistance(0)  // distance 1
    writer.writeFixedLiteral(256)
    let reaching = TestSupport.gzipMember(deflate: writer.bytes, content: [UInt8](repeating: UInt8(ascii: "r"), count: 3))
    #expect(throws: DatasetError.distanceTooFar(source: "<bytes>", offset: a.count + 11, distance: 1, available: 0)) {
      try Gzip.decompress(a + reaching)
    }
  }

  @Test("[DATA-6] the shared MNIST test labels and images inflate to the published SHA-256 (when ../shared is present)")
  func sharedMNISTChecksums() throws {
    let labels = TestSupport.sharedMNIST.appendingPathComponent("t10k-labels.idx1-ubyte.gz")
    guard FileManager.default.fileExists(atPath: labels.path) else { return }
    let data = try Gzip.decompress(try DataFile.read(labels), source: labels.path)
    #expect(SHA256.hexDigest(data) == "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2")
    let images = TestSupport.sharedMNIST.appendingPathComponent("t10k-images.idx3-ubyte.gz")
    let pixels = try Gzip.decompress(try DataFile.read(images), source: images.path)
    #expect(SHA256.hexDigest(pixels) == "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7")
  }
}

/// The hand-made dynamic block of the tests: literal/length code {97: "0", 256: "1"}, one
/// distance code of length 1, sent with the code-length code {1: "0", 0: "10", 18: "11"}.
enum HandMadeDynamic {
  /// The stream, with optional changes for the error tests.
  static func stream(literalCount: Int = 257, codeLengthLengths: [Int: Int] = [1: 1, 0: 2, 18: 2],
                     startWithRepeat: Bool = false, endOfBlockLength: Int = 1, extraZeros: Int = 0) -> [UInt8] {
    let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
    var writer = BitWriter()
    writer.write(1, bits: 1)
    writer.write(2, bits: 2)
    writer.write(literalCount - 257, bits: 5)
    writer.write(0, bits: 5)  // one distance code
    writer.write(18 - 4, bits: 4)  // code-length code lengths for the first 18 symbols of `order`
    for symbol in order.prefix(18) { writer.write(codeLengthLengths[symbol] ?? 0, bits: 3) }
    // Canonical codes of the code-length code {1: 0, 0: 10, 18: 11}.
    func one() { writer.writeCode(0, length: 1) }
    func zeros(_ n: Int) { writer.writeCode(0b11, length: 2); writer.write(n - 11, bits: 7) }
    if startWithRepeat { writer.writeCode(0, length: 1); writer.write(0, bits: 2) }  // symbol 16 when 16 has code "0"
    zeros(97)
    one()  // 'a'
    zeros(138)  // 158 zeros take two runs (at most 138 each)
    zeros(20 + extraZeros)
    if endOfBlockLength == 1 { one() } else { writer.writeCode(0b10, length: 2) }  // 256
    one()  // the distance code
    for _ in 0..<4 { writer.writeCode(0, length: 1) }  // "aaaa"
    writer.writeCode(1, length: 1)  // end of block
    return writer.bytes
  }
}
