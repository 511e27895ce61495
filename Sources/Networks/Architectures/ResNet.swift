import Autodiff
import Randomness
import Tensors

/// torchvision's ResNet with BasicBlocks (NET-41); ``resnet18(inputChannels:classes:widthMultiplier:stem:)``
/// builds ResNet18 (two blocks per stage).
///
/// Children and `state_dict` names exactly torchvision's: conv1, bn1, relu, maxpool (ImageNet stem
/// only), layer1 ... layer4 (each a Sequential of BasicBlocks "0", "1"), avgpool, flatten, fc.
/// Stage widths 64, 128, 256, 512 times `widthMultiplier` (rounded, at least 1); stride 2 at the
/// first block of layers 2-4, with a downsample branch where the stride or width changes.
/// Stems (named variants): `.imageNet` is torchvision's conv1 7x7 stride 2 padding 3, then
/// maxpool 3x3 stride 2 padding 1; `.smallImage` is the usual CIFAR variant, conv1 3x3 stride 1
/// padding 1 and no max-pool. avgpool is AdaptiveAvgPool2d(1), flatten is `torch.flatten(x, 1)`
/// (a tap, no parameters), fc is Linear(512 m, classes).
///
/// Taps (NET-32) follow the children: "conv1", "bn1", "relu", ["maxpool"], "layer1.0.conv1",
/// ..., "layer1.0.relu_1", "layer1.0", ..., "layer1", ..., "layer4", "avgpool", "flatten", "fc".
///
/// Initialisation (NET-42), `.torchvision`: every layer first draws its own default in
/// torchvision's construction order (conv1; per stage the downsample convolution, then each
/// block's conv1 and conv2; fc last), then each convolution is redrawn by
/// kaiming_normal_(mode = fan_out, nonlinearity = relu) in registration order, as
/// `ResNet.__init__`'s loop over `self.modules()` does; BatchNorm weight 1, bias 0; fc keeps
/// Linear's default. So a torch-exact generator would reproduce torch's weights. `.layerDefaults`
/// skips the redraw (every layer keeps torch's layer default).
///
/// With torch's parameters and buffers loaded by name, outputs, loss, gradients and running
/// statistics agree with torch's to 1e-12 (the goldens of NET-46).
public struct ResNet: LayerContainer {
  public enum Stem: Sendable, Equatable { case imageNet, smallImage }
  public enum Initialization: Sendable, Equatable { case torchvision, layerDefaults }

  public let inputChannels: Int
  public let classes: Int
  public let widths: [Int]
  public let stem: Stem
  public let initialization: Initialization
  let conv1: Conv2d, bn1: BatchNorm, maxpool: MaxPool2d?
  let stages: [Sequential]
  let fc: Linear

  /// Errors: channels, classes or blocks below 1, a width multiplier that is not positive and finite.
  public init(blocks: [Int], inputChannels: Int = 3, classes: Int = 1000, widthMultiplier: Double = 1, stem: Stem = .imageNet,
              initialization: Initialization = .torchvision) throws(NetworkError) {
    guard inputChannels >= 1, classes >= 1, !blocks.isEmpty, blocks.allSatisfy({ $0 >= 1 }), widthMultiplier.isFinite,
        widthMultiplier > 0 else {
      throw .invalidLayer(layer: "ResNet", reason: """
        input channels \(inputChannels), classes \(classes), blocks \(blocks), width multiplier \
        \(widthMultiplier)
        """)
    }
    self.inputChannels = inputChannels
    self.classes = classes
    self.stem = stem
    self.initialization = initialization
    widths = blocks.indices.map { Swift.max(1, Int((Double(64 << $0) * widthMultiplier).rounded())) }
    switch stem {
    case .imageNet:
      conv1 = try Conv2d(inputChannels, widths[0], kernelSize: 7, stride: 2, padding: 3, bias: false)
      maxpool = try MaxPool2d(3, stride: 2, padding: 1)
    case .smallImage:
      conv1 = try Conv2d(inputChannels, widths[0], kernelSize: 3, stride: 1, padding: 1, bias: false)
      maxpool = nil
    }
    bn1 = try BatchNorm2d(widths[0])
    var stages: [Sequential] = []
    var channels = widths[0]
    for (s, count) in blocks.enumerated() {
      var stage: [any Layer] = []
      for b in 0..<count {
        stage.append(try BasicBlock(channels, widths[s], stride: s > 0 && b == 0 ? 2 : 1))
        channels = widths[s]
      }
      stages.append(Sequential(stage))
    }
    self.stages = stages
    fc = try Linear(channels, classes)
  }

