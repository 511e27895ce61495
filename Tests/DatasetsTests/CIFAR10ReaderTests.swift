import Foundation
import Testing
@testable import Datasets

@Suite("CIFAR-10 reader")
struct CIFAR10ReaderTests {
  /// A record: label, then 3072 bytes where red = 1, green = 2, blue = 3 plus the pixel index mod 50.
  static func record(label: UInt8) -> [UInt8] {
    [label] + (0..<3).flatMap { channel in (0..<1024).map { UInt8(channel + 1 + $0 % 50) } }
  }

  @Test("[DATA-9] records keep the label and the channel-major pixels; training batches in order; limit")
  func batches() throws {
    let directory = try TestSupport.temporaryDirectory()
    defer { TestSupport.cleanUp(directory) }
    let batchDirectory = directory.appendingPathComponent("cifar-10-batches-bin")
    try FileManager.default.createDirectory(at: batchDirectory, withIntermediateDirectories: true)
    for (index, name) in CIFAR10Reader.trainingFiles.enumerated() {
      try TestSupport.write(Self.record(label: UInt8(index)) + Self.record(label: 9),
                            to: batchDirectory.appendingPathComponent(name))
    }
    try TestSupport.write(Self.record(label: 3), to: batchDirectory.appendingPathComponent("test_batch.bin"))
    let train = try Dataset.cifar10(directory: directory, train: true)
    #expect(train.count == 10 && train.labels == [0, 9, 1, 9, 2, 9, 3, 9, 4, 9])
    #expect(train.sampleShape == [3, 32, 32] && train.featureCount == 3072 && train.classNames[0] == "airplane")
    #expect(train.features.row(0)[0] == 1 && train.features.row(0)[1024] == 2 && train.features.row(0)[2048 + 49] == 3 + 49)
    let limited = try CIFAR10Reader.dataset(directory: batchDirectory, train: true, limit: 3)
    #expect(limited.labels == [0, 9, 1])
    let test = try Dataset.cifar10(directory: directory, train: false)
    #expect(test.labels == [3] && test.name == "CIFAR-10 test")
  }

  @Test("""
    [DATA-2] [DATA-9] a cut record is truncated (cuts every 97 bytes of a two-record batch), a bad \
    label names its record, missing batches list the paths
    """)
  func errors() throws {
    let batch = Self.record(label: 1) + Self.record(label: 2)
    for cut in stride(from: 1, to: batch.count, by: 97) where cut != CIFAR10Reader.recordSize {
      #expect(throws: DatasetError.truncated(source: "b", offset: cut)) {
        try CIFAR10Reader.dataset(batch: Array(batch[0..<cut]), source: "b")
      }
    }
    #expect(try CIFAR10Reader.dataset(batch: [], source: "b").count == 0)
    #expect(throws: DatasetError.format(file: "b", offset: 3073, reason: "record 1 has label 10, outside 0..<10")) {
      try CIFAR10Reader.dataset(batch: Self.record(label: 1) + Self.record(label: 10), source: "b")
    }
    let directory = try TestSupport.temporaryDirectory()
    defer { TestSupport.cleanUp(directory) }
    do { _ = try Dataset.cifar10(directory: directory, train: false); Issue.record("no error") } catch {
      guard case .fileNotFound(["test_batch.bin"], let searched) = error else { Issue.record("\(error)"); return }
      #expect(searched == [directory.appendingPathComponent("test_batch.bin").path,
          directory.appendingPathComponent("cifar-10-batches-bin").appendingPathComponent("test_batch.bin").path
        ])
    }
  }
}
