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

  static let mlp = OracleFunction(
    name: "nn.mlp",
    summary: "MLP forward, loss and all gradients: Linear, act, Linear, act, ..., Linear [, final act] (NET-3, NET-5)",
    arguments: [("inputs", "T[m,d0]"), ("weights", "[T[d1,d0], T[d2,d1], ...] (PyTorch layout [out, in])"),
                ("biases", "[T[d1], T[d2], ...]"), ("activation", activations.joined(separator: "|") + " after every hidden Linear"),
                ("slope", "optional leakyReLU slope, default 0.01"), ("finalActivation", "optional, default none"),
                ("labels", "optional T[m] integer classes: mean cross-entropy loss"),
                ("targets", "optional T[m,dL]: mean squared error loss (used when labels are absent)")],
    results: [("outputs", "T[m,dL]"), ("loss", "number (when labels or targets are given)"),
              ("gradients", "{weights: [...], biases: [...], inputs: T[m,d0]} (when a loss is given)")]
  ) { arguments, _ in
    let inputs = try arguments.tensor("inputs")
    guard let weightItems = arguments.values["weights"]?.array, let biasItems = arguments.values["biases"]?.array,
          !weightItems.isEmpty, weightItems.count == biasItems.count else {
      throw ReportError.badArgument("weights", "weights and biases must be non-empty arrays of equal length")
    }
    let weights = try weightItems.enumerated().map { try $1.tensor(named: "weights[\($0)]") }
    let biases = try biasItems.enumerated().map { try $1.tensor(named: "biases[\($0)]") }
    var widths = [inputs.shape.count == 2 ? inputs.shape[1] : -1]
    for (i, w) in weights.enumerated() {
      guard w.shape.count == 2, w.shape[1] == widths.last!, biases[i].shape == [w.shape[0]] else {
        throw ReportError.badArgument("weights[\(i)]", "shape \(w.shape) (bias \(biases[i].shape)) does not follow width \(widths.last!)")
      }
      widths.append(w.shape[0])
    }
    let slope = arguments.has("slope") ? try arguments.number("slope") : 0.01
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
    if arguments.has("labels") {
      loss = try outputs.crossEntropy(labels: try arguments.labels("labels"))
    } else if arguments.has("targets") {
      loss = try outputs.meanSquaredError(target: try arguments.tensor("targets"))
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
