import Foundation
import Randomness
import Testing
import Tensors
@testable import Autodiff
@testable import Networks

/// Whole deep models against central differences (NET-47): the checker's inputs are the input
/// batch followed by every parameter in store order; BatchNorm runs in training mode (gradients
/// through the batch statistics) with the network's buffers bound.
@Suite("Deep-model gradient checks")
struct DeepModelGradientTests {
  /// The loss of `network` at the checker's leaves [x, parameters...].
  func loss(_ network: Network, _ tape: Tape, _ v: [Variable], labels: [Int], mode: ForwardContext.Mode) throws -> Variable {
    let context = try ForwardContext(tape: tape, names: network.parameters.names, variables: Array(v[1...]), mode: mode,
                                     buffers: network.buffers)
    return try Losses.crossEntropy(try network(v[0], context: context), labels: labels)
  }

  func check(_ family: String, _ network: Network, input shape: [Int], labels: [Int], mode: ForwardContext.Mode, full: Bool,
             seed: UInt64,
             step: Double = 1e-5) throws {
    var d = Draw(seed: seed)
    let inputs = [d.uniform(shape)] + network.parameters.values
    let checker = GradientChecker(step: step)
    var worst = 0.0
    if full {
      let report = try checker.checkJacobian(inputs) { tape, v in try loss(network, tape, v, labels: labels, mode: mode) }
      #expect(report.passed, "\(family) seed \(seed) full Jacobian:\n\(report)")
      worst = report.maxError
    }
    let directions = try checker.checkDirections(inputs, trials: 8, seed: seed) { tape, v in
      try loss(network, tape, v, labels: labels, mode: mode)
    }
    #expect(directions.passed, "\(family) seed \(seed) directions:\n\(directions)")
    print("gradcheck family=\(family) seed=\(seed) worst=\(max(worst, directions.maxError))")
  }

  @Test("""
    [NET-47] a tiny ConvNet: full Jacobian of the loss w.r.t. the input and every parameter (conv, \
    ReLU, max-pool, flatten, linear)
    """)
  func tinyConvNet() throws {
    var g = Xoshiro256StarStar(seed: 1)
    let network = try Network(try ConvolutionalNetworks.convNet(inputChannels: 1, imageSize: (4, 4), classes: 2,
                                                                widths: (2, 2, 3)), using: &g)
    try check("convnet-tiny", network, input: [2, 1, 4, 4], labels: [1, 0], mode: .evaluation, full: true, seed: 2)
  }

  @Test("[NET-47] conv - BatchNorm2d - ReLU - linear in training mode: full Jacobian through the batch statistics")
  func batchNormTraining() throws {
    var g = Xoshiro256StarStar(seed: 3)
    let layer = try Sequential(named: [("conv", try Conv2d(2, 3, kernelSize: 2, stride: 1, padding: 0)),
                                       ("bn", try BatchNorm2d(3)),
                                       ("relu", ReLU()), ("flatten", Flatten()), ("fc", try Linear(12, 3))])
    var network = try Network(layer, using: &g)
    try network.parameters.setValue(Tensor([1.2, 0.7, -0.9]), for: "bn.weight")
    try network.parameters.setValue(Tensor([0.4, -0.3, 0.25]), for: "bn.bias")
    try check("conv-bn-train", network, input: [3, 2, 3, 3], labels: [0, 2, 1], mode: .training, full: true, seed: 4)
  }

  @Test("[NET-47] Papernot's CNN (TensorFlow SAME, VALID, stride 2) with 2 filters: random directions")
  func papernot() throws {
    var g = Xoshiro256StarStar(seed: 5)
    let network = try Network(try ConvolutionalNetworks.papernotMNIST(filters: 2), using: &g)
    try check("papernot", network, input: [2, 1, 28, 28], labels: [3, 9], mode: .evaluation, full: false, seed: 6)
  }

  @Test("[NET-47] ResNet18 at width 1/32 (both stems) in training mode: random directions through every BatchNorm and residual",
        arguments: [ResNet.Stem.smallImage, .imageNet])
  func resnet(stem: ResNet.Stem) throws {
    var g = Xoshiro256StarStar(seed: 7)
    let layer = try ResNet.resnet18(inputChannels: stem == .smallImage ? 1 : 3, classes: 4, widthMultiplier: 1.0 / 32, stem: stem)
    let network = try Network(layer, using: &g)
    // Inputs large enough that every BatchNorm sees at least 8 values per channel (layer4 at 2 x 2
    // with batch 2): with two or four, a BatchNorm's output barely depends on its input and the
    // check measures cancellation. A step of 1e-7 along a direction of all ~10^4 inputs keeps
    // every ReLU and max-pool on one side of its kink (rounding: eps |f| / h ~ 1e-9).
    let shape = stem == .smallImage ? [2, 1, 16, 16] : [2, 3, 64, 64]
    try check("resnet18-\(stem)", network, input: shape, labels: [1, 3], mode: .training, full: false, seed: 8, step: 1e-7)
  }
}
