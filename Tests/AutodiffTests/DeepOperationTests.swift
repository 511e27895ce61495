import Foundation
import Testing
import Tensors
@testable import Autodiff

/// Gradient checks (FOUND-60) and exact conventions of the convolution, pooling and batch-norm
/// operations (FOUND-81 ... FOUND-87), on small random problems from printed seeds.
@Suite("Deep-network operations")
struct DeepOperationTests {
  /// Strided, dilated, grouped, padded convolutions with bias; both kernels.
  static let convolutions: [(stride: (Int, Int), dilation: (Int, Int), groups: Int, padding: WindowPadding)] = [
    ((1, 1), (1, 1), 1, .symmetric(1, 1)),
    ((2, 2), (1, 1), 1, .symmetric(1, 1)),           // stride 2 with padding that does not divide evenly
    ((1, 1), (2, 1), 2, .same),                       // PyTorch same (stride 1; the kernel width 2 is even)
    ((2, 1), (1, 1), 1, .tensorFlowSame),
    ((1, 1), (2, 2), 3, .explicit(top: 0, bottom: 2, left: 1, right: 0)),
  ]

  @Test("""
    [FOUND-81] conv2d: full Jacobian w.r.t. input, weight and bias (strides, dilation, groups, \
    padding modes; fast and naive)
    """,
        arguments: Array(convolutions.indices))
  func conv2dGradients(case index: Int) throws {
    let c = Self.convolutions[index]
    for (kernel, seed) in [(KernelChoice.fast, UInt64(40 + index)), (.reference, UInt64(50 + index))] {
      var r = TestInputs(seed: seed)
      let (cg, og) = (r.extent(1...2), r.extent(1...2))
      let x = r.uniform([2, cg * c.groups, 5, 4]), w = r.uniform([og * c.groups, cg, 3, 2]), b = r.uniform([og * c.groups])
      try expectGradients("conv2d-\(index)-\(kernel)", seed: seed, [x, w, b]) { _, v in
        try v[0].conv2d(weight: v[1], bias: v[2], stride: c.stride, padding: c.padding, dilation: c.dilation, groups: c.groups,
                        kernel: kernel)
      }
    }
  }

  @Test("[FOUND-83] conv1d equals conv2d on the [N, C, 1, L] view, and its gradients pass the checker",
        arguments: propertySeeds.prefix(3))
  func conv1d(seed: UInt64) throws {
    var r = TestInputs(seed: seed)
    let x = r.uniform([2, 4, 7])
    let tape = Tape()
    let vx = tape.variable(x)
    let w4 = r.uniform([4, 2, 3]), b4 = r.uniform([4])
    let z1 = try vx.conv1d(weight: tape.variable(w4), bias: tape.variable(b4), stride: 2, padding: .symmetric(1), groups: 2)
    let z2 = try vx.reshaped([2, 4, 1, 7]).conv2d(weight: tape.variable(try w4.reshaped([4, 2, 1, 3])), bias: tape.variable(b4),
                                                  stride: (1, 2), padding: .symmetric(0, 1), groups: 2)
    #expect(z1.shape == [2, 4, 4])
    #expect(z1.value.scalars == z2.value.scalars)
    try expectGradients("conv1d", seed: seed, [x, w4, b4]) { _, v in
      try v[0].conv1d(weight: v[1], bias: v[2], stride: 1, padding: .same, dilation: 2, groups: 2)
    }
  }

