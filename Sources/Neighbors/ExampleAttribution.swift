/// How the k neighbours vote (NBR-10, NBR-11).
public enum Vote: Sendable, Equatable {
  /// Each neighbour has weight 1/k.
  case majority
  /// Weight proportional to 1/d (d the search metric's distance); when some neighbours are at
  /// distance 0, they share the vote equally and the others get 0 (NBR-11).
  case distanceWeighted
}

/// A training example and its share of a prediction.
public struct WeightedExample: Hashable, Sendable {
  public let index: Int
  public let weight: Double
}

/// The example attribution of one prediction (NBR-14): a weight vector over training examples,
/// non-zero only on the neighbours, whose scalar product with the one-hot training labels gives the
/// vote fractions (NBR-12).
///
/// Weights, aligned with `neighbors` (in (distance, index) order), sum to 1:
/// - majority vote: w_j = 1/k;
/// - distance-weighted vote: raw r_j = d_1 / d_j with d_1 the nearest distance (proportional to 1/d_j,
///   in (0, 1], so no overflow for tiny distances); if d_1 = 0, r_j = 1 where d_j = 0 and 0 elsewhere;
///   w_j = r_j / sum_l r_l (sum in neighbour order).
public struct ExampleAttribution: Sendable {
  public let neighbors: [Neighbor]
  public let weights: [Double]

  /// The attribution of a non-empty neighbour list under `vote`.
  public init(neighbors: [Neighbor], vote: Vote) {
    self.neighbors = neighbors
    self.weights = Self.rawWeights(neighbors, vote).normalised
  }

  /// Raw weights and their sum (the regression uses them unnormalised).
  static func rawWeights(_ neighbors: [Neighbor], _ vote: Vote) -> (raw: [Double], total: Double, normalised: [Double]) {
    let k = neighbors.count
    if vote == .majority || k == 0 {
      return ([Double](repeating: 1, count: k), Double(k), [Double](repeating: 1 / Double(k), count: k))
    }
    let nearest = neighbors[0].distance
    let raw = neighbors.map { n in nearest == 0 ? (n.distance == 0 ? 1.0 : 0.0) : nearest / n.distance }
    let total = raw.reduce(0, +)
    return (raw, total, raw.map { $0 / total })
  }

  /// Number of non-zero weights: k for a majority vote; the number of exact matches when a weighted
  /// vote has neighbours at distance 0.
  public var concentration: Int { weights.filter { $0 != 0 }.count }

  /// The dense weight vector over all n training examples.
  public func dense(trainingCount n: Int) -> [Double] {
    var w = [Double](repeating: 0, count: n)
    for (neighbor, weight) in zip(neighbors, weights) { w[neighbor.index] = weight }
    return w
  }

  /// The m examples with the largest weights, weight decreasing, ties in neighbour order.
  public func top(_ m: Int) -> [WeightedExample] {
    let ranked = zip(neighbors, weights).enumerated().sorted { a, b in
      a.element.1 > b.element.1 || (a.element.1 == b.element.1 && a.offset < b.offset)
    }
    return ranked.prefix(Swift.max(0, m)).map { WeightedExample(index: $0.element.0.index, weight: $0.element.1) }
  }

  /// Vote fractions (NBR-12): f_c = sum of the weights of neighbours of class c, in neighbour order.
  public func voteFractions(labels: [Int], classCount: Int) -> [Double] {
    var fractions = [Double](repeating: 0, count: classCount)
    for (neighbor, weight) in zip(neighbors, weights) { fractions[labels[neighbor.index]] += weight }
    return fractions
  }
}
