import Autodiff
import Evaluation
import Networks
import Randomness
import Tensors

/// The NN-kNN oracle functions (NNKNN-15): forward values, loss and every gradient for given
/// parameter values, so that another implementation can be checked number by number.
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
    ("queries", "T[m,d]"), ("cases", "T[n,d]"), ("caseLabels", "T[n] integer classes"), ("classes", "number of classes C"),
    ("GW", "T[w,d]"), ("cW", "T[n,w]"), ("bias", "T[n]"), ("caseWeight", "T[n]"), ("B", "the default bias (> 0)"),
    ("slope", "optional leakyReLU slope of the glocal weights, default 0.001"), ("labels", "optional T[m]: adds the loss and gradients"),
  ]

  /// The extended model with the request's parameter values.
  static func model(_ a: OracleArguments, variant: String?) throws -> (NNkNNModel, Tensor) {
    let cases = try a.tensor("cases"), queries = try a.tensor("queries")
    let labels = try a.labels("caseLabels")
    let classes = try a.integer("classes", in: 1...1_000_000)
    let gw = try a.tensor("GW")
    guard gw.shape.count == 2 else { throw ReportError.badArgument("GW", "expected T[w,d], got \(gw.shape)") }
    var configuration = NNkNNConfiguration.code(weightings: gw.shape[0], k: 1)
    if a.has("slope") { configuration.leakySlope = try a.number("slope") }
    apply(variant ?? "code", to: &configuration)
    var model = try NNkNNModel(configuration: configuration, cases: cases, caseLabels: labels, classes: classes,
                               defaultBias: try a.number("B"), stream: SeedStream(seed: 0))
    for name in ["GW", "cW", "bias", "caseWeight"] {
      do { try model.parameters.setValue(try a.tensor(name), for: name) } catch let error as NetworkError {
        throw ReportError.badArgument(name, "\(error)")
      }
    }
    return (model, queries)
  }

  static func passResults(_ pass: NNkNNPass, names: [String]) throws -> [(String, JSONValue)] {
    var results: [(String, JSONValue)] = [("distances", JSONValue(pass.distances.value)), ("activations", JSONValue(pass.activations.value)),
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
    results: [("distances", "T[m,n]"), ("activations", "T[m,n]"), ("classActivations", "T[m,C]"), ("loss", "number (with labels)"),
              ("gradients", "{GW, cW, bias, caseWeight, queries} (with labels)")],
    variants: variantNames
  ) { a, variant in
    let (model, queries) = try model(a, variant: variant)
    var unused = SplitMix64(seed: 0)
    let labels = a.has("labels") ? try a.labels("labels") : nil
    let pass = try model.forward(queries, labels: labels, caseIndices: Array(0..<model.caseLabels.count), using: &unused)
    return try passResults(pass, names: ["GW", "cW", "bias", "caseWeight"])
  }

  static let defaultBiasFunction = OracleFunction(
    name: "nnknn.defaultBias", summary: "B: mean distance to the k-th nearest other case (NNKNN-4)",
    arguments: [("cases", "T[n,d]"), ("k", "1 <= k < n")], results: [("B", "number")]
  ) { a, _ in
    [("B", .double(try defaultBias(cases: try a.tensor("cases"), k: try a.integer("k"))))]
  }

  static let explain = OracleFunction(
    name: "nnknn.explain", summary: "the most activated cases and the ranked class activations of each query (NNKNN-13)",
    arguments: modelArguments + [("top", "optional number of cases, default 4")],
    results: [("explanations", "[{predicted, topCaseAgrees, topCases: [{index, label, activation, distance}], classRanking: [[class, activation]]}]")],
    variants: variantNames
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
    arguments: [("queries", "T[m,d]"), ("cases", "T[n,d]"), ("caseLabels", "T[n]"), ("classes", "C"), ("f", "T[d]"),
                ("W", "T[n,d] (individual) or T[1,d] (shared)"), ("bias", "T[n]"), ("classWeight", "T[n]"), ("classBias", "T[C]"),
                ("topK", "optional k of the top-k layer (applied in evaluation mode)"),
                ("mode", "optional \"training\" or \"evaluation\" (default)"), ("labels", "optional T[m]")],
    results: [("distances", "T[m,n]: sum_j leakyReLU(W) f^2 (q - c)^2"), ("activations", "T[m,n]"), ("classActivations", "T[m,C]"),
              ("loss", "number (with labels)"), ("gradients", "{f, W, bias, classWeight, classBias, queries} (with labels)")]
  ) { a, _ in
    let cases = try a.tensor("cases"), queries = try a.tensor("queries")
    let w = try a.tensor("W")
    let topK = a.has("topK") ? try a.integer("topK") : nil
    var model = try NNkNNOModel(configuration: .init(weightSharing: w.shape.first == 1 && cases.shape.first != 1, topK: topK, discount: 1),
                                cases: cases, caseLabels: try a.labels("caseLabels"), classes: try a.integer("classes", in: 1...1_000_000))
    for name in ["f", "W", "bias", "classWeight", "classBias"] {
      do { try model.parameters.setValue(try a.tensor(name), for: name) } catch let error as NetworkError {
        throw ReportError.badArgument(name, "\(error)")
      }
    }
    let modeName = a.has("mode") ? try a.string("mode", oneOf: ["training", "evaluation"]) : "evaluation"
    let mode: ForwardContext.Mode = modeName == "training" ? .training : .evaluation
    var unused = SplitMix64(seed: 0)
    let pass = try model.forward(queries, labels: a.has("labels") ? try a.labels("labels") : nil, mode: mode, using: &unused)
    return try passResults(pass, names: ["f", "W", "bias", "classWeight", "classBias"])
  }
}
