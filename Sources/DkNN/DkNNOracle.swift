import Evaluation
import Foundation
import Neighbors
import Tensors

/// The DkNN oracle functions (ORACLE-50 ... ORACLE-53): everything from given representations, so
/// that another implementation can be checked neighbour by neighbour and p-value by p-value. The
/// model-dependent parts (representations, logits, gradients) are inputs.
public enum DkNNOracleFunctions {
  public static var all: [OracleFunction] { [calibrate, predict, conformity, leaveOneOut] }

  // MARK: Arguments

  /// Per-layer representations: an array of L tensors T[rows, d_l], each finite, all with `rows`
  /// rows when given; widths must match `widths` when given.
  static func layers(
    _ a: OracleArguments, _ name: String, rows: Int? = nil,
    widths: [Int]? = nil
  ) throws -> LayerRepresentations {
    guard let items = a.values[name]?.array, !items.isEmpty else {
      throw ReportError.badArgument(name, "expected a non-empty array of tensors T[rows,d], one per layer")
    }
    var matrices: [Tensor] = []
    for (l, item) in items.enumerated() {
      let t = try item.tensor(named: name)
      guard t.rank == 2 else { throw ReportError.badArgument(name, "layer \(l): expected T[rows,d], got shape \(t.shape)") }
      try OracleArguments.requireFinite(t, "\(name)[\(l)]")
      if let rows, t.shape[0] != rows {
        throw ReportError.badArgument(name, "layer \(l) has \(t.shape[0]) rows, expected \(rows)")
      }
      if let first = matrices.first, first.shape[0] != t.shape[0] {
        throw ReportError.badArgument(name, "layer \(l) has \(t.shape[0]) rows, layer 0 has \(first.shape[0])")
      }
      if let widths {
        guard widths.count == items.count else {
          throw ReportError.badArgument(name, "\(items.count) layers, the training representations have \(widths.count)")
        }
        guard t.shape[1] == widths[l] else {
          throw ReportError.badArgument(
            name, "layer \(l) has width \(t.shape[1]), the training representations have \(widths[l])")
        }
      }
      matrices.append(t)
    }
    do { return try LayerRepresentations(layers: matrices.indices.map { "layer\($0)" }, matrices: matrices) } catch {
      throw ReportError.badArgument(name, "\(error)")
    }
  }

  /// Labels: one per row, each in 0..<classes.
  static func labels(_ a: OracleArguments, _ name: String, count: Int, classes: Int) throws -> [Int] {
    let labels = try a.labels(name)
    guard labels.count == count else {
      throw ReportError.badArgument(name, "expected \(count) labels (one per row), got \(labels.count)")
    }
    if let bad = labels.first(where: { $0 >= classes }) {
      throw ReportError.badArgument(name, "label \(bad) is outside 0..<\(classes) (classes)")
    }
    return labels
  }

  /// The training side: representations, labels, classes (>= 2), k (default 75, at most n), space.
  static func index(_ a: OracleArguments, defaultSpace: RepresentationSpace) throws -> DkNNIndex {
    let training = try layers(a, "training")
    let classes = try a.integer("classes", in: 2...100_000)
    let labels = try labels(a, "trainingLabels", count: training.count, classes: classes)
    let k = a.has("k") ? try a.integer("k", in: 1...Swift.max(1, training.count)) : Swift.min(75, training.count)
    let space =
      a.has("space")
      ? RepresentationSpace(rawValue: try a.string("space", oneOf: RepresentationSpace.allCases.map(\.rawValue)))!
      : defaultSpace
    do { return try DkNNIndex(training: training, labels: labels, classes: classes, k: k, space: space) } catch {
      throw ReportError.badArgument("training", "\(error)")
    }
  }

  static let trainingArguments: [(String, String)] = [
    ("training", "[T[n,d_1], ..., T[n,d_L]]: the training representations, one tensor per layer"),
    ("trainingLabels", "T[n] integer classes"), ("classes", "C >= 2"),
    ("k", "optional neighbours per layer, 1...n, default min(75, n)")
  ]

  // MARK: Results

