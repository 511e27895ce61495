import Autodiff
import Networks
import Randomness
import Tensors
@testable import NNkNN

/// Random small problems for NN-kNN tests; every failure message names the seed.
struct Problem {
  var generator: Xoshiro256StarStar
  init(seed: UInt64) { generator = Xoshiro256StarStar(seed: seed) }

  mutating func uniform(_ shape: [Int], _ low: Double, _ high: Double) -> Tensor {
    var t = Tensor.zeros(shape)
    for i in 0..<t.count { t[flat: i] = low + (high - low) * generator.nextDouble() }
    return t
  }

  /// n cases in d features with labels cycling through the classes (every class non-empty).
  mutating func cases(n: Int, d: Int, classes: Int) -> (Tensor, [Int]) {
    (uniform([n, d], 0, 3), (0..<n).map { $0 % classes })
  }
}

/// Perturbs every parameter of the model a little, so gradient checks do not sit on the
/// symmetric initial point (and leakyReLU inputs stay away from 0).
func perturbed(_ store: ParameterStore, seed: UInt64, positive: Bool = true) throws -> ParameterStore {
  var g = Xoshiro256StarStar(seed: seed)
  var result = store
  for name in store.names {
    var v = try store.value(name)
    for i in 0..<v.count {
      let bump = 0.2 * (g.nextDouble() - 0.5)
      v[flat: i] = positive ? abs(v.scalars[i]) * (1 + bump) + 0.05 : v.scalars[i] + bump
    }
    try result.setValue(v, for: name)
  }
  return result
}

/// The loss of `model` as a function of (queries, parameters...) for the gradient checker.
func lossFunction(_ model: NNkNNModel, caseIndices: [Int], labels: [Int]) -> CheckedFunction {
  { tape, leaves in
    let context = try ForwardContext(
      tape: tape, names: model.parameters.names, variables: Array(leaves.dropFirst()), mode: .training)
    return try model.record(queries: leaves[0], caseIndices: caseIndices, labels: labels, context: context).loss!
  }
}
