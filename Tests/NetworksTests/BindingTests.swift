import Foundation
import Randomness
import Testing
import Tensors
@testable import Autodiff
@testable import Networks

@Suite("Parameter binding and gradients by name")
struct BindingTests {
  @Test("[NET-2] gradients come back keyed by parameter: the last bias gets mean(softmax - onehot)")
  func lastBiasGradient() throws {
    var g = Xoshiro256StarStar(seed: 11)
    let network = try Network(try MLP.make(widths: [3, 5, 4], activation: .tanh), using: &g)
    var d = Draw(seed: 12)
    let x = d.uniform([6, 3]), labels = d.labels(6, classes: 4)
    let tape = Tape()
    let context = ForwardContext(tape: tape, parameters: network.parameters, mode: .training)
    let logits = try network(tape.variable(x), context: context)
    let loss = try Losses.crossEntropy(logits, labels: labels)
    let gradients = try context.gradients(of: loss)
    #expect(gradients.names == network.parameters.names)
    // By hand: d loss / d bias_j = (1/n) sum_i (softmax(z_i)_j - [y_i == j]).
    let z = logits.value
    var expected = [Double](repeating: 0, count: 4)
    for i in 0..<6 {
      let row = z.row(i), m = row.max()!
      let e = row.map { Foundation.exp($0 - m) }, s = e.reduce(0, +)
      for j in 0..<4 { expected[j] += (e[j] / s - (labels[i] == j ? 1 : 0)) / 6 }
    }
    let bias = try #require(gradients["2.bias"])
    #expect(worstRelativeError(bias.scalars, expected) < 1e-14)
  }

  @Test("[NET-2] the context's gradients equal the tape's on explicit leaves, bit for bit, inputs included")
  func sameAsTape() throws {
    var g = Xoshiro256StarStar(seed: 13)
    let network = try Network(try MLP.make(widths: [2, 3, 1], activation: .sigmoid), using: &g)
    var d = Draw(seed: 14)
    let x = d.uniform([4, 2]), t = d.uniform([4, 1])
    let tape = Tape()
    let context = ForwardContext(tape: tape, parameters: network.parameters, mode: .evaluation)
    let input = tape.variable(x)
    let loss = try Losses.meanSquaredError(try network(input, context: context), targets: t)
    let (parameters, inputs) = try context.gradients(of: loss, inputs: [input])
    let direct = try tape.gradients(of: loss, withRespectTo: context.parameterVariables + [input], seed: nil)
    #expect(parameters.values == Array(direct.prefix(4)))
    #expect(inputs == [direct[4]])
  }

  @Test("[NET-2] unused parameters get zero gradients; unknown names and non-scalar losses are refused")
  func unusedAndUnknown() throws {
    let extra = try ParameterStore([Parameter(name: "weight", value: Tensor.ones([2, 2])),
                                    Parameter(name: "bias", value: Tensor.zeros([2])),
                                    Parameter(name: "unused", value: Tensor.ones([3]))])
    let tape = Tape()
    let context = ForwardContext(tape: tape, parameters: extra, mode: .evaluation)
    let y = try Linear(2, 2)(tape.variable(Tensor.ones([1, 2])), context: context)
    let gradients = try context.gradients(of: y.sum())
    #expect(gradients["unused"] == Tensor.zeros([3]))
    #expect(throws: NetworkError.tensor(.notScalar(shape: [1, 2]))) { try context.gradients(of: y) }
    // Run inside a scope the store does not know: the full name is reported.
    #expect(throws: NetworkError.unknownParameter("7.weight")) {
      try context.scoped("7") { try Linear(2, 2)(tape.variable(Tensor.ones([1, 2])), context: context) }
    }
    #expect(throws: NetworkError.valueCount(names: 1, values: 0)) {
      try ForwardContext(tape: tape, names: ["a"], variables: [], mode: .evaluation)
    }
  }
}