  /// ResNet18: BasicBlock x [2, 2, 2, 2].
  public static func resnet18(inputChannels: Int = 3, classes: Int = 1000, widthMultiplier: Double = 1, stem: Stem = .imageNet,
                              initialization: Initialization = .torchvision) throws(NetworkError) -> ResNet {
    try ResNet(blocks: [2, 2, 2, 2], inputChannels: inputChannels, classes: classes, widthMultiplier: widthMultiplier, stem: stem,
               initialization: initialization)
  }

  public var description: String {
    "ResNet(blocks \(stages.map(\.layers.count)), widths \(widths), in \(inputChannels), classes \(classes), stem \(stem))"
  }

  public var namedChildren: [(name: String, layer: any Layer)] {
    var children: [(name: String, layer: any Layer)] = [("conv1", conv1), ("bn1", bn1), ("relu", ReLU())]
    if let maxpool { children.append(("maxpool", maxpool)) }
    for (s, stage) in stages.enumerated() { children.append(("layer\(s + 1)", stage)) }
    return children + [("avgpool", AdaptiveAvgPool2d()), ("flatten", Flatten()), ("fc", fc)]
  }

  public func callAsFunction(_ x: Variable, context: ForwardContext) throws -> Variable {
    var y = x
    for child in namedChildren { y = try context.apply(child.layer, named: child.name, to: y) }
    return y
  }

  /// The convolutions and fc in torchvision's construction order, with their weight shapes.
  var constructionOrder: [(name: String, weightShape: [Int], bias: Bool)] {
    var order: [(String, [Int], Bool)] = [("conv1", conv1.weightShape, false)]
    for (s, stage) in stages.enumerated() {
      for (b, layer) in stage.layers.enumerated() {
        guard let block = layer as? BasicBlock else { continue }
        let prefix = "layer\(s + 1).\(b)"
        if let downsample = block.downsample, let conv = downsample.layers.first as? Conv2d {
          order.append(("\(prefix).downsample.0", conv.weightShape, false))
        }
        order += [("\(prefix).conv1", block.conv1.weightShape, false), ("\(prefix).conv2", block.conv2.weightShape, false)]
      }
    }
    return order + [("fc", [classes, fc.inputWidth], true)]
  }

  /// Defaults in construction order, then (torchvision) the kaiming-normal redraw of every
  /// convolution in registration order; BatchNorm ones and zeros. See the type's documentation.
  public func initialParameters<G: RandomSource>(_ scheme: LinearInitialization,
                                                 using generator: inout G) throws(NetworkError) -> [Parameter] {
    var drawn: [String: Tensor] = [:]
    for layer in constructionOrder {
      for p in try scheme.parameters(weightShape: layer.weightShape, bias: layer.bias, using: &generator) {
        drawn["\(layer.name).\(p.name)"] = p.value
      }
    }
    let specs = parameterSpecs
    if initialization == .torchvision {
      let redraw = Initializer.kaimingNormal(mode: .fanOut, nonlinearity: .relu)
      for spec in specs where spec.shape.count == 4 { drawn[spec.name] = try redraw.tensor(shape: spec.shape, using: &generator) }
    }
    return specs.map { spec in
      let isBatchNormWeight = spec.shape.count == 1 && spec.name.hasSuffix(".weight") && drawn[spec.name] == nil
      let value = drawn[spec.name] ?? (isBatchNormWeight ? Tensor.ones(spec.shape) : Tensor.zeros(spec.shape))
      return Parameter(name: spec.name, value: value)
    }
  }
}
