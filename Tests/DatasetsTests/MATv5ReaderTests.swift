import Foundation
import Testing
import Tensors
@testable import Datasets

/// The MAT v5 reader and SVHN's files (DATA-70, DATA-71), against files scipy wrote (Fixtures/svhn).
@Suite("MAT v5 and SVHN")
struct MATv5ReaderTests {
  static func bytes(_ name: String) throws -> [UInt8] {
    try DataFile.read(TestSupport.fixtures.appendingPathComponent("svhn/\(name)"))
  }

  /// X[r, c, ch, i] of make_svhn_slice.py.
  static func x(_ r: Int, _ c: Int, _ ch: Int, _ i: Int) -> Double {
    Double(((r + 4 * c + 12 * ch + 36 * i) % 256 + (i == 4 ? 200 : 0)) % 256)
  }

  @Test("[DATA-70] scipy's compressed and plain MAT 5 files give the same arrays: uint8 X, double y, int16 z, a scalar",
        arguments: ["svhn_compressed.mat", "svhn_plain.mat"])
  func arrays(file: String) throws {
    let arrays = try MATv5Reader.arrays(try Self.bytes(file), source: file)
    #expect(arrays.map(\.name).sorted() == ["X", "s", "y", "z"])
    let x = try #require(arrays.first { $0.name == "X" })
    #expect(x.dimensions == [4, 3, 3, 5] && x.className == "uint8")
    var expected: [Double] = []
    for i in 0..<5 { for ch in 0..<3 { for c in 0..<3 { for r in 0..<4 { expected.append(Self.x(r, c, ch, i)) } } } }
    #expect(x.values == expected)
    #expect(arrays.first { $0.name == "y" }?.values == [1, 10, 3, 10, 7])
    let z = try #require(arrays.first { $0.name == "z" })
    #expect(z.className == "int16" && z.dimensions == [2, 2] && z.values == [-3, 5, 4, -300])
    #expect(arrays.first { $0.name == "s" }?.values == [2.5])
  }

  @Test("[DATA-71] SVHN: images as channel-row-column rows, label 10 read as digit 0, limit keeps the first images")
  func svhn() throws {
    let data = try SVHNReader.dataset(
      try Self.bytes("svhn_compressed.mat"), source: "svhn_compressed.mat", name: "SVHN", limit: 4)
    #expect(data.count == 4 && data.labels == [1, 0, 3, 0] && data.sampleShape == [3, 4, 3])
    for i in 0..<4 { for ch in 0..<3 { for r in 0..<4 { for c in 0..<3 {
      #expect(data.features.scalars[i * 36 + (ch * 4 + r) * 3 + c] == Self.x(r, c, ch, i))
    } } } }
  }

  @Test("[DATA-70] bad MAT files are refused with the byte: truncated, big-endian, a corrupted compressed element; nothing traps")
  func errors() throws {
    let good = try Self.bytes("svhn_compressed.mat")
    #expect(throws: DatasetError.self) { try MATv5Reader.arrays(Array(good.prefix(100)), source: "t") }
    var swapped = good
    (swapped[126], swapped[127]) = (UInt8(ascii: "M"), UInt8(ascii: "I"))
    #expect(throws: DatasetError.self) { try MATv5Reader.arrays(swapped, source: "t") }
    for cut in stride(from: 129, to: good.count, by: 7) {
      #expect(throws: DatasetError.self) { try MATv5Reader.arrays(Array(good.prefix(cut)), source: "t") }
    }
    var corrupted = good
    corrupted[140] ^= 0xFF
    #expect(throws: DatasetError.self) { try MATv5Reader.arrays(corrupted, source: "t") }
    #expect(throws: DatasetError.self) {
      try SVHNReader.dataset(try Self.bytes("svhn_plain.mat").prefix(300).map { $0 }, source: "t", name: "t")
    }
  }
}

@Suite("Data set rows as images")
struct DatasetImageTests {
  @Test("[DATA-72] a row becomes an 8-bit image: channel-major to interleaved RGB, rounded and clamped; other shapes refused")
  func pngImage() throws {
    let rgb = try Dataset(
      name: "t", features: try Tensor(shape: [1, 12], scalars: [0, 1.4, 1.6, 300, 10, 20, 30, 40, -5, 7, 8, 9]),
      labels: [0], classNames: ["a"], sampleShape: [3, 2, 2])
    let image = try rgb.pngImage(0)
    #expect(image.width == 2 && image.height == 2 && image.channels == 3)
    #expect(image.pixels == [0, 10, 0, 1, 20, 7, 2, 30, 8, 255, 40, 9])
    let grey = try Dataset(name: "g", features: Tensor.ones([2, 4]), labels: [0, 0], classNames: ["a"], sampleShape: [2, 2])
    #expect(try grey.pngImage(1).pixels == [1, 1, 1, 1])
    #expect(throws: DatasetError.self) { try grey.pngImage(2) }
    let flat = try Dataset(name: "f", features: Tensor.ones([1, 4]), labels: [0], classNames: ["a"])
    #expect(throws: DatasetError.self) { try flat.pngImage(0) }
  }
}
