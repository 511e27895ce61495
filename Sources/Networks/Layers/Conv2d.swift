import Autodiff
import Randomness
import Tensors

/// A 2-D convolution layer, PyTorch's `nn.Conv2d` (NET-33), on Autodiff's `conv2d` (FOUND-81).
///
/// x [N, in, H, W] -> y [N, out, OH, OW]. Parameters: "weight" [out, in / groups, kH, kW]
/// (torch's layout, copied to and from `Conv2d.weight` unchanged), then "bias" [out] unless
/// `bias` is false. Padding: explicit, PyTorch's `same` (stride 1), TensorFlow's `SAME`
/// (``WindowPadding/tensorFlowSame``, a named variant torch lacks) or `valid` (FOUND-80).
/// Default initialisation (NET-9, NET-38): weight kaiming_uniform_(a = sqrt(5)) with
/// fan_in = in / groups * kH * kW, bias U(-1/sqrt(fan_in), 1/sqrt(fan_in)), weight drawn first.
/// `kernel` picks the fast im2col kernel or its naive twin (FOUND-82).
public struct Conv2d: ConvolutionLayer {
  public let inputChannels: Int
  public let outputChannels: Int
  public let kernelSize: (height: Int, width: Int)
  public let stride: (height: Int, width: Int)
  public let padding: WindowPadding
  public let dilation: (height: Int, width: Int)
  public let groups: Int
  public let hasBias: Bool
  public let kernel: KernelChoice

  /// Errors (``NetworkError/invalidLayer(layer:reason:)``): channels below 1 or not divisible by
  /// `groups`, kernel sizes, strides or dilations below 1, negative padding, `same` with a stride
  /// other than 1.
  public init(_ inputChannels: Int, _ outputChannels: Int, kernelSize: (Int, Int), stride: (Int, Int) = (1, 1),
              padding: WindowPadding = .valid, dilation: (Int, Int) = (1, 1), groups: Int = 1, bias: Bool = true,
              kernel: KernelChoice = .fast) throws(NetworkError) {
    self.inputChannels = inputChannels
    self.outputChannels = outputChannels
    self.kernelSize = kernelSize
    self.stride = stride
    self.padding = padding
    self.dilation = dilation
    self.groups = groups
    self.hasBias = bias
    self.kernel = kernel
    guard inputChannels >= 1, outputChannels >= 1, groups >= 1, inputChannels % groups == 0, outputChannels % groups == 0 else {
      throw .invalidLayer(layer: description, reason: "channels must be >= 1 and divisible by groups")
    }
    do { _ = try Window2D(kernel: kernelSize, stride: stride, dilation: dilation, padding: padding) } catch {
      throw .invalidLayer(layer: description, reason: error.description)
    }
  }

  /// A square kernel, stride, dilation and symmetric padding given as single numbers, as
  /// `nn.Conv2d(in, out, k, stride=s, padding=p)`.
  public init(_ inputChannels: Int, _ outputChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
              dilation: Int = 1, groups: Int = 1, bias: Bool = true) throws(NetworkError) {
    try self.init(inputChannels, outputChannels, kernelSize: (kernelSize, kernelSize), stride: (stride, stride),
                  padding: .symmetric(padding, padding), dilation: (dilation, dilation), groups: groups, bias: bias)
  }

  public var description: String {
    "Conv2d(\(inputChannels), \(outputChannels), kernel \(kernelSize.height)x\(kernelSize.width), stride (\(stride.height), \(stride.width)), "
      + "\(padding)\(dilation != (1, 1) ? ", dilation (\(dilation.height), \(dilation.width))" : "")"
      + "\(groups != 1 ? ", groups \(groups)" : "")\(hasBias ? "" : ", bias: false"))"
  }

  public var weightShape: [Int] { [outputChannels, inputChannels / groups, kernelSize.height, kernelSize.width] }

  public func callAsFunction(_ x: Variable, context: ForwardContext) throws -> Variable {
    let (weight, bias) = try convolutionParameters(
      x, rank: 4, channels: inputChannels, hasBias: hasBias, layer: description, context: context)
    return try lift { () throws(TensorError) in
      try x.conv2d(
        weight: weight, bias: bias, stride: stride, padding: padding, dilation: dilation, groups: groups, kernel: kernel)
    }
  }
}

/// What Conv1d and Conv2d share (NET-33, NET-34): a "weight" of ``weightShape`` and an optional
/// "bias" [out], initialised weight first, then bias, as `_ConvNd.reset_parameters` draws them
/// (NET-38; torch's own draws NET-101).
public protocol ConvolutionLayer: Layer {
  /// [out, in / groups, kernel...].
  var weightShape: [Int] { get }
  var hasBias: Bool { get }
}

extension ConvolutionLayer {
  public var parameterSpecs: [ParameterSpec] { LinearInitialization.specs(weightShape: weightShape, bias: hasBias) }

  public func initialParameters<G: RandomSource>(_ scheme: LinearInitialization, using generator: inout G) throws(NetworkError)
    -> [Parameter]
  {
    try scheme.parameters(weightShape: weightShape, bias: hasBias, using: &generator)
  }

  public func torchInitialParameters(
    dtype: TorchDType,
    using generator: inout TorchGenerator
  ) throws(NetworkError) -> [Parameter] {
    try TorchModules.weightAndBias(weightShape: weightShape, bias: hasBias, dtype: dtype, using: &generator)
  }
}

/// What both convolution layers check and read first: an input of `rank` with `channels` on
/// axis 1, then the bound "weight" and (when present) "bias".
func convolutionParameters(_ x: Variable, rank: Int, channels: Int, hasBias: Bool, layer: String,
                           context: ForwardContext) throws(NetworkError) -> (weight: Variable, bias: Variable?) {
  guard x.shape.count == rank else { throw .inputRank(layer: layer, expected: rank, shape: x.shape) }
  guard x.shape[1] == channels else { throw .inputChannels(layer: layer, expected: channels, got: x.shape[1]) }
  return (try context.parameter("weight"), hasBias ? try context.parameter("bias") : nil)
}
