import Evaluation
import Neighbors
import Tensors

/// Oracle functions of the Neighbors module (NBR-20).
enum NeighborFunctions {
  static var all: [OracleFunction] { [query, classify, attribution, pairwise] }

  static let metricNames = ["euclidean", "sqeuclidean", "manhattan", "cosine"]

  static func metric(_ a: OracleArguments) throws -> Metric {
    guard a.has("metric") else { return .euclidean }
    switch try a.string("metric", oneOf: metricNames) {
    case "sqeuclidean": return .squaredEuclidean
    case "manhattan": return .manhattan
    case "cosine": return .cosine
    default: return .euclidean
    }
  }

  static func neighbourTensors(_ lists: [[Neighbor]], k: Int) -> [(String, JSONValue)] {
    var indices = Tensor.zeros([lists.count, k]), distances = Tensor.zeros([lists.count, k])
    for (i, list) in lists.enumerated() {
      for (j, n) in list.enumerated() { indices[flat: i * k + j] = Double(n.index); distances[flat: i * k + j] = n.distance }
    }
    return [("indices", JSONValue(indices)), ("distances", JSONValue(distances))]
  }

  static let query = OracleFunction(
    name: "knn.query", summary: "exact k nearest neighbours by (distance, index), ties to the lower index (NBR-5, NBR-6)",
    arguments: [
      ("train", "T[n,d]"), ("queries", "T[m,d]"), ("k", "1...n"),
      ("metric", "euclidean (default) | sqeuclidean | manhattan | cosine")
    ],
    results: [("indices", "T[m,k]"), ("distances", "T[m,k]")],
    cost: .init("scalars 2 n d + m d + 2 m k + 512 n, steps m n d") { a in
      let (n, d, m) = (a.extent("train", 0), a.extent("train", 1), a.extent("queries", 0))
      let k = Swift.min(a.count("k"), n)
      return OracleCost(scalars: 2 * n * d + m * d + 2 * m * k + 512 * n, steps: m * n * d)
    },
    spec: ["NBR-20", "NBR-5", "NBR-6"],
    example:
      #"{"function":"knn.query","arguments":{"train":{"shape":[3,1],"data":[0,2,1]},"queries":{"shape":[1,1],"data":[1.5]},"k":2,"metric":"manhattan"}}"#
  ) { a, _ in
    let train = try a.tensor("train")
    let k = try a.integer("k", in: 1...Swift.max(1, train.shape.first ?? 1))
    let search = try BruteForceSearch(training: train, metric: try metric(a))
    return neighbourTensors(try search.query(try a.tensor("queries"), k: k), k: k)
  }

  static func classifier(_ a: OracleArguments) throws -> KNNClassifier {
    let voteName = a.has("vote") ? try a.string("vote", oneOf: ["majority", "distanceWeighted"]) : "majority"
    let tieName = a.has("tieRule") ? try a.string("tieRule", oneOf: ["lowestClass", "firstAmongNeighbours"]) : "lowestClass"
    let vote: Vote = voteName == "distanceWeighted" ? .distanceWeighted : .majority
    let tie: TieRule = tieName == "firstAmongNeighbours" ? .firstAmongNeighbours : .lowestClass
    let train = try a.tensor("train")
    return try KNNClassifier(
      training: train, labels: try a.labels("labels"), classCount: try a.integer("classes", in: 1...1_000_000),
      k: try a.integer("k", in: 1...Swift.max(1, train.shape.first ?? 1)), metric: try metric(a), vote: vote, tieRule: tie)
  }

  static let classifierArguments: [(String, String)] = [
    ("train", "T[n,d]"), ("labels", "T[n]"), ("classes", "C"), ("queries", "T[m,d]"), ("k", "1...n"),
    ("metric", "euclidean (default) | sqeuclidean | manhattan | cosine"), ("vote", "majority (default) | distanceWeighted"),
    ("tieRule", "lowestClass (default) | firstAmongNeighbours"),
  ]

