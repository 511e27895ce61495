import Foundation
import Randomness
import Testing
import Tensors
@testable import Autodiff
@testable import Networks

/// Whole networks against central differences (NET-21): the checker's inputs are the input batch
/// followed by every parameter in store order, so gradients with respect to all of them are
/// compared at once.
@Suite("Whole-model gradient checks")
struct ModelGradientTests {
  static let activations: [Nonlinearity] = [.identity, .relu, .abs, .leakyReLU(slope: 0.1), .sigmoid, .tanh]

  /// A network for `widths` and an input batch from `seed`, with hidden pre-activations moved
  /// away from the kinks; the checker's inputs [x, parameters...].
  func model(_ widths: [Int], _ activation: Nonlinearity, rows: Int, seed: UInt64) throws -> (Network, [Tensor]) {
    var g = Xoshiro256StarStar(seed: seed)
    var network = try Network(try MLP.make(widths: widths, activation: activation), using: &g)
    var d = Draw(seed: seed &+ 77)
    let x = d.uniform([rows, widths[0]], -1.5, 1.5)
    let margin = try moveAwayFromKinks(&network, x)
    try #require(margin >= 0.02, "seed \(seed): smallest |pre-activation| \(margin)")
    return (network, [x] + network.parameters.values)
  }

  /// Runs both checker modes, prints the worst error, and expects both to pass.
  func check(_ family: String, seed: UInt64, _ inputs: [Tensor], full: Bool, _ f: @escaping CheckedFunction) throws {
    let checker = GradientChecker()
    var worst = 0.0
    if full {
      let report = try checker.checkJacobian(inputs, f)
      #expect(report.passed, "\(family) seed \(seed) full Jacobian:\n\(report)")
      worst = max(worst, report.maxError)
      if report.maxError > 1e-7 { print("gradcheck detail \(family): \(report.worst!)") }
    }
    let directions = try checker.checkDirections(inputs, trials: 6, seed: seed, f)
    #expect(directions.passed, "\(family) seed \(seed) directions:\n\(directions)")
    worst = max(worst, directions.maxError)
    print("gradcheck family=\(family) seed=\(seed) worst=\(worst)")
  }

  @Test("[NET-21] tiny MLPs, every activation: full Jacobian of outputs, cross-entropy and MSE", arguments: activations)
  func tiny(activation: Nonlinearity) throws {
    let seed: UInt64 = 41
    let (network, inputs) = try model([3, 4, 3], activation, rows: 3, seed: seed)
    let labels = [2, 0, 1]
    var d = Draw(seed: 42)
    let targets = d.uniform([3, 3])
    try check("mlp-outputs-\(activation)", seed: seed, inputs, full: true) { tape, v in try boundForward(network, tape, v) }
    try check("mlp-crossEntropy-\(activation)", seed: seed, inputs, full: true) { tape, v in
      try Losses.crossEntropy(try boundForward(network, tape, v), labels: labels)
    }
    try check("mlp-mse-\(activation)", seed: seed, inputs, full: true) { tape, v in
      try Losses.meanSquaredError(try boundForward(network, tape, v), targets: targets)
    }
  }

  @Test("[NET-21] larger MLPs, every activation: random directions for cross-entropy and MSE", arguments: activations)
  func larger(activation: Nonlinearity) throws {
    let seed: UInt64 = 43
    let (network, inputs) = try model([5, 16, 12, 4], activation, rows: 10, seed: seed)
    var d = Draw(seed: 44)
    let labels = d.labels(10, classes: 4), targets = d.uniform([10, 4])
    try check("mlp-large-crossEntropy-\(activation)", seed: seed, inputs, full: false) { tape, v in
      try Losses.crossEntropy(try boundForward(network, tape, v), labels: labels)
    }
    try check("mlp-large-mse-\(activation)", seed: seed, inputs, full: false) { tape, v in
      try Losses.meanSquaredError(try boundForward(network, tape, v), targets: targets)
    }
  }

  @Test("[NET-21] an MLP with dropout in training mode (the same stream state at every evaluation)")
  func dropout() throws {
    let seed: UInt64 = 45
    var g = Xoshiro256StarStar(seed: seed)
    let network = try Network(try MLP.make(widths: [4, 6, 3], activation: .tanh, dropout: 0.3), using: &g)
    var d = Draw(seed: 46)
    let x = d.uniform([5, 4])
    let labels = d.labels(5, classes: 3)
    try check("mlp-dropout-crossEntropy", seed: seed, [x] + network.parameters.values, full: true) { tape, v in
      let out = try boundForward(network, tape, v, mode: .training, random: Xoshiro256StarStar(seed: 47))
      return try Losses.crossEntropy(out, labels: labels)
    }
  }
}

/// Shifts each hidden unit's bias by at most 0.3 (in steps of 0.01) so that its pre-activations
/// over the batch lie as far from 0 as possible, layer by layer; returns the smallest
/// |pre-activation| over all hidden units afterwards. Keeps kinked activations smooth within
/// the checker's steps without redrawing.
func moveAwayFromKinks(_ network: inout Network, _ x: Tensor) throws -> Double {
  guard let sequential = network.layer as? Sequential else { return .infinity }
  let hidden = sequential.layers.indices.filter { sequential.layers[$0] is Linear && $0 < sequential.layers.count - 1 }
  let shifts = (-30...30).map { Double($0) / 100 }
  func margin(_ values: [Double], _ shift: Double) -> Double { values.map { abs($0 + shift) }.min()! }
  for i in hidden {
    let z = try outputs(of: sequential, network.parameters, x, through: i)
    var bias = try network.parameters.value("\(i).bias")
    for j in 0..<z.shape[1] {
      let column = (0..<z.shape[0]).map { z[$0, j] }
      bias[flat: j] += shifts.max { margin(column, $0) < margin(column, $1) }!
    }
    try network.parameters.setValue(bias, for: "\(i).bias")
  }
  return try hidden.map { try outputs(of: sequential, network.parameters, x,
                                      through: $0).scalars.map(abs).min()! }.min() ?? .infinity
}

/// The output of layer `last` of `sequential` (evaluation mode).
func outputs(of sequential: Sequential, _ parameters: ParameterStore, _ x: Tensor, through last: Int) throws -> Tensor {
  let tape = Tape()
  let context = ForwardContext(tape: tape, parameters: parameters, mode: .evaluation)
  var y = tape.variable(x)
  for i in 0...last { y = try context.scoped(String(i)) { try sequential.layers[i](y, context: context) } }
  return y.value
}