  @Test("[FOUND-81] conv2d refuses mismatched channels, groups, bias and windows with typed errors")
  func conv2dErrors() throws {
    let tape = Tape()
    let x = tape.variable(Tensor.zeros([1, 4, 5, 5]))
    let error = { (f: () throws -> Variable) -> TensorError? in
      do { _ = try f(); return nil } catch let e as TensorError { return e } catch { return nil }
    }
    #expect(
      error { try x.conv2d(weight: tape.variable(Tensor.zeros([2, 3, 3, 3]))) }
        == .shapeMismatch(operation: "conv2d input and weight", [1, 4, 5, 5], [2, 3, 3, 3]))
    #expect(error { try x.conv2d(weight: tape.variable(Tensor.zeros([3, 2, 3, 3])), groups: 2) } != nil)
    #expect(error { try x.conv2d(weight: tape.variable(Tensor.zeros([2, 4, 3, 3])), bias: tape.variable(Tensor.zeros([3]))) }
            == .shapeMismatch(operation: "conv2d bias", [3], [2]))
    #expect(error { try x.conv2d(weight: tape.variable(Tensor.zeros([2, 4, 7, 7]))) } != nil)
    #expect(error { try tape.variable(Tensor.zeros([4, 5, 5])).conv2d(weight: tape.variable(Tensor.zeros([2, 4, 3, 3]))) }
            == .rank(operation: "conv2d input", expected: "4 ([N, C, H, W])", shape: [4, 5, 5]))
  }

  // MARK: Pooling

  /// Distinct values 0.1 apart in random order: no near tie inside any window.
  func distinct(_ shape: [Int], _ r: inout TestInputs) -> Tensor {
    var values = (0..<shape.reduce(1, *)).map { Double($0) * 0.1 - 1 }
    for i in stride(from: values.count - 1, to: 0, by: -1) { values.swapAt(i, Int(r.generator.next() % UInt64(i + 1))) }
    return try! Tensor(shape: shape, scalars: values)
  }

  @Test("[FOUND-84] maxPool2d gradients (overlapping windows, stride, padding, dilation) pass the checker",
        arguments: propertySeeds.prefix(3))
  func maxPoolGradients(seed: UInt64) throws {
    var r = TestInputs(seed: seed)
    let x = distinct([2, 2, 6, 5], &r)
    for window in [try Window2D(kernel: (3, 3), stride: (2, 2), padding: .symmetric(1, 1)),
                   try Window2D(kernel: (2, 2), stride: (1, 1), dilation: (2, 1))] {
      try expectGradients("maxPool2d", seed: seed, [x]) { _, v in try v[0].maxPool2d(window) }
    }
  }

  @Test("[FOUND-84] max pooling ties go to the first maximum in row-major window order; NaN propagates; padding never wins")
  func maxPoolConventions() throws {
    let tape = Tape()
    // One 3 x 3 plane; 2 x 2 windows with stride 1: every window holds ties.
    let x = tape.variable(try Tensor(shape: [1, 1, 3, 3], scalars: [1, 5, 5,
                                                                   5, 5, 2,
                                                                   3, 0, 0]))
    let y = try x.maxPool2d(try Window2D(kernel: (2, 2)))
    #expect(y.value.scalars == [5, 5, 5, 5])
    let g = try tape.gradients(of: y, withRespectTo: [x], seed: Tensor(shape: [1, 1, 2, 2], scalars: [1, 10, 100, 1000]))[0]
    // Window (0,0) -> x[0,1]; (0,1) -> x[0,1]; (1,0) -> x[1,0]; (1,1) -> x[1,1].
    #expect(g.scalars == [0, 11, 0, 100, 1000, 0, 0, 0, 0])
    // NaN wins wherever it sits in the window; all -inf leaves the first in-range element.
    let z = tape.variable(try Tensor(shape: [1, 1, 2, 3], scalars: [1, .nan, -.infinity, 7, 2, -.infinity]))
    let m = try z.maxPool2d(try Window2D(kernel: (2, 2), stride: (1, 1)))
    #expect(m.value.scalars[0].isNaN && m.value.scalars[1].isNaN)
    let allNegative = tape.variable(try Tensor(shape: [1, 1, 1, 2], scalars: [-.infinity, -.infinity]))
    let p = try allNegative.maxPool2d(try Window2D(kernel: (1, 2)))
    #expect(try tape.gradients(of: p, withRespectTo: [allNegative],
                               seed: Tensor(shape: [1, 1, 1, 1], scalars: [1]))[0].scalars == [1, 0])
    // Padding acts as -infinity: an all-negative plane keeps negative maxima.
    let neg = tape.variable(Tensor(repeating: -3, shape: [1, 1, 2, 2]))
    #expect(try neg.maxPool2d(try Window2D(kernel: (3, 3), stride: (2, 2), padding: .symmetric(1, 1))).value.scalars == [-3])
    #expect(throws: TensorError.self) { try neg.maxPool2d(try Window2D(kernel: (2, 2), padding: .symmetric(2, 2))) }
  }

  @Test("[FOUND-85] avgPool2d counts padding or not, as asked; global average pooling; gradients pass the checker")
  func averagePooling() throws {
    let tape = Tape()
    let x = tape.variable(try Tensor(shape: [1, 1, 2, 2], scalars: [1, 2, 3, 4]))
    let window = try Window2D(kernel: (2, 2), stride: (2, 2), padding: .symmetric(1, 1))
    // Windows hold one real value each; with padding counted the divisor is 4.
    #expect(try x.avgPool2d(window).value.scalars == [0.25, 0.5, 0.75, 1])
    #expect(try x.avgPool2d(window, countIncludePadding: false).value.scalars == [1, 2, 3, 4])
    #expect(try x.globalAveragePool2d().value == Tensor(shape: [1, 1, 1, 1], scalars: [2.5]))
    var r = TestInputs(seed: 7)
    let input = r.uniform([2, 3, 5, 4])
    for include in [true, false] {
      try expectGradients("avgPool2d-\(include)", seed: 7, [input]) { _, v in
        try v[0].avgPool2d(try Window2D(kernel: (3, 2), stride: (2, 1), padding: .symmetric(1, 1)), countIncludePadding: include)
      }
    }
    try expectGradients("globalAveragePool2d", seed: 7, [input]) { _, v in try v[0].globalAveragePool2d() }
  }

  @Test("[FOUND-86] max over time: first maximum, NaN wins, gradient to the winner; flatten keeps row-major order")
  func maxOverTimeAndFlatten() throws {
    let tape = Tape()
    let x = tape.variable(try Tensor(shape: [1, 2, 4], scalars: [1, 3, 3, 0, 2, .nan, 9, 1]))
    let y = try x.maxOverTime()
    #expect(y.shape == [1, 2] && y.value.scalars[0] == 3 && y.value.scalars[1].isNaN)
    let g = try tape.gradients(of: y, withRespectTo: [x], seed: Tensor(shape: [1, 2], scalars: [1, 2]))[0]
    #expect(g.scalars == [0, 1, 0, 0, 0, 2, 0, 0])
    let f = try tape.variable(Tensor(shape: [2, 1, 2, 2], scalars: (0..<8).map(Double.init))).flattened()
    #expect(f.shape == [2, 4] && f.value.scalars == (0..<8).map(Double.init))
    var r = TestInputs(seed: 8)
    let input = distinct([2, 3, 5], &r)
    try expectGradients("maxOverTime", seed: 8, [input]) { _, v in try v[0].maxOverTime() }
  }

  // MARK: Batch normalisation

  @Test("[FOUND-87] batch norm in training mode: statistics, normalised output, gradients through the batch statistics",
        arguments: [[4, 3], [3, 2, 5], [2, 3, 2, 3]])
  func batchNormTraining(shape: [Int]) throws {
    var r = TestInputs(seed: UInt64(shape.count))
    let x = r.uniform(shape), w = r.uniform([shape[1]], 0.5, 1.5), b = r.uniform([shape[1]])
    let tape = Tape()
    let (y, stats) = try tape.variable(x).batchNormTraining(weight: tape.variable(Tensor.ones([shape[1]])),
                                                            bias: tape.variable(Tensor.zeros([shape[1]])), eps: 0)
    // With w = 1, b = 0, eps = 0 each channel of y has mean 0 and biased variance 1.
    let again = BatchNormalization.statistics(y.value.scalars, batch: shape[0], channels: shape[1],
                                              spatial: shape.dropFirst(2).reduce(1, *))
    #expect(again.mean.allSatisfy { abs($0) < 1e-15 } && again.variance.allSatisfy { abs($0 - 1) < 1e-14 })
    #expect(stats.count == shape[0] * shape.dropFirst(2).reduce(1, *))
    try expectGradients("batchNorm-training-\(shape)", seed: UInt64(shape.count), [x, w, b]) { _, v in
      try v[0].batchNormTraining(weight: v[1], bias: v[2], eps: 1e-5).output
    }
  }

  @Test("[FOUND-87] batch norm in evaluation mode uses the given statistics; one value per channel in training is refused")
  func batchNormEvaluation() throws {
    var r = TestInputs(seed: 9)
    let x = r.uniform([1, 2, 3]), w = r.uniform([2]), b = r.uniform([2])
    let mean = Tensor([0.5, -1]), variance = Tensor([2, 0.25])
    let tape = Tape()
    let y = try tape.variable(x).batchNormInference(weight: tape.variable(w), bias: tape.variable(b), runningMean: mean,
                                                    runningVariance: variance, eps: 1e-5)
    for c in 0..<2 {
      for s in 0..<3 {
        let expected = (x[0, c, s] - mean.scalars[c]) / Foundation.sqrt(variance.scalars[c] + 1e-5) * w.scalars[c] + b.scalars[c]
        #expect(abs(y.value[0, c, s] - expected) <= 1e-15 * max(1, abs(expected)))
      }
    }
    try expectGradients("batchNorm-evaluation", seed: 9, [x, w, b]) { _, v in
      try v[0].batchNormInference(weight: v[1], bias: v[2], runningMean: mean, runningVariance: variance, eps: 1e-5)
    }
    #expect(throws: TensorError.self) {
      try tape.variable(Tensor.zeros([1, 2])).batchNormTraining(weight: tape.variable(Tensor.ones([2])),
                                                                bias: tape.variable(Tensor.zeros([2])), eps: 1e-5)
    }
  }
}