  /// A classifier's cost; `attribution` adds the dense m x n weights.
  static func classifierCost(attribution: Bool) -> OracleCost.Bound {
    .init("scalars 2 n d + m d + m C + m k + 512 n\(attribution ? " + m n" : ""), steps m n d + m C") { a in
      let (n, d, m, c) = (a.extent("train", 0), a.extent("train", 1), a.extent("queries", 0), a.count("classes"))
      let k = Swift.min(a.count("k"), n)
      return OracleCost(
        scalars: 2 * n * d + m * d + m * c + m * k + 512 * n + (attribution ? m * n : 0), steps: m * n * d + m * c)
    }
  }

  static let classify = OracleFunction(
    name: "knn.classify", summary: "kNN classification with vote fractions (NBR-10 ... NBR-12)",
    arguments: classifierArguments, results: [("labels", "T[m]"), ("fractions", "T[m,C]")],
    cost: classifierCost(attribution: false),
    spec: ["NBR-20", "NBR-10", "NBR-11", "NBR-12"],
    example:
      #"{"function":"knn.classify","arguments":{"train":{"shape":[3,1],"data":[0,2,1]},"queries":{"shape":[1,1],"data":[1.5]},"k":2,"labels":[0,1,1],"classes":2,"vote":"distanceWeighted"}}"#
  ) { a, _ in
    let c = try classifier(a)
    let predictions = try c.predict(try a.tensor("queries"))
    return [("labels", JSONValue(Tensor(predictions.map { Double($0.label) }))),
      ("fractions", JSONValue(try Tensor(shape: [predictions.count, c.classCount], scalars: predictions.flatMap(\.fractions))))
    ]
  }

  static let attribution = OracleFunction(
    name: "knn.attribution", summary: "each prediction's weights over the training examples (NBR-14)",
    arguments: classifierArguments,
    results: [("weights", "T[m,n]: dense attribution weights"), ("concentration", "T[m]: non-zero weights")],
    cost: classifierCost(attribution: true),
    spec: ["NBR-20", "NBR-14"],
    example:
      #"{"function":"knn.attribution","arguments":{"train":{"shape":[3,1],"data":[0,2,1]},"queries":{"shape":[1,1],"data":[1.5]},"k":2,"labels":[0,1,1],"classes":2,"tieRule":"firstAmongNeighbours"}}"#
  ) { a, _ in
    let c = try classifier(a)
    let predictions = try c.predict(try a.tensor("queries"))
    let n = c.labels.count
    return [
      (
        "weights",
        JSONValue(
          try Tensor(shape: [predictions.count, n], scalars: predictions.flatMap { $0.attribution.dense(trainingCount: n) }))
      ),
      ("concentration", JSONValue(Tensor(predictions.map { Double($0.attribution.concentration) })))
    ]
  }

  static let pairwise = OracleFunction(
    name: "distance.pairwise", summary: "all distances between the rows of x and y, naive reference form (NBR-3)",
    arguments: [("x", "T[m,d]"), ("y", "T[n,d]"), ("metric", "euclidean (default) | sqeuclidean | manhattan | cosine")],
    results: [("distances", "T[m,n]")],
    cost: .init("scalars m d + n d + m n, steps m n d") { a in
      let (m, n, d) = (a.extent("x", 0), a.extent("y", 0), a.extent("x", 1))
      return OracleCost(scalars: m * d + n * d + m * n, steps: m * n * d)
    },
    spec: ["NBR-20", "NBR-3"],
    example:
      #"{"function":"distance.pairwise","arguments":{"x":{"shape":[1,2],"data":[1,0]},"y":{"shape":[2,2],"data":[3,4,1,0]},"metric":"cosine"}}"#
  ) { a, _ in
    [("distances", JSONValue(try PairwiseDistances.naive(try a.tensor("x"), try a.tensor("y"), metric: try metric(a))))]
  }
}
