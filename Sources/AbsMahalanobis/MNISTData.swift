import Datasets
import Evaluation
import Foundation
import Tensors

/// The MNIST split of Experiment 2 (ABS-21): pixels scaled to [0, 1] (divided by 255), then
/// normalised (x - 0.1307) / 0.3081, as torchvision's ToTensor and Normalize do; labels 0...9.
public struct NormalizedImages: Sendable {
  /// Row-major [count, width].
  public let pixels: [Double]
  public let labels: [Int]
  public let width: Int
  public var count: Int { labels.count }

  public init(pixels: [Double], labels: [Int], width: Int) throws(AbsMahalanobisError) {
    guard width >= 1, pixels.count == labels.count * width else {
      throw .dimensionMismatch(what: "pixels (count * width)", expected: labels.count * width, got: pixels.count)
    }
    self.pixels = pixels
    self.labels = labels
    self.width = width
  }

  /// Normalises a data set of raw byte values (0...255).
  public init(_ data: Dataset, mean: Double, std: Double) throws(AbsMahalanobisError) {
    try self.init(pixels: data.features.scalars.map { ($0 / 255 - mean) / std }, labels: data.labels, width: data.featureCount)
  }

  /// Row i as an array.
  public func row(_ i: Int) -> [Double] { Array(pixels[(i * width)..<((i + 1) * width)]) }

  /// The rows at `indices`, row-major.
  public func gather(_ indices: [Int]) -> [Double] {
    var out = [Double](repeating: 0, count: indices.count * width)
    pixels.withUnsafeBufferPointer { source in
      out.withUnsafeMutableBufferPointer { target in
        for (r, i) in indices.enumerated() {
          let from = source.baseAddress! + i * width
          (target.baseAddress! + r * width).update(from: from, count: width)
        }
      }
    }
    return out
  }
}

/// Training and test images for Experiment 2 (ABS-21).
public struct MNISTSplits: Sendable {
  public let training: NormalizedImages
  public let test: NormalizedImages
  /// Where they came from, for the report.
  public let source: String
  /// Set when the shipped slice stands in for MNIST that was looked for and not found in the
  /// data directories (DATA-30): the tables print it on standard error and in their notes.
  public let fallbackNotice: String?

  public init(training: NormalizedImages, test: NormalizedImages, source: String, fallbackNotice: String? = nil) {
    self.training = training
    self.test = test
    self.source = source
    self.fallbackNotice = fallbackNotice
  }

  /// Loads MNIST from the data directories as ``MNISTSearch/load(directories:trainingLimit:testLimit:requireFull:)``
  /// finds it (DATA-30: absent files fall back to the shipped slice with a notice, present but bad
  /// ones are errors naming the file; paper scale requires the full set), then normalises it.
  public static func load(_ configuration: Experiment2Configuration, directories: [URL]) throws(AbsMahalanobisError)
    -> MNISTSplits
  {
    let found: MNISTSearch.Found
    do { found = try search(configuration, directories) } catch { throw .data(error.message) }
    return try make(found.training, found.test, configuration, source: found.source, fallbackNotice: found.fallbackNotice)
  }

  /// ``load(_:directories:)`` for a reproduction table: when the full MNIST is required and no
  /// data directory holds it, the error is `ReportError.missingData`, so that `reproduce run --all`
  /// reports the table as not run (REPRO-51); any other failure is as `load`'s.
  static func load(_ configuration: Experiment2Configuration, context: RunContext, table: String) throws -> MNISTSplits {
    let found: MNISTSearch.Found
    do { found = try search(configuration, context.dataDirectories) } catch where error.absent {
      throw ReportError.missingData(table: table, file: "train-images-idx3-ubyte.gz (and the other three MNIST files)",
                                    searched: context.dataDirectories.map(\.path), hint: error.message)
    } catch { throw AbsMahalanobisError.data(error.message) }
    return try make(found.training, found.test, configuration, source: found.source, fallbackNotice: found.fallbackNotice)
  }

  static func search(_ configuration: Experiment2Configuration, _ directories: [URL]) throws(MNISTSearch.Failure)
    -> MNISTSearch.Found
  {
    try MNISTSearch.load(directories: directories, trainingLimit: configuration.trainingLimit,
                         testLimit: configuration.testLimit, requireFull: configuration.requiresFullMNIST)
  }

  static func make(_ train: Dataset, _ test: Dataset, _ c: Experiment2Configuration, source: String,
                   fallbackNotice: String?) throws(AbsMahalanobisError) -> MNISTSplits {
    guard train.featureCount == c.inputWidth, test.featureCount == c.inputWidth else {
      throw .dimensionMismatch(what: "MNIST image width", expected: c.inputWidth, got: train.featureCount)
    }
    return MNISTSplits(training: try NormalizedImages(train, mean: c.pixelMean, std: c.pixelStd),
                       test: try NormalizedImages(test, mean: c.pixelMean, std: c.pixelStd), source: source,
                       fallbackNotice: fallbackNotice)
  }
}
