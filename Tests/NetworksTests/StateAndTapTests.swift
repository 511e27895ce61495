import Foundation
import Randomness
import Testing
import Tensors
@testable import Autodiff
@testable import Networks

/// Buffers, model-wide modes and named taps (NET-30, NET-31, NET-32).
@Suite("Buffers, modes and taps")
struct StateAndTapTests {
  /// A small batch-normalised convolutional model: conv - bn - relu - flatten - fc.
  func smallModel(seed: UInt64) throws -> Network {
    var g = Xoshiro256StarStar(seed: seed)
    let layer = try Sequential(named: [("conv", try Conv2d(2, 3, kernelSize: 3, padding: 1)), ("bn", try BatchNorm2d(3)),
                                       ("relu", ReLU()), ("flatten", Flatten()), ("fc", try Linear(3 * 4 * 4, 2))])
    return try Network(layer, using: &g)
  }

  @Test("""
    [NET-30] buffers sit beside the parameters with torch's names; a training pass proposes running \
    statistics, committing keeps them
    """)
  func buffersUpdateOnCommit() throws {
    var network = try smallModel(seed: 1)
    #expect(network.parameters.names == ["conv.weight", "conv.bias", "bn.weight", "bn.bias", "fc.weight", "fc.bias"])
    #expect(network.buffers.names == ["bn.running_mean", "bn.running_var", "bn.num_batches_tracked"])
    #expect(try network.buffers.value("bn.running_var") == Tensor.ones([3]))
    var d = Draw(seed: 2)
    let x = d.uniform([4, 2, 4, 4], -2, 3)
    let tape = Tape()
    let context = network.context(tape: tape, mode: .training)
    context.requestTaps(["conv"])
    _ = try network(tape.variable(x), context: context)
    // The stored buffers are untouched until committed.
    #expect(context.buffers == network.buffers)
    let conv = context.tapValues["conv"]!.value
    let (mean, variance) = BatchNormalization.statistics(conv.scalars, batch: 4, channels: 3, spatial: 16)
    let updated = context.updatedBuffers
    for c in 0..<3 {
      #expect(try updated.value("bn.running_mean").scalars[c] == 0.9 * 0 + 0.1 * mean[c])
      #expect(try updated.value("bn.running_var").scalars[c] == 0.9 * 1 + 0.1 * (variance[c] * 64 / 63))
    }
    #expect(try updated.value("bn.num_batches_tracked") == Tensor(scalar: 1))
    network.commitBuffers(from: context)
    #expect(network.buffers == updated)
  }