  /// Neighbour indices and distances as T[L, rows, k].
  static func neighbourResults(_ n: LayerNeighbors) -> [(String, JSONValue)] {
    let (layers, rows, k) = (n.layers.count, n.queryCount, n.k)
    var indices = Tensor.zeros([layers, rows, k]), distances = Tensor.zeros([layers, rows, k])
    for l in 0..<layers {
      for q in 0..<rows {
        for (j, neighbor) in n.lists[l][q].enumerated() {
          indices[flat: (l * rows + q) * k + j] = Double(neighbor.index)
          distances[flat: (l * rows + q) * k + j] = neighbor.distance
        }
      }
    }
    return [("neighbors", JSONValue(indices)), ("distances", JSONValue(distances))]
  }

  static func vector(_ values: [Double]) -> JSONValue { JSONValue(Tensor(values)) }
  static func matrix(_ rows: [[Double]], width: Int) -> JSONValue {
    var t = Tensor.zeros([rows.count, width])
    for (r, row) in rows.enumerated() { for (c, x) in row.prefix(width).enumerated() { t[flat: r * width + c] = x } }
    return JSONValue(t)
  }

  /// Refuses an argument that `variant` does not use (ORACLE-20), naming the ones it takes.
  static func requireOnly(_ a: OracleArguments, _ accepted: [String], variant: String) throws {
    for (name, _) in a.values.members ?? [] where !accepted.contains(name) {
      throw ReportError.badArgument(name, "not used by the \(variant) variant; it takes: \(accepted.joined(separator: ", "))")
    }
  }

  /// Cost of finding k neighbours of m queries among n training rows at layers of total width D:
  /// the representations, the search's copies of one layer and its per-chunk panel, and the results.
  static func searchCost(_ a: OracleArguments, queries: [String]) -> OracleCost {
    let training = a.extentsOfEach("training")
    let n = training.first.map { $0.first ?? 0 } ?? 0
    let widths = training.map { $0.count > 1 ? $0[1] : 1 }
    let total = widths.reduce(0, +), widest = widths.max() ?? 0
    let m = queries.map { (a.extentsOfEach($0).first?.first ?? 0) }.reduce(0, +)
    let k = Swift.min(a.count("k", default: 75), n), layers = Double(training.count)
    let c = a.count("classes", default: 2)
    return OracleCost(scalars: 2 * n * total + 3 * n * widest + 2 * m * total + 128 * n + 2 * layers * m * k + 4 * m * c,
                      steps: m * n * total + layers * m * k * (widest + c))
  }

  static let searchFormula = "scalars 2 n D + 3 n max d + 2 m D + 128 n + 2 L m k + 4 m C, steps m n D + L m k (max d + C)"
    + " (D = sum of the layer widths d_l, m = query rows of every kind)"

  // MARK: Functions

  /// `dknn.calibrate` (ORACLE-50).
  static let calibrate = OracleFunction(
    name: "dknn.calibrate",
    summary:
      """
        Papernot's DkNN calibration: neighbours of the calibration points per layer, their nonconformity with the true label, \
        the kept scores (DKNN-2 ... DKNN-5)
        """,
    arguments: trainingArguments + [
      ("calibration", "[T[m,d_1], ..., T[m,d_L]]"), ("calibrationLabels", "T[m]"),
      ("space", "optional search space: unitNormalizedCentered (default, Papernot's code) | raw"),
    ],
    results: [("neighbors", "T[L,m,k] training indices, nearest first"), ("distances", "T[L,m,k]"),
              ("nonconformity", "T[m]: alpha(x_c, y_c)"), ("scores", "T[|A|]: the calibration scores kept, ascending")],
    variants: CalibrationTrimming.allCases.map(\.rawValue),
    cost: .init(searchFormula) { a in searchCost(a, queries: ["calibration"]) },
    spec: ["ORACLE-50", "DKNN-4", "DKNN-5"],
    example:
      #"{"function":"dknn.calibrate","arguments":{"training":[{"shape":[4,1],"data":[0,1,2,3]}],"trainingLabels":[0,0,1,1],"classes":2,"k":2,"calibration":[{"shape":[2,1],"data":[0.4,2.6]}],"calibrationLabels":[0,0]}}"#
  ) { a, variant in
    let index = try index(a, defaultSpace: .unitNormalizedCentered)
    let calibration = try layers(a, "calibration", widths: index.searches.map(\.dimension))
    let labels = try labels(a, "calibrationLabels", count: calibration.count, classes: index.classes)
    let neighbors = try index.neighbors(calibration)
    let alphas = labels.enumerated().map { q, y in
      NeighborLabelCounts(neighbors, query: q, labels: index.labels, classes: index.classes).nonconformity(y)
    }
    let trimming = CalibrationTrimming(rawValue: variant ?? "keepZeros") ?? .keepZeros
    let kept: DkNNCalibration
    do { kept = try DkNNCalibration(scores: alphas, trimming: trimming) } catch {
      throw ReportError.badArgument("calibration", "\(error)")
    }
    return neighbourResults(neighbors) + [
      ("nonconformity", vector(alphas.map(Double.init))), ("scores", vector(kept.scores.map(Double.init)))
    ]
  }

