import Datasets
import Foundation
import Testing
@testable import AbsMahalanobis

/// MNIST in a data directory (DATA-30): only absent files fall back to the shipped slice, with a
/// notice; a file that is present but bad is an error naming it. Small synthetic IDX files keep
/// each case fast.
@Suite("MNIST loading: absent falls back, present but bad is an error")
struct MNISTLoadingTests {
  let configuration = Experiment2Configuration.forScale(.smoke)

  /// An IDX file of unsigned bytes: magic 00 00 08 rank, big-endian extents, the data.
  static func idx(_ dimensions: [UInt32], _ data: [UInt8]) -> [UInt8] {
    [0, 0, 8,
     UInt8(dimensions.count)] + dimensions.flatMap { d in (0..<4).map { UInt8(truncatingIfNeeded: d >> (8 * (3 - $0))) } } + data
  }

  /// A one-member gzip file of stored blocks around `content`.
  static func gzip(_ content: [UInt8]) -> [UInt8] {
    var stream: [UInt8] = []
    var start = 0
    repeat {
      let end = min(start + 65535, content.count), length = end - start
      stream += [end == content.count ? 1 : 0, UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF),
                 UInt8((~length >> 8) & 0xFF)]
      stream += content[start..<end]
      start = end
    } while start < content.count
    let little = { (v: UInt32) in (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
    return [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3] + stream + little(CRC32.checksum(content)) + little(UInt32(content.count))
  }

  /// A directory holding a valid three-image MNIST in the raw file names, with `change` applied.
  func directory(_ change: (URL) throws -> Void = { _ in }) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("nn-mnist-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    for split in ["train", "t10k"] {
      try Data(Self.idx([3, 28, 28], (0..<(3 * 784)).map { UInt8($0 % 256) })).write(
        to: url.appendingPathComponent("\(split)-images-idx3-ubyte"))
      try Data(Self.idx([3], [1, 2, 3])).write(to: url.appendingPathComponent("\(split)-labels-idx1-ubyte"))
    }
    try change(url)
    return url
  }

  /// The message of the error `load` throws for the directory.
  func failure(_ directory: URL) -> String? {
    defer { try? FileManager.default.removeItem(at: directory) }
    do { _ = try MNISTSplits.load(configuration, directories: [directory]); return nil } catch { return "\(error)" }
  }

  @Test("[DATA-30] a valid directory is used as is, without a notice")
  func valid() throws {
    let url = try directory()
    defer { try? FileManager.default.removeItem(at: url) }
    let splits = try MNISTSplits.load(configuration, directories: [url])
    #expect(splits.training.count == 3 && splits.test.labels == [1, 2, 3] && splits.fallbackNotice == nil)
  }

  @Test("[DATA-30] a corrupt, truncated, empty or misplaced file is an error naming the file and the byte", arguments: [
    ("train-images-idx3-ubyte", MNISTLoadingTests.idx([3, 28, 28], [1, 2]), "truncated at byte 18"),
    ("train-images-idx3-ubyte", [1, 0, 8, 1, 0, 0, 0, 0], "IDX magic must start with 00 00, found 0x01 0x00"),
    ("train-images-idx3-ubyte", MNISTLoadingTests.idx([1_000_000_000, 28, 28], []), "truncated at byte 16"),
    ("train-labels-idx1-ubyte", MNISTLoadingTests.idx([3], [1, 12, 3]), "byte 9: label 12 of item 1 outside 0..<10"),
    ("t10k-labels-idx1-ubyte", [], "truncated at byte 0"),
    ("t10k-labels-idx1-ubyte", nil, "a directory, not a file"),
  ] as [(String, [UInt8]?, String)])
  func badRawFile(file: String, contents: [UInt8]?, message: String) throws {
    let url = try directory { dir in
      let path = dir.appendingPathComponent(file)
      try FileManager.default.removeItem(at: path)
      if let contents {
        try Data(contents).write(to: path)
      } else {
        try FileManager.default.createDirectory(at: path, withIntermediateDirectories: false)
      }
    }
    let error = failure(url)
    #expect(error?.contains(url.appendingPathComponent(file).path) == true && error?.contains(message) == true,
            "\(error ?? "no error")")
  }

  @Test("""
    [DATA-30] [DATA-31] a bad gzip file names the file and the byte; content errors say the offset \
    is into the inflated data
    """)
  func badGzipFile() throws {
    let content = Self.idx([3], [1, 2, 3])
    let cases: [(String, [UInt8], String)] = [
      ("truncated", Array(Self.gzip(content).dropLast(6)), "truncated at byte"),
      ("bad CRC", { var g = Self.gzip(content); g[g.count - 8] ^= 0xFF; return g }(), "checksum mismatch"),
      ("bad magic in the IDX", Self.gzip([9, 9] + content.dropFirst(2)), "(inflated): byte 0: IDX magic"),
    ]
    for (what, bytes, message) in cases {
      let url = try directory { dir in
        try FileManager.default.removeItem(at: dir.appendingPathComponent("train-labels-idx1-ubyte"))
        try Data(bytes).write(to: dir.appendingPathComponent("train-labels-idx1-ubyte.gz"))
      }
      let error = failure(url)
      #expect(error?.contains(url.appendingPathComponent("train-labels-idx1-ubyte.gz").path) == true
          && error?.contains(message) == true,
              "\(what): \(error ?? "no error")")
    }
  }

  @Test("[DATA-30] a directory with some but not all four files is an error naming the missing ones")
  func partial() throws {
    let url = try directory { try FileManager.default.removeItem(at: $0.appendingPathComponent("t10k-labels-idx1-ubyte")) }
    let error = failure(url)
    #expect(error?.contains("not t10k-labels-idx1-ubyte(.gz)") == true, "\(error ?? "no error")")
  }

  @Test("[DATA-30] only a directory without any MNIST file falls back to the shipped slice, and says so")
  func absent() throws {
    let empty = FileManager.default.temporaryDirectory.appendingPathComponent("nn-mnist-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: empty) }
    let splits = try MNISTSplits.load(configuration, directories: [empty, Fixtures.directory])
    #expect(splits.source.hasPrefix("Fixtures/mnist"))
    #expect(splits.fallbackNotice?.contains("MNIST files not found in \(empty.path)") == true,
            "\(splits.fallbackNotice ?? "no notice")")
    let shippedOnly = try MNISTSplits.load(configuration, directories: [Fixtures.directory])
    #expect(shippedOnly.fallbackNotice == nil)
  }
}
