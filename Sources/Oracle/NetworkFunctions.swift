import Autodiff
import Evaluation
import Networks
import Tensors

/// `nn.mlp` (ORACLE-2): forward pass, loss and every gradient of a multilayer perceptron with given
/// weights, in PyTorch's layout (Linear weight [out, in], y = x W^T + b).
enum NetworkFunctions {
  static let activations = ["identity", "relu", "abs", "sigmoid", "tanh", "leakyReLU"]

  static func nonlinearity(_ name: String, slope: Double) -> Nonlinearity {
    switch name {
    case "relu": return .relu
    case "abs": return .abs
    case "sigmoid": return .sigmoid
    case "tanh": return .tanh
    case "leakyReLU": return .leakyReLU(slope: slope)
    default: return .identity
    }
  }

  /// A tensor item of an argument array, finite, named `name` in errors.
  static func finite(_ item: JSONValue, _ name: String) throws -> Tensor {
    let t = try item.tensor(named: name)
    try OracleArguments.requireFinite(t, name)
    return t
  }

  static let mlp = OracleFunction(
    name: "nn.mlp",
    summary: "MLP forward, loss and all gradients: Linear, act, Linear, act, ..., Linear [, final act] (NET-3, NET-5)",
    arguments: [("inputs", "T[m,d0]"), ("weights", "[T[d1,d0], T[d2,d1], ...] (PyTorch layout [out, in])"),
      ("biases", "[T[d1], T[d2], ...]"), ("activation", activations.joined(separator: "|") + " after every hidden Linear"),
      ("slope", "optional leakyReLU slope, default 0.01"), ("finalActivation", "optional, default none"),
      ("labels", "optional T[m] integer classes: mean cross-entropy loss"),
      ("targets", "optional T[m,dL]: mean squared error loss (used when labels are absent)")
    ],
    results: [("outputs", "T[m,dL]"), ("loss", "number (when labels or targets are given)"),
              ("gradients", "{weights: [...], biases: [...], inputs: T[m,d0]} (when a loss is given)")],
    cost: .init("scalars 3 sum(d(i+1) d(i) + d(i+1)) + 4 m sum(d(i)), steps 3 m sum(d(i+1) d(i))") { a in
      let shapes = a.extentsOfEach("weights").map { ($0.count > 0 ? $0[0] : 1, $0.count > 1 ? $0[1] : 1) }
      let m = a.extent("inputs", 0)
      let parameters = shapes.reduce(0) { $0 + $1.0 * $1.1 + $1.0 }
      let widths = a.extent("inputs", 1) + shapes.reduce(0) { $0 + $1.0 }
      return OracleCost(scalars: 3 * parameters + 4 * m * widths, steps: 3 * m * shapes.reduce(0) { $0 + $1.0 * $1.1 })
    },
    spec: ["ORACLE-2", "NET-3", "NET-5", "NET-11"],
    example:
      #"{"function":"nn.mlp","arguments":{"inputs":{"shape":[1,2],"data":[1,2]},"weights":[{"shape":[2,2],"data":[1,0,0,1]},{"shape":[1,2],"data":[1,-1]}],"biases":[[0,0],[0.5]],"activation":"relu","targets":{"shape":[1,1],"data":[0]}}}"#
  ) { arguments, _ in
    let inputs = try arguments.finiteTensor("inputs")
    guard inputs.rank == 2 else { throw ReportError.badArgument("inputs", "expected T[m,d0], got shape \(inputs.shape)") }
    guard let weightItems = arguments.values["weights"]?.array, !weightItems.isEmpty else {
      throw ReportError.badArgument("weights", "expected a non-empty array of tensors T[out,in]")
    }
    guard let biasItems = arguments.values["biases"]?.array, biasItems.count == weightItems.count else {
      throw ReportError.badArgument("biases", "expected an array of \(weightItems.count) tensors (one per weight)")
    }
    let weights = try weightItems.enumerated().map { try finite($1, "weights[\($0)]") }
    let biases = try biasItems.enumerated().map { try finite($1, "biases[\($0)]") }
    var widths = [inputs.shape[1]]
    for (i, w) in weights.enumerated() {
      guard w.shape.count == 2, w.shape[1] == widths.last! else {
        throw ReportError.badArgument(
          "weights[\(i)]", "expected T[out,\(widths.last!)] (in from the previous layer), got shape \(w.shape)")
      }
      guard biases[i].shape == [w.shape[0]] else {
        throw ReportError.badArgument(
          "biases[\(i)]", "expected T[\(w.shape[0])] (out of weights[\(i)]), got shape \(biases[i].shape)")
      }
      widths.append(w.shape[0])
    }
    let slope = arguments.has("slope") ? try arguments.finiteNumber("slope") : 0.01
    let activation = nonlinearity(try arguments.string("activation", oneOf: activations), slope: slope)
    let final = arguments.has("finalActivation")
      ? nonlinearity(try arguments.string("finalActivation", oneOf: activations), slope: slope) : nil
    let layer = try MLP.make(widths: widths, activation: activation, finalActivation: final)
    // Linear layers sit at positions 0, 2, 4, ... of the Sequential (NET-5).
    var parameters: [Parameter] = []
    for (i, (w, b)) in zip(weights, biases).enumerated() {
      parameters += [Parameter(name: "\(2 * i).weight", value: w), Parameter(name: "\(2 * i).bias", value: b)]
    }
    let network = try Network(layer, parameters: try ParameterStore(parameters))
    let tape = Tape()
    let context = ForwardContext(tape: tape, parameters: network.parameters, mode: .evaluation)
    let x = tape.variable(inputs, name: "inputs")
    let outputs = try network(x, context: context)
    var results: [(String, JSONValue)] = [("outputs", JSONValue(outputs.value))]
    let loss: Variable?
    let (m, width) = (inputs.shape[0], widths.last!)
    if arguments.has("labels") {
      let labels = try arguments.labels("labels")
      guard labels.count == m, m >= 1 else {
        throw ReportError.badArgument("labels", "expected \(m) labels (one per input row), got \(labels.count)")
      }
      if let label = labels.first(where: { $0 >= width }) {
        throw ReportError.badArgument("labels", "label \(label) is outside 0..<\(width) (the output width)")
      }
      loss = try outputs.crossEntropy(labels: labels)
    } else if arguments.has("targets") {
      let targets = try arguments.finiteTensor("targets")
      guard targets.shape == [m, width], m >= 1 else {
        throw ReportError.badArgument("targets", "expected T[\(m),\(width)] (the outputs' shape), got shape \(targets.shape)")
      }
      loss = try outputs.meanSquaredError(target: targets)
    } else {
      loss = nil
    }
    if let loss {
      let (grads, inputGrads) = try context.gradients(of: loss, inputs: [x])
      results.append(("loss", .double(loss.value.scalars[0])))
      results.append(("gradients", .object([
        ("weights", .array((0..<weights.count).map { JSONValue(grads["\(2 * $0).weight"]!) })),
        ("biases", .array((0..<weights.count).map { JSONValue(grads["\(2 * $0).bias"]!) })),
        ("inputs", JSONValue(inputGrads[0])),
      ])))
    }
    return results
  }
}
