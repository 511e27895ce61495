import Tensors

/// k-nearest-neighbour regression (NBR-13): the prediction for a query is
/// - majority (plain) vote: the mean (sum_j t_j) / k, summed in neighbour order;
/// - distance-weighted vote: sum_j r_j t_j / sum_j r_j with the raw weights r_j of NBR-14.
public struct KNNRegressor: Sendable {
  public let search: any NeighborSearch
  public let targets: [Double]
  public let k: Int
  public let vote: Vote

  /// Errors: as the classifier's, with a target count other than n or a non-finite target.
  public init(training: Tensor, targets: [Double], k: Int, metric: Metric = .euclidean,
              vote: Vote = .majority, method: SearchMethod = .bruteForce) throws(NeighborsError) {
    let search = try method.make(training, metric)
    guard targets.count == search.count else { throw .labelCount(expected: search.count, got: targets.count) }
    if let i = targets.firstIndex(where: { !$0.isFinite }) {
      throw .nonFinite(argument: "targets", row: i, column: 0, value: targets[i])
    }
    try Check.k(k, candidates: search.count)
    (self.search, self.targets, self.k, self.vote) = (search, targets, k, vote)
  }

  /// Predictions for query rows [m, d].
  public func predict(_ queries: Tensor) throws(NeighborsError) -> [Double] {
    try search.query(queries, k: k).map(predict)
  }

  /// The prediction from one sorted neighbour list.
  public func predict(_ neighbors: [Neighbor]) -> Double {
    if vote == .majority {
      return neighbors.reduce(0.0) { $0 + targets[$1.index] } / Double(neighbors.count)
    }
    let (raw, total, _) = ExampleAttribution.rawWeights(neighbors, vote)
    var sum = 0.0
    for (neighbor, r) in zip(neighbors, raw) { sum += r * targets[neighbor.index] }
    return sum / total
  }
}
