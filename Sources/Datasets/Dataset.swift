import Tensors

/// A labelled classification data set (DATA-1).
///
/// - `features`: a `Tensor` of shape [n, d], one sample per row, every value finite.
/// - `labels`: n class indices, each in `0..<classCount`.
/// - `classNames`: `classCount` names; `classNames[k]` names class index k.
/// - `featureNames`: nil, or d names.
/// - `sampleShape`: how one row is laid out (`[d]` for tables, `[28, 28]` for MNIST,
///   `[3, 32, 32]` channel-major for CIFAR-10); its product is d.
///
/// Every initialiser validates all of this, so a `Dataset` value is always consistent.
public struct Dataset: Equatable, Sendable {
  public let name: String
  public let features: Tensor
  public let labels: [Int]
  public let classNames: [String]
  public let featureNames: [String]?
  public let sampleShape: [Int]

  /// Creates a data set after checking (DATA-1): features rank 2; `labels.count == n`; at least
  /// one class; labels in range; `featureNames` (if given) has d entries; `sampleShape` (default
  /// `[d]`) has product d; every feature finite.
  public init(
    name: String, features: Tensor, labels: [Int], classNames: [String],
    featureNames: [String]? = nil, sampleShape: [Int]? = nil
  ) throws(DatasetError) {
    guard features.rank == 2 else {
      throw .shape(dataset: name, reason: "features must have shape [n, d], got \(features.shape)")
    }
    let (n, d) = (features.shape[0], features.shape[1])
    guard labels.count == n else {
      throw .shape(dataset: name, reason: "\(n) feature rows but \(labels.count) labels")
    }
    guard !classNames.isEmpty else { throw .shape(dataset: name, reason: "no class names") }
    if let featureNames, featureNames.count != d {
      throw .shape(dataset: name, reason: "\(d) feature columns but \(featureNames.count) feature names")
    }
    let layout = sampleShape ?? [d]
    guard layout.allSatisfy({ $0 > 0 }) || d == 0, layout.reduce(1, *) == d else {
      throw .shape(dataset: name, reason: "sample shape \(layout) does not hold \(d) features")
    }
    for (row, label) in labels.enumerated() where label < 0 || label >= classNames.count {
      throw .labelOutOfRange(dataset: name, row: row, label: label, classCount: classNames.count)
    }
    if let flat = features.scalars.firstIndex(where: { !$0.isFinite }) {
      throw .nonFiniteFeature(dataset: name, row: flat / d, column: flat % d, value: features.scalars[flat])
    }
    self.name = name
    self.features = features
    self.labels = labels
    self.classNames = classNames
    self.featureNames = featureNames
    self.sampleShape = layout
  }

  /// Number of samples n.
  public var count: Int { features.shape[0] }
  /// Number of features d.
  public var featureCount: Int { features.shape[1] }
  /// Number of classes.
  public var classCount: Int { classNames.count }

  /// How many samples each class has, indexed by class.
  public var classCounts: [Int] {
    var counts = [Int](repeating: 0, count: classCount)
    for label in labels { counts[label] += 1 }
    return counts
  }

  /// The first `limit` samples (all of them when `limit` is nil or at least n).
  public func prefix(_ limit: Int?) throws(DatasetError) -> Dataset {
    guard let limit, limit < count else { return self }
    guard limit >= 0 else { throw .invalidArgument(operation: "Dataset.prefix", reason: "negative limit \(limit)") }
    let head = try Dataset.matrix(rows: limit, columns: featureCount,
                                  scalars: Array(features.scalars[0..<(limit * featureCount)]), name: name)
    return try Dataset(name: name, features: head, labels: Array(labels[0..<limit]), classNames: classNames,
                       featureNames: featureNames, sampleShape: sampleShape)
  }
}

extension Dataset {
  /// A [rows, columns] tensor, turning a size mismatch into a ``DatasetError`` (readers build
  /// their feature matrices through this).
  static func matrix(rows: Int, columns: Int, scalars: [Double], name: String) throws(DatasetError) -> Tensor {
    do {
      return try Tensor(shape: [rows, columns], scalars: scalars)
    } catch {
      throw .shape(dataset: name, reason: error.description)
    }
  }
}
