import Neighbors

/// Which neighbours Wallace et al.'s conformity counts (DKNN-10).
public enum NeighborPooling: String, Sendable, CaseIterable {
  /// The k neighbours of every layer, pooled (L k labels): what the paper describes. Pool order:
  /// layer 0's neighbours nearest first, then layer 1's, and so on (the order in which the
  /// authors' LSH branch appended them).
  case allLayers
  /// The k neighbours of the last layer only: what the authors' k-d tree code computed (a loop
  /// over the layers overwrote each layer's neighbours with the next).
  case lastLayer
}

/// Wallace, Feng & Boyd-Graber's conformity vote for one input (DKNN-10, DKNN-11): the labels of the
/// pooled neighbours counted per class.
///
/// - conformity(y) = counts[y] / total, the fraction of pooled neighbours labelled y (uncalibrated);
/// - the prediction is the majority label; a tie goes to the tied label met first in the pool order
///   (`collections.Counter.most_common`, whose sort is stable over first occurrences);
/// - their credibility p1 = conformity(prediction) and confidence 1 - p2, p2 the second largest
///   class fraction (0 when only one label occurs).
public struct ConformityVote: Sendable, Equatable {
  public let counts: [Int]
  public let total: Int
  public let label: Int

  /// The vote of query `query` of `neighbors` with the training `labels`.
  public init(_ neighbors: LayerNeighbors, query: Int, labels: [Int], classes: Int, pooling: NeighborPooling) {
    let layers = pooling == .allLayers ? Array(0..<neighbors.layers.count) : [neighbors.layers.count - 1]
    let pool = layers.flatMap { neighbors.lists[$0][query].map { labels[$0.index] } }
    self.init(pooledLabels: pool, classes: classes)
  }

  /// The vote of labels in pool order (each in 0..<classes, at least one).
  public init(pooledLabels pool: [Int], classes: Int) {
    var counts = [Int](repeating: 0, count: classes)
    for label in pool { counts[label] += 1 }
    let best = counts.max() ?? 0
    self.counts = counts
    self.total = pool.count
    self.label = pool.first { counts[$0] == best } ?? 0
  }

  /// The fraction of pooled neighbours labelled `y`.
  public func conformity(_ y: Int) -> Double { Double(counts[y]) / Double(total) }

  /// p1, the conformity of the prediction.
  public var credibility: Double { conformity(label) }

  /// 1 - p2, p2 the second largest class fraction (counts sorted descending; 0 with one class).
  public var confidence: Double {
    let sorted = counts.sorted(by: >)
    return 1 - (sorted.count > 1 ? Double(sorted[1]) / Double(total) : 0)
  }
}

/// The calibrated variant in the authors' code (DKNN-12): A = the conformity of held-out points
/// with their true labels; a conformity c becomes |{ a in A : a >= c }| / |A|.
public struct ConformityCalibration: Sendable, Equatable {
  public let scores: [Double]

  public init(scores: [Double]) throws(DkNNError) {
    guard !scores.isEmpty else { throw .emptyCalibration("no calibration points") }
    self.scores = scores
  }

  /// The conformity of each calibration point with its true label.
  public init(neighbors: LayerNeighbors, calibrationLabels: [Int], trainingLabels: [Int], classes: Int,
              pooling: NeighborPooling) throws(DkNNError) {
    try DkNNCheck.labels(calibrationLabels, count: neighbors.queryCount, classes: classes, argument: "calibration labels")
    try self.init(scores: calibrationLabels.enumerated().map { q, y in
      ConformityVote(neighbors, query: q, labels: trainingLabels, classes: classes, pooling: pooling).conformity(y)
    })
  }

  /// |{ a in A : a >= c }| / |A|.
  public func calibrated(_ conformity: Double) -> Double {
    Double(scores.count(where: { $0 >= conformity })) / Double(scores.count)
  }
}
