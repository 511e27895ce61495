import Foundation
import Testing
@testable import Datasets

@Suite("IDX reader")
struct IDXReaderTests {
  /// An IDX file of unsigned bytes with the given extents and contents.
  static func idx(_ dimensions: [Int], _ bytes: [UInt8]) -> [UInt8] {
    var file: [UInt8] = [0, 0, 0x08, UInt8(dimensions.count)]
    for extent in dimensions { file += (0..<4).map { UInt8(truncatingIfNeeded: extent >> (24 - 8 * $0)) } }
    return file + bytes
  }

  @Test("[DATA-8] images and labels, raw and gzip, become a data set with raw byte features and a limit")
  func imagesAndLabels() throws {
    let pixels: [UInt8] = (0..<(3 * 2 * 2)).map { UInt8($0 * 20) }
    let images = Self.idx([3, 2, 2], pixels)
    let labels = Self.idx([3], [7, 0, 9])
    let parsed = try IDXReader.parse(images, source: "i")
    #expect(parsed.dimensions == [3, 2, 2] && parsed.bytes == pixels)
    let directory = try TestSupport.temporaryDirectory()
    defer { TestSupport.cleanUp(directory) }
    let imagesURL = directory.appendingPathComponent("train-images-idx3-ubyte.gz")
    let labelsURL = directory.appendingPathComponent("train-labels-idx1-ubyte")
    try TestSupport.write(TestSupport.gzipMember(deflate: TestSupport.storedDeflate(images), content: images), to: imagesURL)
    try TestSupport.write(labels, to: labelsURL)
    let data = try IDXReader.dataset(imagesFile: imagesURL, labelsFile: labelsURL, name: "m",
                                     classNames: (0...9).map(String.init))
    #expect(data.features.shape == [3, 4] && data.features.scalars == pixels.map(Double.init))
    #expect(data.labels == [7, 0, 9] && data.sampleShape == [2, 2])
    let two = try IDXReader.dataset(imagesFile: imagesURL, labelsFile: labelsURL, name: "m",
                                    classNames: (0...9).map(String.init), limit: 2)
    #expect(two.count == 2 && two.labels == [7, 0] && two.features.scalars == pixels[0..<8].map(Double.init))
    // Through the MNIST loader with an explicit directory (hyphenated names, one compressed, one raw).
    let mnist = try Dataset.mnist(directory: directory, train: true, limit: 1)
    #expect(mnist.labels == [7] && mnist.name == "MNIST train")
  }

  @Test("[DATA-2] [DATA-8] magic, element type, rank, truncation at every byte, trailing bytes, mismatched counts, label range")
  func errors() throws {
    #expect(throws: DatasetError.format(file: "f", offset: 0, reason: "IDX magic must start with 00 00, found 0x1f 0x8b")) {
      try IDXReader.parse([0x1F, 0x8B, 8, 1, 0, 0, 0, 0], source: "f")
    }
    #expect(throws: DatasetError.format(file: "f", offset: 2,
                                        reason: "element type 0x0d (only 0x08, unsigned byte, is supported)")) {
      try IDXReader.parse([0, 0, 0x0D, 1, 0, 0, 0, 0], source: "f")
    }
    #expect(throws: DatasetError.format(file: "f", offset: 3, reason: "zero dimensions")) {
      try IDXReader.parse([0, 0, 8, 0], source: "f")
    }
    let file = Self.idx([2, 3], [1, 2, 3, 4, 5, 6])
    #expect(try IDXReader.parse(file, source: "f").bytes == [1, 2, 3, 4, 5, 6])
    for cut in 0..<file.count {
      #expect(throws: DatasetError.truncated(source: "f", offset: cut), "cut at \(cut)") {
        try IDXReader.parse(Array(file[0..<cut]), source: "f")
      }
    }
    #expect(throws: DatasetError.format(file: "f", offset: 18, reason: "1 bytes after the [2, 3] array")) {
      try IDXReader.parse(file + [0], source: "f")
    }
    let huge: [UInt8] = [0, 0, 8, 3] + [UInt8](repeating: 0xFF, count: 12)
    #expect(throws: DatasetError.self) { try IDXReader.parse(huge, source: "f") }
    let images = try IDXReader.parse(Self.idx([2, 1, 1], [5, 6]), source: "i")
    let classes = ["a", "b"]
    #expect(throws: DatasetError.format(file: "l", offset: 4, reason: "3 labels for 2 images in i")) {
      try IDXReader.dataset(images: images, labels: try IDXReader.parse(Self.idx([3], [0, 1, 1]), source: "l"),
                            imagesSource: "i", labelsSource: "l", name: "n", classNames: classes)
    }
    #expect(throws: DatasetError.format(file: "l", offset: 9, reason: "label 2 of item 1 outside 0..<2")) {
      try IDXReader.dataset(images: images, labels: try IDXReader.parse(Self.idx([2], [0, 2]), source: "l"),
                            imagesSource: "i", labelsSource: "l", name: "n", classNames: classes)
    }
    #expect(throws: DatasetError.format(file: "l", offset: 3, reason: "labels need 1 dimension, found [2, 1]")) {
      try IDXReader.dataset(images: images, labels: try IDXReader.parse(Self.idx([2, 1], [0, 1]), source: "l"),
                            imagesSource: "i", labelsSource: "l", name: "n", classNames: classes)
    }
    #expect(throws: DatasetError.format(file: "i", offset: 3, reason: "images need at least 2 dimensions, found [2]")) {
      try IDXReader.dataset(images: try IDXReader.parse(Self.idx([2], [0, 1]), source: "i"), labels: images,
                            imagesSource: "i", labelsSource: "l", name: "n", classNames: classes)
    }
    #expect(throws: DatasetError.invalidArgument(operation: "IDXReader.dataset", reason: "negative limit -3")) {
      try IDXReader.dataset(images: images, labels: try IDXReader.parse(Self.idx([2], [0, 1]), source: "l"),
                            imagesSource: "i", labelsSource: "l", name: "n", classNames: classes, limit: -3)
    }
  }
}
