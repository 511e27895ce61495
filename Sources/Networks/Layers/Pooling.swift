import Autodiff
import Tensors

/// PyTorch's `nn.MaxPool2d(kernel, stride, padding, dilation)` (NET-35) on Autodiff's
/// `maxPool2d` (FOUND-84): x [N, C, H, W] -> [N, C, OH, OW]; padding acts as -infinity; ties go
/// to the first maximum in row-major window order; NaN propagates. Stride defaults to the
/// kernel size, as torch's. Errors: sizes below 1, a padding above half the dilated kernel
/// (torch: "pad should be at most half of effective kernel size").
public struct MaxPool2d: Layer {
  public let window: Window2D

  public init(kernelSize: (Int, Int), stride: (Int, Int)? = nil, padding: (Int, Int) = (0, 0),
              dilation: (Int, Int) = (1, 1)) throws(NetworkError) {
    window = try Self.window(kernelSize, stride, padding, dilation, layer: "MaxPool2d")
    let effective = (dilation.0 * (kernelSize.0 - 1) + 1, dilation.1 * (kernelSize.1 - 1) + 1)
    guard 2 * padding.0 <= effective.0, 2 * padding.1 <= effective.1 else {
      throw .invalidLayer(layer: description, reason: "padding should be at most half of the effective kernel size")
    }
  }

  /// Square kernel, stride and padding: `nn.MaxPool2d(k, stride=s, padding=p)`.
  public init(_ kernelSize: Int, stride: Int? = nil, padding: Int = 0) throws(NetworkError) {
    try self.init(kernelSize: (kernelSize, kernelSize), stride: stride.map { ($0, $0) }, padding: (padding, padding))
  }

  static func window(_ kernel: (Int, Int), _ stride: (Int, Int)?, _ padding: (Int, Int), _ dilation: (Int, Int),
                     layer: String) throws(NetworkError) -> Window2D {
    do {
      return try Window2D(kernel: kernel, stride: stride ?? kernel, dilation: dilation, padding: .symmetric(padding.0, padding.1))
    } catch { throw .invalidLayer(layer: layer, reason: error.description) }
  }

  public var description: String { "MaxPool2d(\(window))" }

  public func callAsFunction(_ x: Variable, context: ForwardContext) throws -> Variable {
    guard x.shape.count == 4 else { throw NetworkError.inputRank(layer: description, expected: 4, shape: x.shape) }
    return try lift { () throws(TensorError) in try x.maxPool2d(window) }
  }
}

/// PyTorch's `nn.AvgPool2d(kernel, stride, padding, count_include_pad=True)` (NET-35) on
/// Autodiff's `avgPool2d` (FOUND-85). Stride defaults to the kernel size; padding at most half
/// the kernel (as torch).
public struct AvgPool2d: Layer {
  public let window: Window2D
  public let countIncludePadding: Bool

  public init(kernelSize: (Int, Int), stride: (Int, Int)? = nil, padding: (Int, Int) = (0, 0),
              countIncludePadding: Bool = true) throws(NetworkError) {
    window = try MaxPool2d.window(kernelSize, stride, padding, (1, 1), layer: "AvgPool2d")
    self.countIncludePadding = countIncludePadding
    guard 2 * padding.0 <= kernelSize.0, 2 * padding.1 <= kernelSize.1 else {
      throw .invalidLayer(layer: description, reason: "padding should be at most half of the kernel size")
    }
  }

  public var description: String { "AvgPool2d(\(window)\(countIncludePadding ? "" : ", count_include_pad: false"))" }

  public func callAsFunction(_ x: Variable, context: ForwardContext) throws -> Variable {
    guard x.shape.count == 4 else { throw NetworkError.inputRank(layer: description, expected: 4, shape: x.shape) }
    return try lift { () throws(TensorError) in try x.avgPool2d(window, countIncludePadding: countIncludePadding) }
  }
}

/// PyTorch's `nn.AdaptiveAvgPool2d(1)` (NET-35, FOUND-85): x [N, C, H, W] -> [N, C, 1, 1], the
/// mean of each plane. Only the output size 1 x 1 (what ResNet uses) is provided.
public struct AdaptiveAvgPool2d: Layer {
  public init() {}
  public var description: String { "AdaptiveAvgPool2d(1)" }
  public func callAsFunction(_ x: Variable, context: ForwardContext) throws -> Variable {
    guard x.shape.count == 4 else { throw NetworkError.inputRank(layer: description, expected: 4, shape: x.shape) }
    return try lift { () throws(TensorError) in try x.globalAveragePool2d() }
  }
}

/// Max-over-time pooling for text (NET-35, FOUND-86): x [N, C, L] -> [N, C], each channel's
/// maximum over the L positions (first maximum, NaN wins); `F.max_pool1d(x, L).squeeze(2)`.
public struct MaxOverTime: Layer {
  public init() {}
  public var description: String { "MaxOverTime" }
  public func callAsFunction(_ x: Variable, context: ForwardContext) throws -> Variable {
    guard x.shape.count == 3 else { throw NetworkError.inputRank(layer: description, expected: 3, shape: x.shape) }
    return try lift { () throws(TensorError) in try x.maxOverTime() }
  }
}

/// PyTorch's `nn.Flatten()` / `torch.flatten(x, 1)` (NET-35, FOUND-86): [N, d1, d2, ...] ->
/// [N, d1 d2 ...] in row-major order (for NCHW: channel, then row, then column).
public struct Flatten: Layer {
  public init() {}
  public var description: String { "Flatten" }
  public func callAsFunction(_ x: Variable, context: ForwardContext) throws -> Variable {
    guard x.shape.count >= 2 else { throw NetworkError.inputRank(layer: description, expected: 2, shape: x.shape) }
    return try lift { () throws(TensorError) in try x.flattened() }
  }
}
