import Foundation
import Randomness
import Testing
import Tensors
@testable import Autodiff
@testable import Networks

/// The deep-network layers (NET-33 ... NET-38): parameters, shapes, errors, initialisation bounds.
@Suite("Deep-network layers")
struct DeepLayerTests {
  /// Runs `layer` with fresh parameters on x in `mode`; returns the output.
  func run(_ layer: any Layer, _ x: Tensor, mode: ForwardContext.Mode = .evaluation, seed: UInt64 = 1) throws -> Tensor {
    var g = Xoshiro256StarStar(seed: seed)
    let network = try Network(layer, using: &g)
    let tape = Tape()
    return try network(tape.variable(x),
                       context: network.context(tape: tape, mode: mode, random: Xoshiro256StarStar(seed: seed + 1))).value
  }

  @Test("[NET-33] Conv2d: torch's parameter layout and names, output shape, and typed errors for rank, channels and groups")
  func conv2d() throws {
    let conv = try Conv2d(4, 6, kernelSize: (3, 2), stride: (2, 1), padding: .symmetric(1, 0), groups: 2)
    #expect(conv.parameterSpecs == [ParameterSpec(name: "weight", shape: [6, 2, 3, 2]), ParameterSpec(name: "bias", shape: [6])])
    #expect(try Conv2d(3, 8, kernelSize: 1, bias: false).parameterSpecs.map(\.name) == ["weight"])
    #expect(try run(conv, Tensor.zeros([2, 4, 5, 5])).shape == [2, 6, 3, 4])
    #expect(throws: NetworkError.inputChannels(layer: conv.description, expected: 4, got: 3)) {
      try run(conv, Tensor.zeros([1, 3, 5, 5]))
    }
    #expect(throws: NetworkError.inputRank(layer: conv.description, expected: 4, shape: [4, 5, 5])) {
      try run(conv, Tensor.zeros([4, 5, 5]))
    }
    #expect(throws: NetworkError.self) { try Conv2d(4, 6, kernelSize: (3, 3), groups: 3) }
    #expect(throws: NetworkError.self) { try Conv2d(4, 6, kernelSize: (3, 3), stride: (2, 2), padding: .same) }
    #expect(throws: NetworkError.self) { try Conv2d(4, 6, kernelSize: (0, 3)) }
  }

  @Test("""
    [NET-38] default initialisation of convolutions: weight within 1/sqrt(fan_in) (fan_in = \
    in/groups kH kW), bias likewise; weight drawn first
    """)
  func convolutionInitialisation() throws {
    let conv = try Conv2d(6, 8, kernelSize: (3, 2), groups: 2)
    var g = Xoshiro256StarStar(seed: 3)
    let parameters = try conv.initialParameters(.pytorchDefault, using: &g)
    let fanIn = 3 * 3 * 2
    let bound = 1 / Foundation.sqrt(Double(fanIn))
    // kaiming_uniform_(a = sqrt(5)): gain sqrt(2 / 6), bound sqrt(3) gain / sqrt(fan_in).
    let weightBound = Foundation.sqrt(3.0) * (Foundation.sqrt(2.0 / 6) / Foundation.sqrt(Double(fanIn)))
    #expect(abs(weightBound - bound) <= 1e-15 * bound)
    #expect(parameters[0].value.scalars.allSatisfy { abs($0) <= weightBound })
    #expect(parameters[1].value.scalars.allSatisfy { abs($0) <= bound })
    // The same stream replayed: weight first (uniform on [-b, b)), then bias.
    var replay = Xoshiro256StarStar(seed: 3)
    let w = try Initializer.uniform(low: -weightBound, high: weightBound).tensor(shape: [8, 3, 3, 2], using: &replay)
    let b = try Initializer.uniform(low: -bound, high: bound).tensor(shape: [8], using: &replay)
    #expect(parameters[0].value == w && parameters[1].value == b)
    // Conv1d: fan_in = in/groups k.
    let conv1d = try Conv1d(4, 2, kernelSize: 5)
    var h = Xoshiro256StarStar(seed: 4)
    let p1 = try conv1d.initialParameters(.pytorchDefault, using: &h)
    #expect(p1[1].value.scalars.allSatisfy { abs($0) <= 1 / Foundation.sqrt(20.0) })
  }

  @Test("[NET-34] Conv1d: [N, C, L] in, torch's [out, in/groups, k] weight, same values as the 2-D layer on an [N, C, 1, L] view")
  func conv1d() throws {
    let conv = try Conv1d(3, 4, kernelSize: 3, stride: 2, padding: .symmetric(1))
    #expect(conv.parameterSpecs.map(\.shape) == [[4, 3, 3], [4]])
    var d = Draw(seed: 5)
    let x = d.uniform([2, 3, 9])
    let y = try run(conv, x)
    #expect(y.shape == [2, 4, 5])
    var g = Xoshiro256StarStar(seed: 1)
    let p = try conv.initialParameters(.pytorchDefault, using: &g)
    let twin = try Network(try Conv2d(3, 4, kernelSize: (1, 3), stride: (1, 2), padding: .symmetric(0, 1)),
                           parameters: try ParameterStore([Parameter(name: "weight",
                                                                     value: try p[0].value.reshaped([4, 3, 1, 3])), p[1]]))
    #expect(y.scalars == (try twin.predict(try x.reshaped([2, 3, 1, 9]))).scalars)
    #expect(throws: NetworkError.self) { try run(conv, Tensor.zeros([2, 3, 1, 9])) }
  }

  @Test("[NET-35] pooling and flatten layers: shapes, torch's default stride, padding limit, max over time")
  func pooling() throws {
    var d = Draw(seed: 6)
    let x = d.uniform([2, 3, 7, 6])
    #expect(try run(try MaxPool2d(2), x).shape == [2, 3, 3, 3])
    #expect(try run(try MaxPool2d(3, stride: 2, padding: 1), x).shape == [2, 3, 4, 3])
    #expect(try run(try AvgPool2d(kernelSize: (2, 3)), x).shape == [2, 3, 3, 2])
    #expect(try run(AdaptiveAvgPool2d(), x).shape == [2, 3, 1, 1])
    #expect(try run(Flatten(), x).shape == [2, 126])
    #expect(try run(MaxOverTime(), d.uniform([2, 4, 5])).shape == [2, 4])
    #expect(throws: NetworkError.self) { try MaxPool2d(2, padding: 2) }
    #expect(throws: NetworkError.self) { try AvgPool2d(kernelSize: (2, 2), padding: (2, 0)) }
    #expect(throws: NetworkError.self) { try run(try MaxPool2d(2), d.uniform([2, 3, 4])) }
  }

  @Test("""
    [NET-36] BatchNorm: torch's parameters and buffers; batch of one value per channel refused in \
    training, accepted in evaluation
    """)
  func batchNorm() throws {
    let bn2 = try BatchNorm2d(3)
    #expect(bn2.parameterSpecs.map(\.name) == ["weight", "bias"])
    #expect(bn2.bufferSpecs == [ParameterSpec(name: "running_mean", shape: [3]), ParameterSpec(name: "running_var", shape: [3]),
                                ParameterSpec(name: "num_batches_tracked", shape: [], integer: true)])
    var d = Draw(seed: 7)
    // One image but several positions per channel: training works (torch accepts it too).
    #expect(try run(bn2, d.uniform([1, 3, 2, 2]), mode: .training).shape == [1, 3, 2, 2])
    let bn1 = try BatchNorm1d(4)
    #expect(throws: NetworkError.batchNormSingleValue(layer: bn1.description, shape: [1, 4])) {
      try run(bn1, d.uniform([1, 4]), mode: .training)
    }
    #expect(try run(bn1, d.uniform([1, 4])).shape == [1, 4])
    #expect(try run(bn1, d.uniform([3, 4, 5]), mode: .training).shape == [3, 4, 5])
    #expect(throws: NetworkError.self) { try run(bn1, d.uniform([3, 4, 5, 6])) }
    #expect(throws: NetworkError.self) { try run(bn2, d.uniform([3, 2, 5, 6])) }
    #expect(throws: NetworkError.self) { try BatchNorm2d(3, momentum: 1.5) }
  }

  @Test("""
    [NET-37] Dropout2d zeroes whole channels: one draw per (n, c), kept when u < 1 - p, scaled by \
    1/(1 - p); identity in evaluation
    """)
  func dropout2d() throws {
    var d = Draw(seed: 8)
    let x = d.uniform([3, 4, 2, 3], 0.5, 1.5)
    let p = 0.4
    let y = try run(try Dropout2d(p), x, mode: .training, seed: 20)
    var twin = Xoshiro256StarStar(seed: 21)  // run() hands the context seed + 1
    for channel in 0..<12 {
      let m = twin.nextDouble() < 1 - p ? 1 / (1 - p) : 0
      for k in 0..<6 { #expect(y.scalars[channel * 6 + k] == x.scalars[channel * 6 + k] * m) }
    }
    #expect(try run(try Dropout2d(p), x, mode: .evaluation) == x)
    #expect(throws: NetworkError.dropoutProbability(1)) { try Dropout2d(1) }
  }
}
