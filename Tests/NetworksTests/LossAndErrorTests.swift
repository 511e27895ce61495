import Foundation
import Randomness
import Testing
import Tensors
@testable import Autodiff
@testable import Networks

@Suite("Losses, floating point and errors")
struct LossAndErrorTests {
  @Test("[NET-11] the loss functions are Autodiff's, with errors as NetworkError; objectives pick the batch's targets")
  func losses() throws {
    var d = Draw(seed: 51)
    let logits = d.uniform([4, 3]), targets = d.uniform([4, 3])
    let labels = [0, 2, 1, 1]
    let tape = Tape()
    let v = tape.variable(logits)
    #expect(try Losses.crossEntropy(v, labels: labels).value == (try v.crossEntropy(labels: labels)).value)
    #expect(try Losses.meanSquaredError(v, targets: targets).value == (try v.meanSquaredError(target: targets)).value)
    #expect(throws: NetworkError.tensor(.indexOutOfRange(operation: "crossEntropy label", index: 3, extent: 3))) {
      try Losses.crossEntropy(v, labels: [0, 1, 2, 3])
    }
    #expect(throws: NetworkError.tensor(.shapeMismatch(operation: "meanSquaredError", [4, 3], [4, 2]))) {
      try Losses.meanSquaredError(v, targets: .zeros([4, 2]))
    }
    // An objective's loss on rows [2, 0] uses those rows' labels and targets.
    let rows = [2, 0]
    let batch = tape.variable(try logits.rows(at: rows))
    let ce = try Objective.crossEntropy(labels: labels).loss(batch, rows: rows)
    #expect(ce.value == (try batch.crossEntropy(labels: [1, 0])).value)
    let mse = try Objective.meanSquaredError(targets: targets).loss(batch, rows: rows)
    #expect(mse.value == (try batch.meanSquaredError(target: try targets.rows(at: rows))).value)
  }

  @Test("[NET-16] updates are evaluated unfused, one rounding per operation (torch's fused kernels may differ by an ulp)")
  func unfused() throws {
    // p + (-lr) g with (-lr) g = (1 + 2^-30)^2 = 1 + 2^-29 + 2^-60 and p = -1: two roundings
    // give 2^-29 (the 2^-60 is lost in the product); a fused multiply-add keeps it.
    let a = 1 + 0x1p-30
    var store = try ParameterStore([Parameter(name: "p", value: Tensor([-1]))])
    var sgd = try SGD(learningRate: a)
    try sgd.step(&store, gradients: try ParameterGradients(names: ["p"], values: [Tensor([-a])]))
    #expect(try store.value("p").scalars[0] == 0x1p-29)
    #expect((-1.0).addingProduct(a, a) == 0x1p-29 + 0x1p-60, "what torch's fused add(alpha) would give")
  }

  @Test("[NET-22] every error names what was wrong and what is accepted")
  func messages() {
    let cases: [(NetworkError, [String])] = [
      (.inputWidth(layer: "Linear(in: 3, out: 2)", expected: 3, got: 5), ["Linear(in: 3, out: 2)", "5", "3"]),
      (.dropoutProbability(1.5), ["1.5", "[0, 1)"]),
      (.unknownParameter("4.weight"), ["4.weight"]),
      (.invalidHyperparameter(name: "learningRate", value: -0.1, accepted: "finite and >= 0"), ["learningRate", "-0.1", ">= 0"]),
      (.parameterShape(name: "0.bias", expected: [3], got: [4]), ["0.bias", "[3]", "[4]"]),
      (.nonFiniteGradient(name: "w", index: 7, value: .nan), ["w", "7", "nan"]),
      (.fanUndefined(shape: [5]), ["[5]"]),
      (.targetCount(expected: 10, got: 9), ["10", "9"]),
      (.nonFiniteLoss(epoch: 2, batch: 3, value: .infinity), ["epoch 2", "batch 3", "inf"]),
      (.tensor(.rank(operation: "matmul", expected: "2", shape: [3])), ["matmul", "[3]"]),
    ]
    for (error, words) in cases {
      for w in words { #expect(error.description.contains(w), "'\(error)' should mention \(w)") }
    }
  }
}
