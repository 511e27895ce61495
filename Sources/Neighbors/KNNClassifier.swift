import Tensors

/// Which exact search a model uses (both give identical neighbours, NBR-7).
public enum SearchMethod: Sendable, Equatable {
  case bruteForce
  case kdTree

  func make(_ training: Tensor, _ metric: Metric) throws(NeighborsError) -> any NeighborSearch {
    switch self {
    case .bruteForce: return try BruteForceSearch(training: training, metric: metric)
    case .kdTree: return try KDTree(training: training, metric: metric)
    }
  }
}

/// How a tie between classes with equal vote fractions is broken (NBR-10).
public enum TieRule: Sendable, Equatable {
  /// The lowest class index (argmax with FOUND-4; scikit-learn's rule).
  case lowestClass
  /// The tied class that occurs first in the distance-sorted neighbour list, i.e. the class of the
  /// nearest neighbour among the tied classes: what `collections.Counter.most_common(1)` returns in
  /// the DkNN text code.
  case firstAmongNeighbours
}

/// One classification: the label, the vote fractions per class, and the neighbours with their
/// attribution weights.
public struct KNNPrediction: Sendable {
  public let label: Int
  public let fractions: [Double]
  public let attribution: ExampleAttribution
  public var neighbors: [Neighbor] { attribution.neighbors }
}

/// The k-nearest-neighbour classifier (NBR-10, NBR-11, NBR-12); it labels every query of the shipped
/// tables as scikit-learn's KNeighborsClassifier does (NBR-31).
///
/// Vote fractions f_c are the attribution weights (NBR-14) summed per class; they sum to 1 up to
/// rounding (k 2^-52). The label is the class of largest fraction, ties by `tieRule`.
public struct KNNClassifier: Sendable {
  public let search: any NeighborSearch
  public let labels: [Int]
  public let classCount: Int
  public let k: Int
  public let vote: Vote
  public let tieRule: TieRule

  /// Errors: empty or non-finite training set, a label outside 0..<classCount, a label count other
  /// than n, k outside 1...n, a metric the search does not support.
  public init(training: Tensor, labels: [Int], classCount: Int, k: Int, metric: Metric = .euclidean,
              vote: Vote = .majority, tieRule: TieRule = .lowestClass,
              method: SearchMethod = .bruteForce) throws(NeighborsError) {
    let search = try method.make(training, metric)
    try Check.labels(labels, rows: search.count, classes: classCount)
    try Check.k(k, candidates: search.count)
    (self.search, self.labels, self.classCount, self.k, self.vote, self.tieRule) =
      (search, labels, classCount, k, vote, tieRule)
  }

  /// Predictions for query rows [m, d].
  public func predict(_ queries: Tensor) throws(NeighborsError) -> [KNNPrediction] {
    try search.query(queries, k: k).map(decide)
  }

  /// Leave-one-out predictions for the training points (each excluded from its own vote, NBR-8).
  public func predictLeavingOneOut() throws(NeighborsError) -> [KNNPrediction] {
    try search.leaveOneOut(k: k).map(decide)
  }

  /// The vote of one sorted neighbour list.
  public func decide(_ neighbors: [Neighbor]) -> KNNPrediction {
    Self.decide(neighbors, labels: labels, classCount: classCount, vote: vote, tieRule: tieRule)
  }

  /// The vote of a (distance, index)-sorted neighbour list with the given rules (NBR-10..12).
  public static func decide(_ neighbors: [Neighbor], labels: [Int], classCount: Int, vote: Vote,
                            tieRule: TieRule) -> KNNPrediction {
    let attribution = ExampleAttribution(neighbors: neighbors, vote: vote)
    let fractions = attribution.voteFractions(labels: labels, classCount: classCount)
    let best = fractions.max() ?? 0
    let label: Int
    switch tieRule {
    case .lowestClass: label = fractions.firstIndex(of: best) ?? 0
    case .firstAmongNeighbours:
      label = neighbors.lazy.map { labels[$0.index] }.first { fractions[$0] == best } ?? 0
    }
    return KNNPrediction(label: label, fractions: fractions, attribution: attribution)
  }
}
