import Neighbors
import Tensors

/// Which training examples vote (EBE-5).
public enum NeighbourSet: String, Sendable, CaseIterable {
  /// The first k in (distance, index) order (NBR-5): a tie at the k-th distance goes to the lower
  /// training index, so exactly k examples vote. The project's default (and scikit-learn's
  /// brute-force reading, whose order among equal distances is not specified).
  case exactlyK
  /// Every training example at a distance no larger than the k-th one's: ties at the boundary
  /// all vote (R's `class::knn` rule), so more than k may vote.
  case allTiedAtK
}

/// The settings of an EBE-DNN classifier (EBE-5).
public struct EBEConfiguration: Sendable, Equatable {
  /// Number of neighbours; the paper recommends 10.
  public var k: Int
  /// How a tie between classes with equal vote fractions is broken (NBR-10): `lowestClass` is
  /// scikit-learn's `KNeighborsClassifier` (the argmax of the fractions).
  public var tieRule: TieRule
  public var neighbourSet: NeighbourSet

  public init(k: Int = 10, tieRule: TieRule = .lowestClass, neighbourSet: NeighbourSet = .exactlyK) {
    self.k = k; self.tieRule = tieRule; self.neighbourSet = neighbourSet
  }
}

/// An EBE-DNN classifier over stored training embeddings (EBE-5, EBE-6): cosine k nearest
/// neighbours (NBR-1, exact search NBR-6), a majority vote, and the example attribution.
///
/// The embeddings are whatever a tap gave (EBE-4); the model only stores them. Cosine distance
/// is unchanged by scaling a query or a training embedding by a positive factor (exactly, bit for
/// bit, for powers of two), so neither the neighbours nor the prediction depend on the scale of a
/// layer's activations.
public struct EBEModel: Sendable {
  public let embeddings: Tensor
  public let labels: [Int]
  public let classCount: Int
  public let configuration: EBEConfiguration
  let search: BruteForceSearch

  /// Errors: embeddings not [n, d] with n >= 1 or not finite, labels not one per row or outside
  /// 0..<classCount, k outside 1...n.
  public init(embeddings: Tensor, labels: [Int], classCount: Int, configuration: EBEConfiguration = EBEConfiguration())
    throws(EBEDNNError)
  {
    guard embeddings.rank == 2, embeddings.shape[0] >= 1 else {
      throw .dimensionMismatch(what: "training embeddings rank ([n, d], n >= 1)", expected: 2, got: embeddings.rank)
    }
    let n = embeddings.shape[0]
    guard labels.count == n else {
      throw .dimensionMismatch(what: "labels (one per training embedding)", expected: n, got: labels.count)
    }
    guard classCount >= 1 else { throw .invalidConfiguration("classes \(classCount) must be >= 1") }
    if let row = labels.firstIndex(where: { $0 < 0 || $0 >= classCount }) {
      throw .labelOutOfRange(row: row, label: labels[row], classes: classCount)
    }
    guard (1...n).contains(configuration.k) else { throw .invalidK(configuration.k, trainingCount: n) }
    try requireFinite(embeddings.scalars, "training embeddings")
    self.embeddings = embeddings
    self.labels = labels
    self.classCount = classCount
    self.configuration = configuration
    search = try liftNeighbors { () throws(NeighborsError) in try BruteForceSearch(training: embeddings, metric: .cosine) }
  }

  public var trainingCount: Int { embeddings.shape[0] }

  /// The neighbours of each query row [m, d] under the configuration's neighbour set (EBE-5).
  public func neighbours(_ queries: Tensor) throws(EBEDNNError) -> [[Neighbor]] {
    try requireFinite(queries.scalars, "query embeddings")
    let nearest = try liftNeighbors { () throws(NeighborsError) in try search.query(queries, k: configuration.k) }
    guard configuration.neighbourSet == .allTiedAtK else { return nearest }
    // Everything within the k-th distance, exactly (the radius search ranks naive distances).
    return try nearest.enumerated().map { (i, list) throws(EBEDNNError) in
      let row = try liftTensor { () throws(TensorError) in try queries.rows(i..<(i + 1)) }
      return try liftNeighbors { () throws(NeighborsError) in
        try search.withinRadius(row, radius: list[list.count - 1].distance)[0]
      }
    }
  }

  /// The prediction and explanation of each query row (EBE-5, EBE-6).
  public func explain(_ queries: Tensor) throws(EBEDNNError) -> [EBEExplanation] {
    try neighbours(queries).map {
      EBEExplanation(neighbours: $0, labels: labels, classCount: classCount, tieRule: configuration.tieRule)
    }
  }

  /// The predicted classes of the query rows.
  public func predict(_ queries: Tensor) throws(EBEDNNError) -> [Int] { try explain(queries).map(\.prediction) }
}

/// One prediction of EBE-DNN with its example attribution (EBE-6).
///
/// The attribution gives each voting training example j the weight w_j = 1 / |N| (N the voting
/// neighbours) and every other training example 0. Its scalar product with the one-hot training
/// labels, sum_j w_j y_j, is the vector of vote fractions; the prediction is the class of the
/// largest fraction (ties by the tie rule). The concentration is the number of training examples
/// with non-zero weight: k for the default neighbour set, more when `allTiedAtK` admits ties.
/// The explanation shown to a user is the list of voting neighbours with their labels and cosine
/// similarities 1 - d.
public struct EBEExplanation: Sendable {
  public struct Neighbour: Sendable, Equatable {
    public let index: Int
    public let label: Int
    /// The cosine distance d (NBR-1).
    public let distance: Double
    /// 1 - d: the cosine similarity (with NBR-1's conventions for zero vectors).
    public var similarity: Double { 1 - distance }
    public let weight: Double
  }

  public let neighbours: [Neighbour]
  public let prediction: Int
  /// sum_j w_j y_j: one fraction per class, summing to 1 up to rounding.
  public let fractions: [Double]

  /// The explanation of one (distance, index)-sorted, non-empty neighbour list.
  public init(neighbours list: [Neighbor], labels: [Int], classCount: Int, tieRule: TieRule) {
    let vote = KNNClassifier.decide(list, labels: labels, classCount: classCount, vote: .majority, tieRule: tieRule)
    neighbours = zip(list, vote.attribution.weights).map {
      Neighbour(index: $0.index, label: labels[$0.index], distance: $0.distance, weight: $1)
    }
    prediction = vote.label
    fractions = vote.fractions
  }

  /// The number of training examples with non-zero weight.
  public var concentration: Int { neighbours.filter { $0.weight != 0 }.count }

  /// The weights over all `trainingCount` training examples (zero off the neighbours).
  public func denseWeights(trainingCount: Int) -> [Double] {
    var w = [Double](repeating: 0, count: trainingCount)
    for neighbour in neighbours where neighbour.index < trainingCount { w[neighbour.index] = neighbour.weight }
    return w
  }
}
