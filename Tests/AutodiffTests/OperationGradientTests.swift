import Testing
import Tensors
@testable import Autodiff

/// Every operation's VJP against central differences, on random shapes and values from printed
/// seeds (FOUND-60). Smooth operations must agree to relative error 1e-6 (observed: ~1e-9 or
/// better); inputs of kinked operations are kept at least 0.1 away from the kink.
@Suite("Operation gradients")
struct OperationGradientTests {
  @Test("[FOUND-21] add, subtract, multiply, divide with broadcasting; negate; constants", arguments: propertySeeds)
  func arithmetic(seed: UInt64) throws {
    var r = TestInputs(seed: seed)
    let (n, m) = (r.extent(1...4), r.extent(1...4))
    // Shapes [n, m] with [m], [1, m], [n, 1] and [] cover every broadcasting pattern (FOUND-2).
    let a = r.uniform([n, m]), row = r.uniform([m]), column = r.uniform([n, 1]), s = r.uniform([])
    let positive = r.uniform([1, m], 0.5, 2)
    try expectGradients("arithmetic", seed: seed, [a, row, column, s, positive]) { _, v in
      let sum = try (v[0] + v[1]) - v[2]
      let product = try (sum * v[3]) * v[0]
      let quotient = try product / v[4]
      return try ((-quotient) + 1.5) * 0.5 - 2
    }
  }

  @Test("[FOUND-26] matmul, transpose, reshape, gatherRows, concatenate", arguments: propertySeeds)
  func linear(seed: UInt64) throws {
    var r = TestInputs(seed: seed)
    let (n, k, m) = (r.extent(1...4), r.extent(1...4), r.extent(1...4))
    let a = r.uniform([n, k]), b = r.uniform([k, m]), c = r.uniform([m, n])
    let picks = (0..<r.extent(1...5)).map { _ in r.extent(0...(n - 1)) }  // repeats allowed
    try expectGradients("linear", seed: seed, [a, b, c]) { _, v in
      let ab = try v[0].matmul(v[1])                     // [n, m]
      let both = try Variable.concatenate([ab, try v[2].transposed()], axis: 1)  // [n, 2m]
      let gathered = try both.gatherRows(picks)          // [p, 2m]
      let stacked = try Variable.concatenate([gathered, try both.gatherRows([0])], axis: 0)
      return try stacked.reshaped([-1])
    }
  }

  @Test("[FOUND-26] matmulTransposed: A B^T, its VJP, and the same bits as matmul with a transpose node",
        arguments: propertySeeds)
  func matmulTransposed(seed: UInt64) throws {
    var r = TestInputs(seed: seed)
    let (n, k, m) = (r.extent(1...5), r.extent(1...5), r.extent(1...5))
    let a = r.uniform([n, k]), b = r.uniform([m, k])
    try expectGradients("matmulTransposed", seed: seed, [a, b]) { _, v in try v[0].matmulTransposed(v[1]) }
    let tape = Tape()
    let (va, vb) = (tape.variable(a), tape.variable(b))
    let fused = try va.matmulTransposed(vb), plain = try va.matmul(try vb.transposed())
    #expect(fused.value == plain.value, "seed \(seed)")
    let g = r.uniform([n, m])
    #expect(try tape.gradients(of: fused, withRespectTo: [va, vb], seed: g)
              == tape.gradients(of: plain, withRespectTo: [va, vb], seed: g),
            "seed \(seed)")
  }

  @Test("[FOUND-27] sum and mean over everything and over each axis; max over an axis", arguments: propertySeeds)
  func reductions(seed: UInt64) throws {
    var r = TestInputs(seed: seed)
    let (n, m) = (r.extent(1...4), r.extent(1...4))
    // Distinct values at least 0.1 apart, so max has no near tie within the step.
    var x = Tensor.zeros([n, m])
    let order = (0..<(n * m)).map { Double($0) * 0.25 }
    var shuffled = order
    for i in stride(from: shuffled.count - 1, to: 0, by: -1) { shuffled.swapAt(i, Int(r.generator.next() % UInt64(i + 1))) }
    try x.replaceScalars(shuffled)
    for axis in 0..<2 {
      try expectGradients("reductions", seed: seed, [x]) { _, v in
        let kept = try v[0].sum(axis: axis, keepingDimension: true)
        let dropped = try v[0].mean(axis: axis)
        let biggest = try v[0].max(axis: axis)
        return try Variable.concatenate([try kept.reshaped([-1]), dropped, biggest, v[0].sum().reshaped([1]),
                                         try v[0].mean().reshaped([1])], axis: 0)
      }
    }
  }

  @Test("[FOUND-22] exp, log, sqrt, square, power", arguments: propertySeeds)
  func elementwiseMath(seed: UInt64) throws {
    var r = TestInputs(seed: seed)
    let shape = [r.extent(1...3), r.extent(1...3)]
    let x = r.uniform(shape, -1.5, 1.5), positive = r.uniform(shape, 0.3, 3)
    try expectGradients("elementwise", seed: seed, [x, positive]) { _, v in
      let parts = [v[0].exp(), v[1].log(), v[1].sqrt(), v[0].square(), v[1].power(1.7), v[0].power(3)]
      return try Variable.concatenate(parts.map { try $0.reshaped([-1]) }, axis: 0)
    }
  }

  @Test("[FOUND-23] abs, relu, leakyReLU, sigmoid, tanh away from kinks", arguments: propertySeeds)
  func activations(seed: UInt64) throws {
    var r = TestInputs(seed: seed)
    let x = r.awayFromZero([r.extent(1...3), r.extent(1...4)])
    try expectGradients("activations", seed: seed, [x]) { _, v in
      let parts = [v[0].abs(), v[0].relu(), v[0].leakyReLU(slope: 0.01), v[0].sigmoid(), v[0].tanh()]
      return try Variable.concatenate(parts.map { try $0.reshaped([-1]) }, axis: 0)
    }
  }

  @Test("[FOUND-28] softmax and log-softmax along the last axis", arguments: propertySeeds)
  func softmax(seed: UInt64) throws {
    var r = TestInputs(seed: seed)
    let x = r.uniform([r.extent(1...3), r.extent(1...4)], -3, 3)
    try expectGradients("softmax", seed: seed, [x]) { _, v in
      try Variable.concatenate([try v[0].softmax(), try v[0].logSoftmax()], axis: 1)
    }
  }

  @Test("[FOUND-29] cross-entropy from logits and mean squared error", arguments: propertySeeds)
  func losses(seed: UInt64) throws {
    var r = TestInputs(seed: seed)
    let (n, c) = (r.extent(1...4), r.extent(2...4))
    let logits = r.uniform([n, c], -3, 3), predictions = r.uniform([n, c]), targets = r.uniform([n, c])
    let labels = (0..<n).map { _ in r.extent(0...(c - 1)) }
    try expectGradients("losses", seed: seed, [logits, predictions]) { _, v in
      let ce = try v[0].crossEntropy(labels: labels)
      let mse = try v[1].meanSquaredError(target: targets)
      return try Variable.concatenate([try ce.reshaped([1]), try mse.reshaped([1])], axis: 0)
    }
  }
}
