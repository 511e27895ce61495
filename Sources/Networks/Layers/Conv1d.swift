import Autodiff
import Randomness
import Tensors

/// A 1-D convolution over sequences, PyTorch's `nn.Conv1d` (NET-34), on Autodiff's `conv1d`
/// (FOUND-83): x [N, in, L] -> y [N, out, OL]. Parameters "weight" [out, in / groups, k] and
/// "bias" [out]; default initialisation as ``Conv2d`` with fan_in = in / groups * k. For text,
/// the channels are the embedding dimensions and L the tokens (Kim's CNN: k = 3, 4, 5).
public struct Conv1d: ConvolutionLayer {
  public let inputChannels: Int
  public let outputChannels: Int
  public let kernelSize: Int
  public let stride: Int
  public let padding: WindowPadding1D
  public let dilation: Int
  public let groups: Int
  public let hasBias: Bool

  /// Errors as ``Conv2d``.
  public init(_ inputChannels: Int, _ outputChannels: Int, kernelSize: Int, stride: Int = 1, padding: WindowPadding1D = .valid,
              dilation: Int = 1, groups: Int = 1, bias: Bool = true) throws(NetworkError) {
    self.inputChannels = inputChannels
    self.outputChannels = outputChannels
    self.kernelSize = kernelSize
    self.stride = stride
    self.padding = padding
    self.dilation = dilation
    self.groups = groups
    self.hasBias = bias
    guard inputChannels >= 1, outputChannels >= 1, groups >= 1, inputChannels % groups == 0, outputChannels % groups == 0 else {
      throw .invalidLayer(layer: description, reason: "channels must be >= 1 and divisible by groups")
    }
    do {
      _ = try Window2D(kernel: (1, kernelSize), stride: (1, stride), dilation: (1, dilation), padding: padding.twoDimensional)
    } catch {
      throw .invalidLayer(layer: description, reason: error.description)
    }
  }

  public var description: String {
    "Conv1d(\(inputChannels), \(outputChannels), kernel \(kernelSize), stride \(stride), \(padding)"
      + "\(dilation != 1 ? ", dilation \(dilation)" : "")\(groups != 1 ? ", groups \(groups)" : "")\(hasBias ? "" : ", bias: false"))"
  }

  public var weightShape: [Int] { [outputChannels, inputChannels / groups, kernelSize] }

  public func callAsFunction(_ x: Variable, context: ForwardContext) throws -> Variable {
    let (weight, bias) = try convolutionParameters(
      x, rank: 3, channels: inputChannels, hasBias: hasBias, layer: description, context: context)
    return try lift { () throws(TensorError) in
      try x.conv1d(weight: weight, bias: bias, stride: stride, padding: padding, dilation: dilation, groups: groups)
    }
  }
}
