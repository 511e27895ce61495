import Autodiff
import Evaluation
import Foundation
import Networks
import Randomness
import Tensors

/// The NN-kNN oracle functions (NNKNN-15): forward values, loss and every gradient for given
/// parameter values, so that another implementation can be checked number by number. Checked in
/// turn against the models written as PyTorch modules (ORACLE-71).
public enum NNkNNOracleFunctions {
  public static var all: [OracleFunction] { [forward, defaultBiasFunction, explain, originalForward] }

  /// Named configurations accepted as the request's variant; the first is the default.
  static let variantNames = ["code", "paper", "paperSquared", "codeReluCaseWeights", "codeExcludeIdentical"]

  /// Applies the named variant to the authors'-code configuration.
  static func apply(_ variant: String, to c: inout NNkNNConfiguration) {
    switch variant {
    case "paper": c.glocal = .paper; c.distance = .paperAbsolute
    case "paperSquared": c.glocal = .paper; c.distance = .paperSquared
    case "codeReluCaseWeights": c.caseWeighting = .relu
    case "codeExcludeIdentical": c.excludeIdenticalCases = true
    default: break
    }
  }

  static let modelArguments: [(String, String)] = [
    ("queries", "T[m,d]"), ("cases", "T[n,d], n >= 2"), ("caseLabels", "T[n] integer classes, every class 0..<C present"),
    ("classes", "number of classes C"), ("GW", "T[w,d], w >= 1"), ("cW", "T[n,w]"), ("bias", "T[n]"), ("caseWeight", "T[n]"),
    ("B", "the default bias (> 0)"), ("slope", "optional leakyReLU slope of the glocal weights (>= 0), default 0.001"),
    ("labels", "optional T[m]: adds the loss and gradients"),
  ]

  /// The cost of one extended pass with gradients (ORACLE-21): parameters, distances, activations
  /// and the one-hot class matrix, values and cotangents.
  static let modelCost = OracleCost.Bound(
    "scalars 3 (w d + n w + n d + 2 n) + 8 m n + 3 n C + 3 m C + 2 m d, steps m n d + n w d + m n C"
  ) { a in
    let (m, n, d) = (a.extent("queries", 0), a.extent("cases", 0), a.extent("cases", 1))
    let (w, c) = (a.extent("GW", 0), a.count("classes"))
    return OracleCost(scalars: 3 * (w * d + n * w + n * d + 2 * n) + 8 * m * n + 3 * n * c + 3 * m * c + 2 * m * d,
                      steps: m * n * d + n * w * d + m * n * c)
  }

  /// The cases, their labels and the class count, checked so that each refusal names its argument
  /// (ORACLE-20): n >= 2 cases (the model's configuration needs a k < n, though B is given here),
  /// one label in 0..<C per case, and every class present (the model refuses empty classes).
  static func caseBase(_ a: OracleArguments, minimumCases: Int) throws -> (cases: Tensor, labels: [Int], classes: Int) {
    let cases = try a.tensor("cases")
    guard cases.rank == 2, cases.shape[0] >= minimumCases else {
      throw ReportError.badArgument("cases", "expected T[n,d] with n >= \(minimumCases), got shape \(cases.shape)")
    }
    try OracleArguments.requireFinite(cases, "cases")
    let labels = try a.labels("caseLabels"), classes = try a.integer("classes", in: 1...1_000_000)
    guard labels.count == cases.shape[0] else {
      throw ReportError.badArgument("caseLabels", "expected \(cases.shape[0]) labels (one per case), got \(labels.count)")
    }
    if let label = labels.first(where: { $0 >= classes }) {
      throw ReportError.badArgument("caseLabels", "label \(label) is outside 0..<\(classes) (classes)")
    }
    return (cases, labels, classes)
  }