  /// `dknn.predict` (ORACLE-51).
  static let predict = OracleFunction(
    name: "dknn.predict",
    summary:
      """
        Papernot's DkNN prediction: neighbours per layer, nonconformity per class, p-values, prediction (ties to the lowest \
        class), credibility, confidence (DKNN-2 ... DKNN-7)
        """,
    arguments: trainingArguments + [
      ("calibration", "[T[m,d_1], ..., T[m,d_L]]"), ("calibrationLabels", "T[m]"), ("queries", "[T[q,d_1], ..., T[q,d_L]]"),
      ("space", "optional search space: unitNormalizedCentered (default, Papernot's code) | raw"),
    ],
    results: [("neighbors", "T[L,q,k] training indices of the queries' neighbours"), ("distances", "T[L,q,k]"),
      ("nonconformity", "T[q,C]"), ("pValues", "T[q,C]"), ("prediction", "T[q]"), ("credibility", "T[q]"), ("confidence", "T[q]"),
      ("scores", "T[|A|]: the calibration scores kept")
    ],
    variants: CalibrationTrimming.allCases.map(\.rawValue),
    cost: .init(searchFormula) { a in searchCost(a, queries: ["calibration", "queries"]) },
    spec: ["ORACLE-51", "DKNN-6", "DKNN-7"],
    example:
      #"{"function":"dknn.predict","arguments":{"training":[{"shape":[4,1],"data":[0,1,2,3]}],"trainingLabels":[0,0,1,1],"classes":2,"k":2,"space":"raw","calibration":[{"shape":[2,1],"data":[0.4,2.6]}],"calibrationLabels":[0,0],"queries":[{"shape":[1,1],"data":[1.4]}]}}"#
  ) { a, variant in
    let index = try index(a, defaultSpace: .unitNormalizedCentered)
    let widths = index.searches.map(\.dimension)
    let calibrationPoints = try layers(a, "calibration", widths: widths)
    let calibrationLabels = try labels(a, "calibrationLabels", count: calibrationPoints.count, classes: index.classes)
    let queries = try layers(a, "queries", widths: widths)
    let trimming = CalibrationTrimming(rawValue: variant ?? "keepZeros") ?? .keepZeros
    let calibration: DkNNCalibration
    do {
      calibration = try DkNNCalibration(neighbors: try index.neighbors(calibrationPoints), calibrationLabels: calibrationLabels,
                                        trainingLabels: index.labels, classes: index.classes, trimming: trimming)
    } catch { throw ReportError.badArgument("calibration", "\(error)") }
    let neighbors = try index.neighbors(queries)
    let predictions = try CalibratedPrediction.predictions(
      neighbors, trainingLabels: index.labels, classes: index.classes, calibration: calibration)
    let alphas = (0..<queries.count).map {
      NeighborLabelCounts(neighbors, query: $0, labels: index.labels, classes: index.classes).nonconformities.map(Double.init)
    }
    return neighbourResults(neighbors) + [
      ("nonconformity", matrix(alphas, width: index.classes)),
      ("pValues", matrix(predictions.map(\.pValues), width: index.classes)),
      ("prediction", vector(predictions.map { Double($0.label) })), ("credibility", vector(predictions.map(\.credibility))),
      ("confidence", vector(predictions.map(\.confidence))), ("scores", vector(calibration.scores.map(Double.init))),
    ]
  }

