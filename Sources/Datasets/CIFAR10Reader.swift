import Foundation
import Tensors

/// The CIFAR-10 binary batches (DATA-9): `data_batch_1.bin` ... `data_batch_5.bin` (training,
/// 10,000 images each) and `test_batch.bin`, as unpacked from `cifar-10-binary.tar.gz`.
///
/// Each record is 3073 bytes: the label (0...9), then 1024 red, 1024 green and 1024 blue values
/// of a 32 x 32 image, each plane row-major. Features keep that channel-major order (sample shape
/// [3, 32, 32]) as raw byte values 0...255. A file whose length is not a whole number of records
/// is truncated; a label above 9 is a format error at the record's offset.
public enum CIFAR10Reader {
  public static let recordSize = 3073
  public static let sampleShape = [3, 32, 32]
  /// The class names of `batches.meta.txt`, in label order.
  public static let classNames = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]
  public static let trainingFiles = (1...5).map { "data_batch_\($0).bin" }
  public static let testFiles = ["test_batch.bin"]

  /// Parses one batch, appending pixels (as doubles) and labels; nothing is appended on error.
  static func parse(_ bytes: [UInt8], source: String, into scalars: inout [Double], labels: inout [Int],
                    limit: Int) throws(DatasetError) {
    guard bytes.count % recordSize == 0 else { throw .truncated(source: source, offset: bytes.count) }
    let count = min(bytes.count / recordSize, limit)
    for record in 0..<count where bytes[record * recordSize] >= 10 {
      throw .format(file: source, offset: record * recordSize,
                    reason: "record \(record) has label \(bytes[record * recordSize]), outside 0..<10")
    }
    scalars.reserveCapacity(scalars.count + count * (recordSize - 1))
    for record in 0..<count {
      let start = record * recordSize
      labels.append(Int(bytes[start]))
      scalars.append(contentsOf: bytes[(start + 1)..<(start + recordSize)].lazy.map { Double($0) })
    }
  }

  /// One batch's bytes as a data set.
  public static func dataset(batch bytes: [UInt8], source: String, name: String = "CIFAR-10") throws(DatasetError) -> Dataset {
    var scalars: [Double] = []
    var labels: [Int] = []
    try parse(bytes, source: source, into: &scalars, labels: &labels, limit: Int.max)
    return try make(name: name, scalars: scalars, labels: labels)
  }

  /// The training (five batches) or test split from `directory`, or from its
  /// `cifar-10-batches-bin` subdirectory; `limit` keeps the first samples.
  public static func dataset(directory: URL, train: Bool, limit: Int? = nil) throws(DatasetError) -> Dataset {
    if let limit, limit < 0 { throw .invalidArgument(operation: "CIFAR10Reader.dataset", reason: "negative limit \(limit)") }
    let locator = DataLocator(directories: [directory, directory.appendingPathComponent("cifar-10-batches-bin")])
    var scalars: [Double] = []
    var labels: [Int] = []
    for name in train ? trainingFiles : testFiles {
      let remaining = (limit ?? Int.max) - labels.count
      if remaining <= 0 { break }
      let url = try locator.locate(name)
      try parse(try DataFile.read(url), source: url.path, into: &scalars, labels: &labels, limit: remaining)
    }
    return try make(name: train ? "CIFAR-10 train" : "CIFAR-10 test", scalars: scalars, labels: labels)
  }

  static func make(name: String, scalars: [Double], labels: [Int]) throws(DatasetError) -> Dataset {
    let features = try Dataset.matrix(rows: labels.count, columns: recordSize - 1, scalars: scalars, name: name)
    return try Dataset(name: name, features: features, labels: labels, classNames: classNames, sampleShape: sampleShape)
  }
}
