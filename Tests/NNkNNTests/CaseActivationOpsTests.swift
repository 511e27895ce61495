import Autodiff
import Randomness
import Testing
import Tensors
@testable import NNkNN

/// The fused activation layers (NNKNN-27) against the composed tape operations they replace: the
/// same bits forward and backward, and central differences.
@Suite("NN-kNN fused activation layers")
struct CaseActivationOpsTests {
  /// Distances, bias, case weights and labels for an m x s layer; the weights have both signs (the
  /// `plain` case weighting), and a few activations underflow to +0 so products by a negative
  /// weight are -0.
  struct Layer {
    var distances: Tensor, bias: Tensor, weights: Tensor, labels: [Int], classes: Int, cotangent: Tensor
    init(seed: UInt64, m: Int, s: Int, classes: Int) {
      var p = Problem(seed: seed)
      distances = p.uniform([m, s], 0, 3)
      if m * s > 2 { distances[flat: 1] = 500; distances[flat: 2] = 0 }
      bias = p.uniform([1, s], 0.5, 2)
      weights = p.uniform([1, s], -1, 1)
      labels = (0..<s).map { _ in Int(p.generator.next() % UInt64(classes)) }
      self.classes = classes
      cotangent = p.uniform([m, classes], -1, 1)
      // A zero cotangent: h = +0.0 there, and h * w = -0.0 for a negative weight, a sign that
      // a sum over rows drops and a single row keeps (as sumToShape does).
      cotangent[flat: 0] = 0
    }
  }

  /// Values and the three cotangents (distances, bias, case weights) of class activations, fused or
  /// composed as the model wrote them before NNKNN-27.
  static func run(_ layer: Layer, fused: Bool, slope: Double, offset: Double) throws -> [Tensor] {
    let tape = Tape()
    let d = tape.variable(layer.distances), b = tape.variable(layer.bias), w = tape.variable(layer.weights)
    let scores: Variable
    if fused {
      scores = try d.scaledSigmoidActivations(bias: b, slope: slope, offset: offset)
        .classActivations(caseWeights: w, labels: layer.labels, classes: layer.classes)
    } else {
      var oneHot = Tensor.zeros([layer.labels.count, layer.classes])
      for (j, l) in layer.labels.enumerated() { oneHot[flat: j * layer.classes + l] = 1 }
      let activations = ((try b - d) * slope + offset).sigmoid()
      scores = try (try activations * w).matmul(tape.variable(oneHot))
    }
    return [scores.value] + (try tape.gradients(of: scores, withRespectTo: [d, b, w], seed: layer.cotangent))
  }

  @Test("[NNKNN-27] fused case and class activations give the composed operations' bits, values and cotangents",
        arguments: [UInt64(1), 2, 3, 4, 5, 6])
  func sameBitsAsComposed(seed: UInt64) throws {
    var shapes = Xoshiro256StarStar(seed: seed)
    // Small shapes, and a [40, 1700] one that splits over threads (parallelRows' blocks).
    for (m, s) in [(1, 1), (1, 9), (3, 7), (Int(shapes.next() % 9) + 1, Int(shapes.next() % 40) + 1), (40, 1700)] {
      for (slope, offset) in [(CaseActivation.slope(defaultBias: 0.7), CaseActivation.offset), (1.0, 0.0)] {
        let layer = Layer(seed: seed, m: m, s: s, classes: Int(shapes.next() % 4) + 1)
        for threads in [1, 2, 3] {
          let fused = try Parallelism.withThreads(threads) { try Self.run(layer, fused: true, slope: slope, offset: offset) }
          let composed = try Self.run(layer, fused: false, slope: slope, offset: offset)
          for (f, c) in zip(fused, composed) {
            #expect(f.shape == c.shape && f.scalars.map(\.bitPattern) == c.scalars.map(\.bitPattern),
                    "seed \(seed) m \(m) s \(s) threads \(threads) slope \(slope)")
          }
        }
      }
    }
  }

  @Test("[NNKNN-27] fused layers against central differences", arguments: [UInt64(7), 8, 9])
  func gradientCheck(seed: UInt64) throws {
    let layer = Layer(seed: seed, m: 3, s: 5, classes: 2)
    let labels = layer.labels
    let f: CheckedFunction = { _, v in
      try v[0].scaledSigmoidActivations(bias: v[1], slope: 8 / 1.3, offset: -4)
        .classActivations(caseWeights: v[2], labels: labels, classes: 2).square().sum()
    }
    // Distances away from the [500] that makes the sigmoid flat.
    var p = Problem(seed: seed)
    let inputs = [p.uniform([3, 5], 0, 2), layer.bias, layer.weights]
    let full = try GradientChecker().checkJacobian(inputs, f)
    print("gradcheck family=nnknn-fused-layers seed=\(seed) worst=\(full.maxError)")
    #expect(full.passed, "seed \(seed)\n\(full)")
  }

  @Test("[NNKNN-27] bad shapes and labels are typed errors")
  func errors() throws {
    let tape = Tape()
    let d = tape.variable(Tensor.zeros([2, 3]))
    #expect(throws: TensorError.shapeMismatch(operation: "scaledSigmoidActivations bias", [1, 3], [1, 2])) {
      _ = try d.scaledSigmoidActivations(bias: tape.variable(Tensor.zeros([1, 2])), slope: 1, offset: 0)
    }
    #expect(throws: TensorError.shapeMismatch(operation: "classActivations labels", [3], [2])) {
      _ = try d.classActivations(caseWeights: tape.variable(Tensor.zeros([1, 3])), labels: [0, 1], classes: 2)
    }
    #expect(throws: TensorError.invalidArgument(operation: "classActivations", reason: "labels must lie in 0 ..< 2")) {
      _ = try d.classActivations(caseWeights: tape.variable(Tensor.zeros([1, 3])), labels: [0, 2, 1], classes: 2)
    }
  }
}
