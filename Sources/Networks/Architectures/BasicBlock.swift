import Autodiff
import Randomness
import Tensors

/// torchvision's ResNet `BasicBlock` (NET-41): conv3x3(stride) - bn1 - relu - conv3x3 - bn2,
/// plus the identity or, when the stride is not 1 or the channels change, `downsample`
/// (conv1x1(stride, no bias) then BatchNorm2d); the sum goes through the same ReLU again.
///
/// Children (torch's registration order, hence its parameter names): conv1, bn1, relu, conv2,
/// bn2, [downsample.0, downsample.1]. Taps, in torchvision's FX node names and order: conv1,
/// bn1, relu, conv2, bn2, [downsample.0, downsample.1, downsample], add, relu_1 (the ReLU module
/// applied a second time).
public struct BasicBlock: LayerContainer {
  public let inputChannels: Int
  public let outputChannels: Int
  public let stride: Int
  let conv1: Conv2d, bn1: BatchNorm, conv2: Conv2d, bn2: BatchNorm
  let downsample: Sequential?

  public init(_ inputChannels: Int, _ outputChannels: Int, stride: Int = 1) throws(NetworkError) {
    self.inputChannels = inputChannels
    self.outputChannels = outputChannels
    self.stride = stride
    conv1 = try Conv2d(inputChannels, outputChannels, kernelSize: 3, stride: stride, padding: 1, bias: false)
    bn1 = try BatchNorm2d(outputChannels)
    conv2 = try Conv2d(outputChannels, outputChannels, kernelSize: 3, stride: 1, padding: 1, bias: false)
    bn2 = try BatchNorm2d(outputChannels)
    downsample = stride != 1 || inputChannels != outputChannels
      ? Sequential(try Conv2d(inputChannels, outputChannels, kernelSize: 1, stride: stride, bias: false),
                   try BatchNorm2d(outputChannels))
      : nil
  }

  public var description: String { "BasicBlock(\(inputChannels), \(outputChannels), stride \(stride))" }

  public var namedChildren: [(name: String, layer: any Layer)] {
    [("conv1", conv1), ("bn1", bn1), ("relu", ReLU()), ("conv2", conv2),
     ("bn2", bn2)] + (downsample.map { [("downsample", $0)] } ?? [])
  }

  public var tapNames: [String] { defaultTapNames + ["add", "relu_1"] }

  public func callAsFunction(_ x: Variable, context: ForwardContext) throws -> Variable {
    var out = try context.apply(conv1, named: "conv1", to: x)
    out = try context.apply(bn1, named: "bn1", to: out)
    out = try context.apply(ReLU(), named: "relu", to: out)
    out = try context.apply(conv2, named: "conv2", to: out)
    out = try context.apply(bn2, named: "bn2", to: out)
    let identity = try downsample.map { try context.apply($0, named: "downsample", to: x) } ?? x
    let sum = try lift { () throws(TensorError) in try out + identity }
    try context.recordTap("add", sum)
    let y = sum.relu()
    try context.recordTap("relu_1", y)
    return y
  }
}
