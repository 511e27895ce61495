import Foundation
import Randomness
import Tensors
@testable import Autodiff
@testable import Networks

/// Random test data from printed seeds: every failure message names its seed.
struct Draw {
  var generator: Xoshiro256StarStar
  init(seed: UInt64) { generator = Xoshiro256StarStar(seed: seed) }

  /// Uniform in [low, high).
  mutating func uniform(_ shape: [Int], _ low: Double = -1, _ high: Double = 1) -> Tensor {
    var t = Tensor.zeros(shape)
    for i in 0..<t.count { t[flat: i] = low + (high - low) * generator.nextDouble() }
    return t
  }

  mutating func labels(_ n: Int, classes: Int) -> [Int] {
    (0..<n).map { _ in Int(generator.next() % UInt64(classes)) }
  }
}

/// |a - b| / max(|a|, |b|) (0 when both are 0).
func relativeError(_ a: Double, _ b: Double) -> Double {
  let scale = max(abs(a), abs(b))
  return scale == 0 ? 0 : abs(a - b) / scale
}

/// The largest elementwise relative error between two equal-length arrays.
func worstRelativeError(_ a: [Double], _ b: [Double]) -> Double {
  precondition(a.count == b.count)
  return zip(a, b).map { relativeError($0, $1) }.max() ?? 0
}

/// A store with two parameters, "a" [2, 3] and "b" [3], for the optimiser tests.
func twoParameterStore(seed: UInt64) throws -> ParameterStore {
  var d = Draw(seed: seed)
  return try ParameterStore([Parameter(name: "a", value: d.uniform([2, 3])), Parameter(name: "b", value: d.uniform([3]))])
}

/// `steps` sets of gradients for `store`'s parameters, each entry uniform in [-2, 2).
func gradientSequence(for store: ParameterStore, steps: Int, seed: UInt64) throws -> [ParameterGradients] {
  var d = Draw(seed: seed &+ 1000)
  return try (0..<steps).map { _ in
    try ParameterGradients(names: store.names, values: store.values.map { d.uniform($0.shape, -2, 2) })
  }
}

/// Evaluates `network` at input `x` with parameters bound from the checker's leaves.
func boundForward(_ network: Network, _ tape: Tape, _ v: [Variable], mode: ForwardContext.Mode = .evaluation,
                  random: (any RandomSource)? = nil) throws -> Variable {
  let context = try ForwardContext(tape: tape, names: network.parameters.names, variables: Array(v[1...]),
                                   mode: mode, random: random)
  return try network(v[0], context: context)
}
