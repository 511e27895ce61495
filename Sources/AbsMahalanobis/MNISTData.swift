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
  /// Set when the shipped slice stands in for MNIST that was looked for and not found in the
  /// data directories (DATA-30): the tables print it on standard error and in their notes.
  public let fallbackNotice: String?

  public init(training: NormalizedImages, test: NormalizedImages, source: String, fallbackNotice: String? = nil) {
    self.training = training
    self.test = test
    self.source = source
    self.fallbackNotice = fallbackNotice
  }

  /// The four MNIST files as (split, kind, rank) of ``Dataset/idxFileNames(split:kind:rank:)``.
  static let files = [("train", "images", 3), ("train", "labels", 1), ("t10k", "images", 3), ("t10k", "labels", 1)]

  /// Loads MNIST from the first of `directories` (or its `mnist` subdirectory) that holds any of
  /// the four files (DATA-30). A directory that holds some but not all of them, or a file that is
  /// present but unreadable or malformed, is an error naming the file (and the byte, for a bad
  /// file); only absent files let the search go on. When no directory holds them, the shipped
  /// slice Fixtures/mnist is used, with a notice, unless the configuration requires the full data
  /// (paper scale), in which case the error says where to put it.
  public static func load(_ configuration: Experiment2Configuration, directories: [URL]) throws(AbsMahalanobisError) -> MNISTSplits {
    var candidates: [URL] = []
    for d in directories { candidates += [d, d.appendingPathComponent("mnist", isDirectory: true)] }
    var searched: [String] = [], tooSmall: [String] = []
    for directory in candidates {
      let present = files.filter { file in
        Dataset.idxFileNames(split: file.0, kind: file.1, rank: file.2).contains {
          FileManager.default.fileExists(atPath: directory.appendingPathComponent($0).path)
        }
      }
      if present.isEmpty {
        if !isShipped(directory) { searched.append(display(directory)) }
        continue
      }
      guard present.count == files.count else {
        let missing = files.filter { f in !present.contains { $0 == f } }.map { "\($0.0)-\($0.1)-idx\($0.2)-ubyte(.gz)" }
        throw .data("\(display(directory)) holds part of MNIST but not \(missing.joined(separator: ", "))")
      }
      let train: Dataset, test: Dataset
      do {
        train = try Dataset.mnist(directory: directory, train: true, limit: configuration.trainingLimit)
        test = try Dataset.mnist(directory: directory, train: false, limit: configuration.testLimit)
      } catch { throw .data("MNIST in \(display(directory)): \(error)") }
      if configuration.requiresFullMNIST && (train.count < 60_000 || test.count < 10_000) {
        tooSmall.append("\(display(directory)) has \(train.count) training and \(test.count) test images")
        continue
      }
      let notice = isShipped(directory) && !searched.isEmpty ? fallbackNotice(searched) : nil
      return try make(train, test, configuration, source: "\(display(directory)) (\(train.count) training, \(test.count) test images)",
                      fallbackNotice: notice)
    }
    guard !configuration.requiresFullMNIST else {
      throw .data("full MNIST (60,000 training and 10,000 test images) not found in \(candidates.map(\.path))"
                  + (tooSmall.isEmpty ? "" : " (\(tooSmall.joined(separator: "; ")))")
                  + "; pass --data-dir with train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz")
    }
    do {
      let train = try Dataset.mnist(directory: nil, train: true, limit: configuration.trainingLimit)
      let test = try Dataset.mnist(directory: nil, train: false, limit: configuration.testLimit)
      return try make(train, test, configuration, source: "the shipped slice Fixtures/mnist (\(train.count) training, \(test.count) test images)",
                      fallbackNotice: searched.isEmpty ? nil : fallbackNotice(searched))
    } catch let error as AbsMahalanobisError { throw error } catch { throw .data("\(error)") }
  }

  static func fallbackNotice(_ searched: [String]) -> String {
    "MNIST files not found in \(searched.joined(separator: ", ")); using the shipped slice Fixtures/mnist instead"
  }

  /// True for the repository's Fixtures directory and anything under it.
  static func isShipped(_ directory: URL) -> Bool {
    let fixtures = Fixtures.directory.standardizedFileURL.path
    let path = directory.standardizedFileURL.path
    return path == fixtures || path.hasPrefix(fixtures + "/")
  }

  /// A directory inside the repository relative to its root (results files are committed).
  static func display(_ directory: URL) -> String {
    let root = Fixtures.repositoryRoot.standardizedFileURL.path + "/"
    let path = directory.standardizedFileURL.path
    return path.hasPrefix(root) ? String(path.dropFirst(root.count)) : path
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