  /// Query labels: one per query row, each in 0..<classes.
  static func queryLabels(_ a: OracleArguments, queries: Int, classes: Int) throws -> [Int]? {
    guard a.has("labels") else { return nil }
    let labels = try a.labels("labels")
    guard labels.count == queries else {
      throw ReportError.badArgument("labels", "expected \(queries) labels (one per query), got \(labels.count)")
    }
    if let label = labels.first(where: { $0 >= classes }) {
      throw ReportError.badArgument("labels", "label \(label) is outside 0..<\(classes) (classes)")
    }
    return labels
  }

  /// Queries T[m, d] with the cases' d, finite.
  static func queryMatrix(_ a: OracleArguments, features d: Int) throws -> Tensor {
    let queries = try a.tensor("queries")
    guard queries.rank == 2, queries.shape[1] == d else {
      throw ReportError.badArgument("queries", "expected T[m,\(d)] (d from cases), got shape \(queries.shape)")
    }
    try OracleArguments.requireFinite(queries, "queries")
    return queries
  }

  /// Sets each named parameter from the argument of the same name, finite and of the model's shape.
  static func setParameters(_ names: [String], of store: inout ParameterStore, from a: OracleArguments) throws {
    for name in names {
      let value = try a.finiteTensor(name)
      do { try store.setValue(value, for: name) } catch { throw ReportError.badArgument(name, "\(error)") }
    }
  }

  /// The extended model with the request's parameter values.
  static func model(_ a: OracleArguments, variant: String?) throws -> (NNkNNModel, Tensor) {
    let (cases, labels, classes) = try caseBase(a, minimumCases: 2)
    if let empty = Set(0..<classes).subtracting(labels).min() {
      throw ReportError.badArgument("classes",
                                    "class \(empty) has no case in caseLabels; the model needs every class 0..<\(classes)")
    }
    let gw = try a.tensor("GW")
    guard gw.rank == 2, gw.shape[0] >= 1 else {
      throw ReportError.badArgument("GW", "expected T[w,d] with w >= 1, got shape \(gw.shape)")
    }
    var configuration = NNkNNConfiguration.code(weightings: gw.shape[0], k: 1)
    if a.has("slope") {
      configuration.leakySlope = try a.number("slope")
      guard configuration.leakySlope.isFinite, configuration.leakySlope >= 0 else {
        throw ReportError.badArgument("slope", "expected a finite number >= 0, got \(configuration.leakySlope)")
      }
    }
    apply(variant ?? "code", to: &configuration)
    let bias = try a.number("B")
    guard bias.isFinite, bias > 0 else { throw ReportError.badArgument("B", "expected a positive finite number, got \(bias)") }
    var model: NNkNNModel
    do {
      model = try NNkNNModel(configuration: configuration, cases: cases, caseLabels: labels, classes: classes,
                             defaultBias: bias, stream: SeedStream(seed: 0))
    } catch { throw ReportError.badArgument("cases", "\(error)") }
    try setParameters(["GW", "cW", "bias", "caseWeight"], of: &model.parameters, from: a)
    return (model, try queryMatrix(a, features: cases.shape[1]))
  }

  static func passResults(_ pass: NNkNNPass, names: [String]) throws -> [(String, JSONValue)] {
    var results: [(String, JSONValue)] = [("distances", JSONValue(pass.distances.value)),
                                          ("activations", JSONValue(pass.activations.value)),
                                          ("classActivations", JSONValue(pass.classActivations.value))]
    if let loss = pass.loss {
      let (grads, queryGrads) = try pass.context.gradients(of: loss, inputs: [pass.queries])
      results.append(("loss", .double(loss.value.scalars[0])))
      results.append(("gradients", .object(names.map { ($0, JSONValue(grads[$0]!)) } + [("queries", JSONValue(queryGrads[0]))])))
    }
    return results
  }

