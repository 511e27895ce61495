import Datasets
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

  public init(training: NormalizedImages, test: NormalizedImages, source: String) {
    self.training = training
    self.test = test
    self.source = source
  }

  /// Loads MNIST: from the first of `directories` (or its `mnist` subdirectory) that holds the
  /// four files, else the shipped slice in Fixtures/mnist unless the configuration requires the
  /// full data (paper scale), in which case the error says where to put it.
  public static func load(_ configuration: Experiment2Configuration, directories: [URL]) throws(AbsMahalanobisError) -> MNISTSplits {
    var candidates: [URL] = []
    for d in directories { candidates += [d, d.appendingPathComponent("mnist", isDirectory: true)] }
    for directory in candidates {
      guard let train = try? Dataset.mnist(directory: directory, train: true, limit: configuration.trainingLimit),
            let test = try? Dataset.mnist(directory: directory, train: false, limit: configuration.testLimit) else { continue }
      if configuration.requiresFullMNIST && (train.count < 60_000 || test.count < 10_000) { continue }
      return try make(train, test, configuration, source: "\(display(directory)) (\(train.count) training, \(test.count) test images)")
    }
    guard !configuration.requiresFullMNIST else {
      throw .data("full MNIST (60,000 training and 10,000 test images) not found in \(candidates.map(\.path)); "
                  + "pass --data-dir with train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz")
    }
    do {
      let train = try Dataset.mnist(directory: nil, train: true, limit: configuration.trainingLimit)
      let test = try Dataset.mnist(directory: nil, train: false, limit: configuration.testLimit)
      return try make(train, test, configuration, source: "the shipped slice Fixtures/mnist (\(train.count) training, \(test.count) test images)")
    } catch { throw .data("\(error)") }
  }

  /// A directory inside the repository relative to its root (results files are committed).
  static func display(_ directory: URL) -> String {
    let root = Fixtures.repositoryRoot.standardizedFileURL.path + "/"
    let path = directory.standardizedFileURL.path
    return path.hasPrefix(root) ? String(path.dropFirst(root.count)) : path
  }

  static func make(_ train: Dataset, _ test: Dataset, _ c: Experiment2Configuration, source: String) throws(AbsMahalanobisError) -> MNISTSplits {
    guard train.featureCount == c.inputWidth, test.featureCount == c.inputWidth else {
      throw .dimensionMismatch(what: "MNIST image width", expected: c.inputWidth, got: train.featureCount)
    }
    return MNISTSplits(training: try NormalizedImages(train, mean: c.pixelMean, std: c.pixelStd),
                       test: try NormalizedImages(test, mean: c.pixelMean, std: c.pixelStd), source: source)
  }
}
