import Autodiff
import Formats
import Testing
import Tensors
@testable import Networks

/// MLP forward passes, losses and gradients against PyTorch's (NET-112): every activation, both
/// losses, with and without a final activation.
@Suite("PyTorch goldens: MLP")
struct MLPGoldenTests {
  static func nonlinearity(_ name: String, slope: Double?) -> Nonlinearity {
    switch name {
    case "relu": return .relu
    case "abs": return .abs
    case "sigmoid": return .sigmoid
    case "tanh": return .tanh
    case "leakyReLU": return .leakyReLU(slope: slope ?? 0.01)
    default: return .identity
    }
  }

  @Test("[NET-112] outputs, loss and every gradient of MLPs with each activation and loss agree with torch to 1e-12")
  func mlps() throws {
    let cases = try Golden.torchNetworks.get()["mlp"]?.array ?? []
    #expect(cases.count == 28)
    var worst = 0.0
    for c in cases {
      let name = c["name"]?.string ?? "?"
      let weights = try (c["weights"]?.array ?? []).map { try Golden.tensor($0, "weight") }
      let biases = try (c["biases"]?.array ?? []).map { try Golden.tensor($0, "bias") }
      let activation = Self.nonlinearity(c["activation"]?.string ?? "", slope: c["slope"]?.number)
      let widths = [weights[0].shape[1]] + weights.map { $0.shape[0] }
      let layer = try MLP.make(
        widths: widths, activation: activation, finalActivation: c["finalActivation"] == .bool(true) ? activation : nil)
      var parameters: [Parameter] = []
      for (i, (w, b)) in zip(weights, biases).enumerated() {
        parameters += [Parameter(name: "\(2 * i).weight", value: w), Parameter(name: "\(2 * i).bias", value: b)]
      }
      let network = try Network(layer, parameters: try ParameterStore(parameters))
      let tape = Tape()
      let context = ForwardContext(tape: tape, parameters: network.parameters, mode: .evaluation)
      let x = tape.variable(try Golden.tensor(c["inputs"], "inputs"))
      let outputs = try network(x, context: context)
      let targets = try Golden.tensor(c["targets"], "targets")
      let loss = c["loss"]?.string == "crossEntropy"
        ? try outputs.crossEntropy(labels: targets.scalars.map { Int($0) }) : try outputs.meanSquaredError(target: targets)
      let (grads, inputGrads) = try context.gradients(of: loss, inputs: [x])
      var pairs: [(String, Tensor, Tensor)] = [
        ("outputs", outputs.value, try Golden.tensor(c["outputs"], "outputs")),
        ("loss", try loss.value.reshaped([1]), Tensor([try #require(c["lossValue"]?.number)])),
        ("grad inputs", inputGrads[0], try Golden.tensor(c["gradInputs"], "gradInputs")),
      ]
      for i in weights.indices {
        pairs.append(
          (
            "grad weight \(i)", try #require(grads["\(2 * i).weight"]),
            try Golden.tensor(c["gradWeights"]?.array?[i], "gradWeights")
          ))
        pairs.append(
          ("grad bias \(i)", try #require(grads["\(2 * i).bias"]), try Golden.tensor(c["gradBiases"]?.array?[i], "gradBiases")))
      }
      for (what, ours, theirs) in pairs {
        let error = Golden.scaledError(ours, theirs)
        worst = max(worst, error)
        #expect(error <= 1e-12, "\(name) \(what): scaled error \(error)")
      }
    }
    print("torch golden MLP: worst scaled error \(worst)")
  }
}