  /// `dknn.conformity` (ORACLE-52).
  static let conformity = OracleFunction(
    name: "dknn.conformity",
    summary:
      """
        Wallace et al.'s conformity: neighbours per layer, label fractions over the pooled neighbours, majority prediction \
        (tie: first met), credibility p1, confidence 1 - p2 (DKNN-10, DKNN-11)
        """,
    arguments: trainingArguments + [
      ("queries", "[T[q,d_1], ..., T[q,d_L]]"),
      ("space", "optional search space: raw (default, their code) | unitNormalizedCentered")
    ],
    results: [
      ("neighbors", "T[L,q,k]"), ("distances", "T[L,q,k]"), ("conformity", "T[q,C]: fraction of pooled neighbours per class"),
      ("prediction", "T[q]"), ("credibility", "T[q]"), ("confidence", "T[q]")
    ],
    variants: NeighborPooling.allCases.map(\.rawValue),
    cost: .init(searchFormula) { a in searchCost(a, queries: ["queries"]) },
    spec: ["ORACLE-52", "DKNN-10", "DKNN-11"],
    example:
      #"{"function":"dknn.conformity","arguments":{"training":[{"shape":[4,1],"data":[0,1,2,3]}],"trainingLabels":[0,0,1,1],"classes":2,"k":2,"queries":[{"shape":[1,1],"data":[0.1]}]}}"#
  ) { a, variant in
    let index = try index(a, defaultSpace: .raw)
    let queries = try layers(a, "queries", widths: index.searches.map(\.dimension))
    let pooling = NeighborPooling(rawValue: variant ?? "allLayers") ?? .allLayers
    let neighbors = try index.neighbors(queries)
    let votes = (0..<queries.count).map {
      ConformityVote(neighbors, query: $0, labels: index.labels, classes: index.classes, pooling: pooling)
    }
    return neighbourResults(neighbors) + [
      ("conformity", matrix(votes.map { v in (0..<index.classes).map(v.conformity) }, width: index.classes)),
      ("prediction", vector(votes.map { Double($0.label) })), ("credibility", vector(votes.map(\.credibility))),
      ("confidence", vector(votes.map(\.confidence))),
    ]
  }

