import Datasets
import Evaluation
import Foundation

/// The data sets of the EBE-DNN tables and where they are looked for (EBE-16, DATA-63).
public enum EBEDataSet: String, Sendable, CaseIterable {
  case mnist = "MNIST"
  case fashionMNIST = "Fashion-MNIST"
  case cifar10 = "CIFAR-10"

  /// The `dataset` value a backbone file's metadata gives for this data set (EBE-11, EBE-15).
  public var metadataName: String {
    switch self {
    case .mnist: return "mnist"
    case .fashionMNIST: return "fashion-mnist"
    case .cifar10: return "cifar10"
    }
  }

  public var normalization: ImageNormalization {
    switch self {
    case .mnist: return .mnist
    case .fashionMNIST: return .fashionMNIST
    case .cifar10: return .cifar10
    }
  }

  /// Each required file's accepted names.
  var files: [[String]] {
    switch self {
    case .mnist, .fashionMNIST:
      return [("train", "images", 3), ("train", "labels", 1), ("t10k", "images", 3), ("t10k", "labels", 1)].map {
        Dataset.idxFileNames(split: $0.0, kind: $0.1, rank: $0.2)
      }
    case .cifar10: return (CIFAR10Reader.trainingFiles + CIFAR10Reader.testFiles).map { [$0] }
    }
  }

  /// Subdirectories of each data directory tried in order ("" is the directory itself).
  /// Fashion-MNIST is never taken from a directory itself: MNIST's files have the same names.
  var subdirectories: [String] {
    switch self {
    case .mnist: return ["", "mnist", "MNIST/raw"]
    case .fashionMNIST: return ["fashion-mnist", "fashion_mnist", "FashionMNIST/raw"]
    case .cifar10: return ["cifar-10-batches-bin", ""]
    }
  }

  /// The full training and test sizes.
  var fullSizes: (training: Int, test: Int) { self == .cifar10 ? (50_000, 10_000) : (60_000, 10_000) }

  /// What to get when it is absent.
  var hint: String {
    switch self {
    case .mnist:
      return
        """
          train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz in \
          --data-dir (or its mnist/)
          """
    case .fashionMNIST:
      return
        """
          Fashion-MNIST's train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, \
          t10k-labels-idx1-ubyte.gz in DIR/fashion-mnist/ of a --data-dir DIR
          """
    case .cifar10:
      return
        """
          CIFAR-10's binary version (data_batch_1.bin ... data_batch_5.bin, test_batch.bin) in DIR or DIR/cifar-10-batches-bin/ \
          of a --data-dir DIR
          """
    }
  }
}

/// A data set ready for the experiment, or why it is not run (EBE-16).
enum EBEData {
  /// `label`: the data set's name in the tables' rows, "MNIST (shipped slice)" when the shipped
  /// slice stands in for MNIST, so that a row never passes our stand-in off as the paper's data.
  case ready(training: Dataset, test: Dataset, label: String, source: String, notice: String?)
  case notRun(reason: String)

  /// Loads `set` with the scale's limits from the run's data directories (DATA-30, DATA-63).
  /// MNIST falls back to the shipped slice below paper scale; a data set that is absent is
  /// `notRun` with the files and every directory looked in; one that is present but bad, or
  /// smaller than paper scale needs, is an error naming it.
  static func load(_ set: EBEDataSet, scale: EBEScale, directories: [URL]) throws -> EBEData {
    let shipped = Fixtures.directory.standardizedFileURL.path
    let external = directories.filter { !$0.standardizedFileURL.path.hasPrefix(shipped) }
    let outcome = try DataSearch.locate(
      dataSet: set.rawValue, files: set.files, directories: external, subdirectories: set.subdirectories)
    switch outcome {
    case let .found(directory):
      let training = try read(set, directory: directory, train: true, limit: scale.trainingLimit)
      let test = try read(set, directory: directory, train: false, limit: scale.testLimit)
      if scale.requiresFullData {
        let needed = (
          Swift.min(scale.trainingLimit ?? .max, set.fullSizes.training), Swift.min(scale.testLimit ?? .max, set.fullSizes.test)
        )
        guard training.count >= needed.0, test.count >= needed.1 else {
          throw EBEDNNError.data(
            """
              \(set.rawValue) in \(directory.path) has \(training.count) training and \(test.count) test images; paper scale \
              needs \(needed.0) and \(needed.1)
              """
          )
        }
      }
      return .ready(
        training: training, test: test, label: set.rawValue,
        source: "\(directory.path) (\(training.count) training, \(test.count) test images)", notice: nil)
    case let .absent(searched):
      let missing =
        """
          not run: \(set.rawValue) not found (looked for \(set.files.map { $0[0] }.joined(separator: ", ")) in \
          \(searched.isEmpty ? "no data directory (pass --data-dir)" : searched.joined(separator: ", "))); to run it, put \
          \(set.hint)
          """
      guard set == .mnist, !scale.requiresFullData else { return .notRun(reason: missing) }
      let training = try Dataset.mnist(directory: nil, train: true, limit: scale.trainingLimit)
      let test = try Dataset.mnist(directory: nil, train: false, limit: scale.testLimit)
      let notice =
        searched.isEmpty
        ? nil : "MNIST not found in \(searched.joined(separator: ", ")); using the shipped slice Fixtures/mnist instead"
      return .ready(
        training: training, test: test, label: "\(set.rawValue) (shipped slice)",
        source: "the shipped slice Fixtures/mnist (\(training.count) training, \(test.count) test images)", notice: notice)
    }
  }

  static func read(_ set: EBEDataSet, directory: URL, train: Bool, limit: Int?) throws -> Dataset {
    do {
      switch set {
      case .mnist: return try Dataset.mnist(directory: directory, train: train, limit: limit)
      case .fashionMNIST: return try Dataset.fashionMNIST(directory: directory, train: train, limit: limit)
      case .cifar10: return try Dataset.cifar10(directory: directory, train: train, limit: limit)
      }
    } catch { throw EBEDNNError.dataset(error) }
  }
}