  static let forward = OracleFunction(
    name: "nnknn.forward", summary: "extended NN-kNN forward pass, loss and gradients for given parameters (NNKNN-2 ... NNKNN-9)",
    arguments: modelArguments,
    results: [
      ("distances", "T[m,n]"), ("activations", "T[m,n]"), ("classActivations", "T[m,C]"), ("loss", "number (with labels)"),
      ("gradients", "{GW, cW, bias, caseWeight, queries} (with labels)")
    ],
    variants: variantNames, cost: modelCost,
    spec: ["NNKNN-15", "NNKNN-2", "NNKNN-9"],
    example:
      #"{"function":"nnknn.forward","variant":"paper","arguments":{"queries":{"shape":[1,1],"data":[0]},"cases":{"shape":[2,1],"data":[0,1]},"caseLabels":[0,1],"classes":2,"GW":{"shape":[1,1],"data":[1]},"cW":{"shape":[2,1],"data":[1,1]},"bias":[1,1],"caseWeight":[1,1],"B":1,"labels":[0]}}"#
  ) { a, variant in
    let (model, queries) = try model(a, variant: variant)
    var unused = SplitMix64(seed: 0)
    let labels = try queryLabels(a, queries: queries.shape[0], classes: model.classes)
    let pass = try model.forward(queries, labels: labels, caseIndices: Array(0..<model.caseLabels.count), using: &unused)
    return try passResults(pass, names: ["GW", "cW", "bias", "caseWeight"])
  }

  static let defaultBiasFunction = OracleFunction(
    name: "nnknn.defaultBias", summary: "B: mean distance to the k-th nearest other case (NNKNN-4)",
    arguments: [("cases", "T[n,d]"), ("k", "1 <= k < n")], results: [("B", "number")],
    cost: .init("scalars n d + 16 n, steps n^2 (d + log2 n)") { a in
      let (n, d) = (a.extent("cases", 0), a.extent("cases", 1))
      return OracleCost(scalars: n * d + 16 * n, steps: n * n * (d + log2(Swift.max(n, 2))))
    },
    spec: ["NNKNN-15", "NNKNN-4"],
    example: #"{"function":"nnknn.defaultBias","arguments":{"cases":{"shape":[3,1],"data":[0,1,3]},"k":1}}"#
  ) { a, _ in
    let cases = try a.finiteTensor("cases")
    guard cases.rank == 2 else { throw ReportError.badArgument("cases", "expected T[n,d], got shape \(cases.shape)") }
    let k = try a.integer("k", in: 1...Swift.max(1, cases.shape[0] - 1))
    do { return [("B", .double(try defaultBias(cases: cases, k: k)))] } catch { throw ReportError.badArgument("k", "\(error)") }
  }

  static let explain = OracleFunction(
    name: "nnknn.explain", summary: "the most activated cases and the ranked class activations of each query (NNKNN-13)",
    arguments: modelArguments + [("top", "optional number of cases, default 4")],
    results: [("explanations", "[{predicted, topCaseAgrees, topCases: [{index, label, activation, distance}], "
                + "classRanking: [[class, activation]]}]")],
    variants: variantNames,
    cost: .init(modelCost.formula + " (and 4 m top scalars)") { a in
      var cost = modelCost.estimate(a)
      cost.scalars += 4 * a.extent("queries", 0) * Swift.min(a.count("top", default: 4), a.extent("cases", 0))
      return cost
    },
    spec: ["NNKNN-15", "NNKNN-13"],
    example:
      #"{"function":"nnknn.explain","arguments":{"queries":{"shape":[1,1],"data":[0]},"cases":{"shape":[2,1],"data":[0,1]},"caseLabels":[0,1],"classes":2,"GW":{"shape":[1,1],"data":[1]},"cW":{"shape":[2,1],"data":[1,1]},"bias":[1,1],"caseWeight":[1,1],"B":1,"top":1}}"#
  ) { a, variant in
    let (model, queries) = try model(a, variant: variant)
    var unused = SplitMix64(seed: 0)
    let pass = try model.forward(queries, caseIndices: Array(0..<model.caseLabels.count), mode: .evaluation, using: &unused)
    let top = a.has("top") ? try a.integer("top", in: 0...1_000_000) : 4
    let explanations = try (0..<queries.shape[0]).map { row in
      let e = try pass.explanation(row: row, caseLabels: model.caseLabels, top: top)
      return JSONValue.object([
        ("predicted", .number(Double(e.predicted))), ("topCaseAgrees", .bool(e.topCaseAgrees)),
        ("topCases", .array(e.topCases.map { c in
          .object([("index", .number(Double(c.index))), ("label", .number(Double(c.label))),
                   ("activation", .double(c.activation)), ("distance", .double(c.distance))])
        })),
        ("classRanking", .array(e.classRanking.map { .array([.number(Double($0.0)), .double($0.1)]) })),
      ])
    }
    return [("explanations", .array(explanations))]
  }