  /// `dknn.leaveOneOut` (ORACLE-53).
  static let leaveOneOut = OracleFunction(
    name: "dknn.leaveOneOut",
    summary:
      """
        word importances of one sequence of L tokens by conformity leave-one-out, confidence leave-one-out or gradient x \
        embedding, with the authors' display normalisation, the 0.05 highlights and ranks (DKNN-21 ... DKNN-26)
        """,
    arguments: trainingArguments + [
      ("queries", "conformity: [T[L+1,d_1], ...]: row 0 the whole sequence, row i the sequence without token i"),
      ("pooling", "conformity: allLayers (default) | lastLayer"),
      ("space", "conformity: optional search space raw (default, their code) | unitNormalizedCentered"),
      ("logits", "confidence: T[L+1,C], row 0 the whole sequence, row i without token i; gradient: T[C] or T[1,C]"),
      ("embeddings", "gradient: T[L,D], the embedding-layer output"),
      ("embeddingGradients", "gradient: T[L,D], d loss / d embeddings for the predicted class"),
      ("positiveClass", "optional class whose prediction flips the display signs, default 1"),
    ],
    results: [
      ("prediction", "the class explained"), ("original", "its score on the whole sequence"),
      ("scores", "T[L] raw scores (negative: supports)"),
      ("normalized", "T[L] display normalisation"), ("highlighted", "T[L] 1 where |normalized| > 0.05"),
      ("ranks", "T[L] ascending ranks of normalized (1 = most negative)"), ("supportRanks", "T[L] 1 = most supporting")
    ],
    variants: ["conformity", "confidence", "gradient"],
    cost: .init(searchFormula + "; confidence and gradient: scalars 4 L C + 4 L D, steps L (C + D)") { a in
      var cost = a.has("training") ? searchCost(a, queries: ["queries"]) : OracleCost(scalars: 0, steps: 0)
      let (l, c, d) = (a.extent("logits", 0), a.extent("logits", 1), a.extent("embeddings", 1))
      cost.scalars += 4 * l * c + 4 * a.extent("embeddings", 0) * d
      cost.steps += l * (c + d)
      return cost
    },
    spec: ["ORACLE-53", "DKNN-22", "DKNN-25", "DKNN-26"],
    example:
      #"{"function":"dknn.leaveOneOut","arguments":{"training":[{"shape":[4,1],"data":[0,1,2,3]}],"trainingLabels":[0,0,1,1],"classes":2,"k":2,"queries":[{"shape":[3,1],"data":[0.2,2.6,0.4]}]}}"#
  ) { a, variant in
    let method = variant ?? "conformity"
    let attribution: Attribution
    switch method {
    case "confidence":
      try requireOnly(a, ["logits", "positiveClass"], variant: method)
      let logits = try a.finiteTensor("logits")
      guard logits.rank == 2, logits.shape[0] >= 3, logits.shape[1] >= 1 else {
        throw ReportError.badArgument("logits", "expected T[L+1,C] with L >= 2 tokens, got shape \(logits.shape)")
      }
      let c = logits.shape[1]
      let p = (0..<logits.shape[0]).map { LeaveOneOut.softmax(Array(logits.scalars[($0 * c)..<(($0 + 1) * c)])) }
      let y = LeaveOneOut.argmax(p[0])
      attribution = Attribution(prediction: y, original: p[0][y], scores: p.dropFirst().map { $0[y] - p[0][y] })
    case "gradient":
      try requireOnly(a, ["logits", "embeddings", "embeddingGradients", "positiveClass"], variant: method)
      let logits = try a.finiteTensor("logits"), embeddings = try a.finiteTensor("embeddings"),
        gradients = try a.finiteTensor("embeddingGradients")
      guard logits.count >= 1, logits.rank <= 2, logits.rank < 2 || logits.shape[0] == 1 else {
        throw ReportError.badArgument("logits", "expected T[C] or T[1,C], got shape \(logits.shape)")
      }
      guard embeddings.rank == 2, embeddings.shape[0] >= 1 else {
        throw ReportError.badArgument("embeddings", "expected T[L,D], got shape \(embeddings.shape)")
      }
      guard gradients.shape == embeddings.shape else {
        throw ReportError.badArgument(
          "embeddingGradients", "shape \(gradients.shape) differs from the embeddings' \(embeddings.shape)")
      }
      let y = LeaveOneOut.argmax(logits.scalars)
      let d = embeddings.shape[1]
      let scores = (0..<embeddings.shape[0]).map { i in
        (0..<d).reduce(0.0) { $0 + gradients.scalars[i * d + $1] * embeddings.scalars[i * d + $1] }
      }
      attribution = Attribution(prediction: y, original: LeaveOneOut.softmax(logits.scalars)[y], scores: scores)
    default:
      try requireOnly(a, trainingArguments.map(\.0) + ["queries", "pooling", "space", "positiveClass"], variant: method)
      let index = try index(a, defaultSpace: .raw)
      let queries = try layers(a, "queries", widths: index.searches.map(\.dimension))
      guard queries.count >= 3 else {
        throw ReportError.badArgument("queries", "expected L + 1 >= 3 rows (the sequence and each removal), got \(queries.count)")
      }
      let pooling =
        a.has("pooling")
        ? NeighborPooling(rawValue: try a.string("pooling", oneOf: NeighborPooling.allCases.map(\.rawValue)))! : .allLayers
      let neighbors = try index.neighbors(queries)
      let votes = (0..<queries.count).map {
        ConformityVote(neighbors, query: $0, labels: index.labels, classes: index.classes, pooling: pooling)
      }
      let y = votes[0].label, original = votes[0].conformity(y)
      attribution = Attribution(prediction: y, original: original, scores: votes.dropFirst().map { $0.conformity(y) - original })
    }
    let positive = a.has("positiveClass") ? try a.integer("positiveClass", in: 0...1_000_000) : 1
    let normalized = SaliencyDisplay.normalized(attribution, positiveClass: positive)
    return [("prediction", .number(Double(attribution.prediction))), ("original", .double(attribution.original)),
            ("scores", vector(attribution.scores)), ("normalized", vector(normalized)),
            ("highlighted", vector(SaliencyDisplay.highlighted(normalized).map { $0 ? 1 : 0 })),
            ("ranks", vector(SaliencyDisplay.ranks(normalized).map(Double.init))),
            ("supportRanks", vector(SaliencyDisplay.supportRanks(attribution).map(Double.init)))]
  }
}
