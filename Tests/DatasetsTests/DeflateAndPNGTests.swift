import Foundation
import Randomness
import Testing
@testable import Datasets

@Suite("DEFLATE encoder, PNG writer and reader, data search")
struct DeflateAndPNGTests {
  /// Inputs with long runs, repeats at every distance class, random bytes and the empty input.
  static func inputs(seed: UInt64) -> [[UInt8]] {
    var g = Xoshiro256StarStar(seed: seed)
    let random = (0..<3000).map { _ in UInt8(g.next() & 0xFF) }
    let runs = (0..<70_000).map { UInt8(($0 / 300) % 3) }
    let text = Array(String(repeating: "the quick brown fox jumps over the lazy dog; ", count: 200).utf8)
    let far = random + [UInt8](repeating: 9, count: 30_000) + random  // a match 33,000 bytes back: beyond the window
    return [[], [42], random, runs, text, far, Array(random.prefix(2))]
  }

  @Test("[DATA-61] compress then inflate gives the input back, stored and fixed-Huffman, raw and in zlib", arguments: 0..<4)
  func roundTrip(seed: UInt64) throws {
    for input in Self.inputs(seed: seed) {
      for mode in [Deflate.Mode.stored, .fixedHuffman(), .fixedHuffman(chainLimit: 1)] {
        let raw = Deflate.compress(input, mode: mode)
        #expect(try Inflate.decompress(raw) == input, "seed \(seed), \(input.count) bytes, \(mode)")
        #expect(try Zlib.decompress(Deflate.zlib(input, mode: mode)) == input)
      }
    }
  }

  @Test(
    "[DATA-61] stored blocks hold at most 65,535 bytes each; fixed codes compress runs; the output is a function of the input")
  func sizes() {
    let runs = [UInt8](repeating: 0, count: 100_000)
    let stored = Deflate.compress(runs, mode: .stored)
    #expect(stored.count == 100_000 + 2 * 5, "two blocks of 5 header bytes each")
    #expect(stored[0] == 0 && stored[65_535 + 5] == 1, "BFINAL only on the last block")
    #expect(Deflate.compress(runs).count < 700, "about 13 bits per match of 258 bytes")
    #expect(Deflate.compress([]) == Deflate.compress([]) && Deflate.compress([], mode: .stored) == [1, 0, 0, 0xFF, 0xFF])
    let z = Deflate.zlib([UInt8]("Wikipedia".utf8), mode: .stored)
    #expect(Array(z.prefix(2)) == [0x78, 0x01] && Array(z.suffix(4)) == [0x11, 0xE6, 0x03, 0x98], "Adler-32 big-endian (DATA-6)")
  }

  @Test("[DATA-60] [DATA-62] PNG: written grey and RGB images decode to the same pixels; chunks carry their CRC-32")
  func pngRoundTrip() throws {
    var g = Xoshiro256StarStar(seed: 3)
    for (w, h, c) in [(1, 1, 1), (28, 28, 1), (32, 32, 3), (5, 3, 3)] {
      let image = try PNGImage(width: w, height: h, channels: c, pixels: (0..<(w * h * c)).map { _ in UInt8(g.next() & 0xFF) })
      for mode in [Deflate.Mode.stored, .fixedHuffman()] {
        let bytes = image.encoded(mode: mode)
        #expect(Array(bytes.prefix(8)) == PNGImage.signature)
        #expect(String(decoding: bytes[12..<16], as: UTF8.self) == "IHDR")
        let headerCRC = bytes[29..<33].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        #expect(headerCRC == CRC32.checksum(Array(bytes[12..<29])))
        #expect(try PNGImage.decode(bytes) == image)
      }
    }
  }

  @Test("[DATA-62] PNG files compressed by Python's zlib with all five row filters decode to their pixels (Fixtures/golden/png)")
  func goldenPNG() throws {
    let folder = TestSupport.fixtures.appendingPathComponent("golden/png")
    let meta =
      try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("pixels.json"))) as! [String: Any]
    for name in ["rgb_filters.png", "grey_paeth.png"] {
      let expected = meta[name] as! [String: Any]
      let image = try PNGImage.decode([UInt8](try Data(contentsOf: folder.appendingPathComponent(name))), source: name)
      #expect(
        image.width == expected["width"] as! Int && image.height == expected["height"] as! Int
          && image.channels == expected["channels"] as! Int)
      #expect(image.pixels == (expected["pixels"] as! [Int]).map { UInt8($0) }, "\(name)")
    }
  }

  @Test("[DATA-62] [DATA-5] damaged PNG files are typed errors: signature, CRC, truncation, unsupported header")
  func pngErrors() throws {
    let good = try PNGImage(width: 2, height: 2, channels: 1, pixels: [0, 64, 128, 255]).encoded()
    var badSignature = good; badSignature[1] = 0
    var badCRC = good; badCRC[30] ^= 1
    var depth16 = good; depth16[24] = 16
    for (bytes, text) in [(badSignature, "not a PNG signature"), (badCRC, "checksum"), (Array(good.prefix(40)), "truncated")] {
      do { _ = try PNGImage.decode(bytes, source: "f.png"); Issue.record("accepted: \(text)") } catch {
        #expect("\(error)".contains("f.png"), "\(error)")
      }
    }
    #expect(throws: DatasetError.self) { try PNGImage.decode(depth16) }
    for cut in 0..<good.count { #expect(throws: DatasetError.self) { try PNGImage.decode(Array(good.prefix(cut))) } }
    #expect(throws: DatasetError.self) { try PNGImage(width: 2, height: 2, channels: 2, pixels: [0, 0, 0, 0, 0, 0, 0, 0]) }
  }

  @Test(
    "[DATA-63] data search: absent lists where it looked, a part of a data set names what is missing, subdirectories in order")
  func dataSearch() throws {
    let root = try TestSupport.temporaryDirectory()
    defer { TestSupport.cleanUp(root) }
    let files = [["a.bin", "a.bin.gz"], ["b.bin"]]
    let empty = try DataSearch.locate(dataSet: "X", files: files, directories: [root], subdirectories: ["x", ""])
    #expect(empty == .absent(searched: [root.appendingPathComponent("x").path, root.path]))
    try FileManager.default.createDirectory(at: root.appendingPathComponent("x"), withIntermediateDirectories: true)
    try TestSupport.write([1], to: root.appendingPathComponent("x/a.bin.gz"))
    do {
      _ = try DataSearch.locate(dataSet: "X", files: files, directories: [root], subdirectories: ["x", ""]);
      Issue.record("partial accepted")
    } catch {
      #expect("\(error)".contains("holds part of X but not b.bin"), "\(error)")
    }
    try TestSupport.write([2], to: root.appendingPathComponent("x/b.bin"))
    #expect(try DataSearch.locate(dataSet: "X", files: files, directories: [root], subdirectories: ["x", ""])
            == .found(root.appendingPathComponent("x", isDirectory: true)))
  }
}