  @Test("[NET-31] evaluation uses the running statistics and proposes nothing; buffers cannot change in evaluation mode")
  func evaluationMode() throws {
    var network = try smallModel(seed: 3)
    try network.buffers.setValue(Tensor([0.5, -0.25, 1]), for: "bn.running_mean")
    try network.buffers.setValue(Tensor([2, 0.5, 4]), for: "bn.running_var")
    var d = Draw(seed: 4)
    let x = d.uniform([1, 2, 4, 4])  // a batch of one is fine in evaluation mode
    let tape = Tape()
    let context = network.context(tape: tape, mode: .evaluation)
    context.requestTaps(["conv", "bn"])
    _ = try network(tape.variable(x), context: context)
    let (conv, bn) = (context.tapValues["conv"]!.value, context.tapValues["bn"]!.value)
    for c in 0..<3 {
      let (m, v) = (try network.buffers.value("bn.running_mean").scalars[c],
                    try network.buffers.value("bn.running_var").scalars[c])
      for s in 0..<16 {
        let expected = (conv.scalars[c * 16 + s] - m) * (1 / Foundation.sqrt(v + 1e-5)) * 1 + 0
        #expect(bn.scalars[c * 16 + s] == expected)
      }
    }
    #expect(context.updatedBuffers == network.buffers)
    #expect(throws: NetworkError.self) {
      try context.scoped("bn") { try context.updateBuffer("running_mean", Tensor.zeros([3])) }
    }
  }

  @Test("[NET-31] one mode for the whole model: dropout and batch norm follow the context's mode together")
  func modeIsModelWide() throws {
    var g = Xoshiro256StarStar(seed: 5)
    let layer = Sequential(try Linear(3, 4), try BatchNorm1d(4), try Dropout(0.5))
    let network = try Network(layer, using: &g)
    var d = Draw(seed: 6)
    let x = d.uniform([6, 3])
    let evaluation = try network.predict(x)
    let tape = Tape()
    let training = try network(tape.variable(x),
                               context: network.context(tape: tape, mode: .training, random: Xoshiro256StarStar(seed: 7))).value
    // Evaluation with fresh running statistics (0, 1) is the linear layer scaled by 1/sqrt(1 + eps).
    let linear = try Sequential(try Linear(3, 4))
    let reference = try Network(linear, parameters: try ParameterStore(Array(network.parameters.parameters.prefix(2))))
    let scale = 1 / Foundation.sqrt(1 + 1e-5)
    #expect(zip(evaluation.scalars, try reference.predict(x).scalars).allSatisfy { $0 == ($1 - 0) * scale * 1 + 0 })
    // Training: dropped entries are exact zeros, kept ones are batch-normalised and doubled.
    #expect(training.scalars.contains(0) && training != evaluation)
  }

  // MARK: Taps

  @Test("[NET-32] an MLP lists its children as taps; features equal partial forward passes")
  func mlpTaps() throws {
    var g = Xoshiro256StarStar(seed: 8)
    let network = try Network(try MLP.make(widths: [3, 5, 4, 2], activation: .tanh), using: &g)
    #expect(network.tapNames == ["0", "1", "2", "3", "4"])
    var d = Draw(seed: 9)
    let x = d.uniform([2, 3])
    let features = try network.features(x, taps: ["1", "4"])
    #expect(features["1"] == (try outputs(of: network.layer as! Sequential, network.parameters, x, through: 1)))
    #expect(features["4"] == (try network.predict(x)))
    #expect(throws: NetworkError.unknownTap("5", available: network.tapNames)) { try network.features(x, taps: ["5"]) }
  }

  /// A layer that fails whenever it runs: proves a pass stopped before reaching it.
  struct Unreachable: Layer {
    var description: String { "Unreachable" }
    func callAsFunction(_ x: Variable, context: ForwardContext) throws -> Variable {
      throw NetworkError.invalidLayer(layer: description, reason: "ran although every requested tap was recorded")
    }
  }

  @Test("[NET-32] a pass asked for early taps stops once they are recorded; nested names follow the scopes")
  func stopsEarly() throws {
    var g = Xoshiro256StarStar(seed: 10)
    let inner = try Sequential(named: [("fc", try Linear(2, 3)), ("act", ReLU())])
    let layer = try Sequential(named: [("block", inner), ("never", Unreachable())])
    let network = try Network(layer, using: &g)
    #expect(network.tapNames == ["block.fc", "block.act", "block", "never"])
    let x = try Tensor(shape: [1, 2], scalars: [0.5, -1])
    let f = try network.features(x, taps: ["block.fc", "block"])
    #expect(f["block"] == f["block.fc"]!.map { max($0, 0) })
    #expect(throws: NetworkError.self) { try network.predict(x) }
  }

  @Test("[NET-32] every tap a model lists is recorded, in the listed order (ResNet18 both stems, ConvNet, Papernot's CNN)")
  func recordedOrderIsListedOrder() throws {
    let models: [(any Layer, [Int])] = [
      (try ResNet.resnet18(inputChannels: 1, classes: 3, widthMultiplier: 1.0 / 16, stem: .smallImage), [2, 1, 8, 8]),
      (try ResNet.resnet18(inputChannels: 3, classes: 3, widthMultiplier: 1.0 / 32, stem: .imageNet), [1, 3, 32, 32]),
      (try ConvolutionalNetworks.convNet(inputChannels: 1, imageSize: (8, 8)), [2, 1, 8, 8]),
      (try ConvolutionalNetworks.papernotMNIST(filters: 2), [1, 1, 28, 28]),
    ]
    for (layer, shape) in models {
      var g = Xoshiro256StarStar(seed: 11)
      let network = try Network(layer, using: &g)
      var d = Draw(seed: 12)
      let tape = Tape()
      let context = network.context(tape: tape, mode: .evaluation)
      context.requestTaps(nil)
      let output = try network(tape.variable(d.uniform(shape)), context: context)
      #expect(context.recordedTaps.map(\.name) == network.tapNames, "\(layer)")
      #expect(context.recordedTaps.last?.value.value == output.value, "\(layer)")
    }
  }

  @Test("[NET-32] taps requested on a caller's context are Variables: gradients flow to an intermediate representation")
  func gradientThroughTap() throws {
    var g = Xoshiro256StarStar(seed: 13)
    let network = try Network(try ConvolutionalNetworks.convNet(inputChannels: 1, imageSize: (4, 4), classes: 3), using: &g)
    var d = Draw(seed: 14)
    let tape = Tape()
    let context = network.context(tape: tape, mode: .evaluation)
    context.requestTaps([ConvolutionalNetworks.convNetFeatureTap])
    let logits = try network(tape.variable(d.uniform([2, 1, 4, 4])), context: context)
    let features = context.tapValues["relu3"]!
    let gradient = try tape.gradients(of: logits.sum(), withRespectTo: features)[0]
    // d sum(fc2(f)) / d f = column sums of fc2's weight, for every row.
    let w = try network.parameters.value("fc2.weight")
    let columnSums = (0..<128).map { j in (0..<3).reduce(0.0) { $0 + w[$1, j] } }
    #expect(gradient.scalars == columnSums + columnSums)
  }
}