  static let originalForward = OracleFunction(
    name: "nnknnO.forward", summary: "NN-kNN_O forward pass, loss and gradients for given parameters (NNKNN-12)",
    arguments: [("queries", "T[m,d]"), ("cases", "T[n,d], n >= 1"), ("caseLabels", "T[n]"), ("classes", "C"), ("f", "T[d]"),
                ("W", "T[n,d] (individual) or T[1,d] (shared)"), ("bias", "T[n]"), ("classWeight", "T[n]"), ("classBias", "T[C]"),
                ("topK", "optional k of the top-k layer, 1...n (applied in evaluation mode)"),
                ("mode", "optional \"training\" or \"evaluation\" (default)"), ("labels", "optional T[m]")],
    results: [("distances", "T[m,n]: sum_j leakyReLU(W) f^2 (q - c)^2"), ("activations", "T[m,n]"),
              ("classActivations", "T[m,C]"), ("loss", "number (with labels)"),
              ("gradients", "{f, W, bias, classWeight, classBias, queries} (with labels)")],
    cost: .init("scalars 3 (2 d + n d + 2 n + C) + 8 m n + 3 n C + 3 m C + 2 m d, steps m n d + m n (C + log2 n)") { a in
      let (m, n, d, c) = (a.extent("queries", 0), a.extent("cases", 0), a.extent("cases", 1), a.count("classes"))
      return OracleCost(scalars: 3 * (2 * d + n * d + 2 * n + c) + 8 * m * n + 3 * n * c + 3 * m * c + 2 * m * d,
                        steps: m * n * d + m * n * (c + log2(Swift.max(n, 2))))
    },
    spec: ["NNKNN-15", "NNKNN-12"],
    example:
      #"{"function":"nnknnO.forward","arguments":{"queries":{"shape":[1,1],"data":[0]},"cases":{"shape":[2,1],"data":[0,1]},"caseLabels":[0,1],"classes":2,"f":[1],"W":{"shape":[1,1],"data":[1]},"bias":[0.5,0.5],"classWeight":[1,1],"classBias":[1,1],"topK":1,"labels":[0]}}"#
  ) { a, _ in
    let (cases, caseLabels, classes) = try caseBase(a, minimumCases: 1)
    let w = try a.tensor("W")
    let topK = a.has("topK") ? try a.integer("topK", in: 1...cases.shape[0]) : nil
    var model: NNkNNOModel
    do {
      let sharing = w.shape.first == 1 && cases.shape[0] != 1
      model = try NNkNNOModel(configuration: .init(weightSharing: sharing, topK: topK, discount: 1),
                              cases: cases, caseLabels: caseLabels, classes: classes)
    } catch { throw ReportError.badArgument("cases", "\(error)") }
    try setParameters(["f", "W", "bias", "classWeight", "classBias"], of: &model.parameters, from: a)
    let modeName = a.has("mode") ? try a.string("mode", oneOf: ["training", "evaluation"]) : "evaluation"
    let mode: ForwardContext.Mode = modeName == "training" ? .training : .evaluation
    let queries = try queryMatrix(a, features: cases.shape[1])
    let labels = try queryLabels(a, queries: queries.shape[0], classes: classes)
    var unused = SplitMix64(seed: 0)
    let pass = try model.forward(queries, labels: labels, mode: mode, using: &unused)
    return try passResults(pass, names: ["f", "W", "bias", "classWeight", "classBias"])
  }
}
