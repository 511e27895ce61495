/// How a 2-D convolution or pooling window is padded (FOUND-80). Padding is resolved to four
/// explicit amounts (top, bottom, left, right) once the input's height and width are known.
///
/// - `explicit`: the amounts as given. PyTorch's `padding=(ph, pw)` is ``symmetric(_:_:)``.
/// - `same`: PyTorch's `padding='same'`, allowed only with stride 1 (torch raises otherwise):
///   total = d (k - 1) per axis, before = total / 2 (floor), after = the rest, so an even kernel
///   puts the extra row and column at the bottom and right. The output has the input's size.
/// - `tensorFlowSame`: TensorFlow's `padding="SAME"`, any stride: out = ceil(in / s),
///   total = max((out - 1) s + d (k - 1) + 1 - in, 0), before = total / 2 (floor), after = the rest.
///   It depends on the input size (28 x 28, k = 8, s = 2: out 14, padding 3 and 3).
/// - `valid`: no padding (PyTorch `'valid'`, TensorFlow `"VALID"`: out = ceil((in - d (k - 1)) / s)).
public enum WindowPadding: Sendable, Equatable, CustomStringConvertible {
  case explicit(top: Int, bottom: Int, left: Int, right: Int)
  case same
  case tensorFlowSame
  case valid

  /// PyTorch's `padding=(ph, pw)`: ph rows above and below, pw columns left and right.
  public static func symmetric(_ height: Int, _ width: Int) -> WindowPadding {
    .explicit(top: height, bottom: height, left: width, right: width)
  }

  public var description: String {
    switch self {
    case let .explicit(t, b, l, r):
      return t == b && l == r ? "padding (\(t), \(l))" : "padding (top \(t), bottom \(b), left \(l), right \(r))"
    case .same: return "padding same"
    case .tensorFlowSame: return "padding SAME (TensorFlow)"
    case .valid: return "padding valid"
    }
  }
}

/// A 2-D sliding window over the last two axes of an NCHW tensor: kernel size, stride, dilation
/// and padding (FOUND-80). Shared by convolution and pooling.
///
/// Output size per axis: out = floor((in + before + after - d (k - 1) - 1) / s) + 1 (PyTorch's
/// formula); output position o reads input positions o s - before + j d for j in 0..<k, and
/// positions outside 0..<in are padding.
public struct Window2D: Sendable, Equatable, CustomStringConvertible {
  public let kernelHeight: Int, kernelWidth: Int
  public let strideHeight: Int, strideWidth: Int
  public let dilationHeight: Int, dilationWidth: Int
  public let padding: WindowPadding

  /// Checks that kernel sizes, strides and dilations are >= 1 and explicit padding >= 0.
  public init(kernel: (Int, Int), stride: (Int, Int) = (1, 1), dilation: (Int, Int) = (1, 1),
              padding: WindowPadding = .valid) throws(TensorError) {
    guard kernel.0 >= 1, kernel.1 >= 1 else {
      throw .invalidArgument(operation: "window", reason: "kernel size \(kernel) must be >= 1")
    }
    guard stride.0 >= 1, stride.1 >= 1 else {
      throw .invalidArgument(operation: "window", reason: "stride \(stride) must be >= 1")
    }
    guard dilation.0 >= 1, dilation.1 >= 1 else {
      throw .invalidArgument(operation: "window", reason: "dilation \(dilation) must be >= 1")
    }
    if case let .explicit(t, b, l, r) = padding, min(t, b, l, r) < 0 {
      throw .invalidArgument(operation: "window", reason: "padding (\(t), \(b), \(l), \(r)) must be >= 0")
    }
    if padding == .same, stride != (1, 1) {
      throw .invalidArgument(operation: "window",
                             reason: "padding 'same' needs stride 1 (as PyTorch); use tensorFlowSame for TensorFlow's SAME")
    }
    (kernelHeight, kernelWidth) = kernel
    (strideHeight, strideWidth) = stride
    (dilationHeight, dilationWidth) = dilation
    self.padding = padding
  }

  public var description: String {
    """
      kernel \(kernelHeight)x\(kernelWidth), stride (\(strideHeight), \(strideWidth)), dilation \
      (\(dilationHeight), \(dilationWidth)), \(padding)
      """
  }

  /// (before, after) padding of one axis.
  static func resolve(_ padding: WindowPadding, input: Int, kernel: Int, stride: Int, dilation: Int,
                      explicit: (Int, Int)) -> (Int, Int) {
    let span = dilation * (kernel - 1)
    switch padding {
    case .explicit: return explicit
    case .valid: return (0, 0)
    case .same: return (span / 2, span - span / 2)
    case .tensorFlowSame:
      let out = (input + stride - 1) / stride
      let total = Swift.max((out - 1) * stride + span + 1 - input, 0)
      return (total / 2, total - total / 2)
    }
  }

  /// The window placed on an input of `height` x `width`: resolved padding and output size.
  /// Errors: an output with no row or column (the dilated kernel is larger than the padded input).
  public func placed(height: Int, width: Int) throws(TensorError) -> PlacedWindow {
    var (t, b, l, r) = (0, 0, 0, 0)
    if case let .explicit(et, eb, el, er) = padding { (t, b, l, r) = (et, eb, el, er) }
    let (top, bottom) = Self.resolve(padding, input: height, kernel: kernelHeight, stride: strideHeight,
                                     dilation: dilationHeight, explicit: (t, b))
    let (left, right) = Self.resolve(padding, input: width, kernel: kernelWidth, stride: strideWidth, dilation: dilationWidth,
                                     explicit: (l, r))
    let spanH = height + top + bottom - dilationHeight * (kernelHeight - 1) - 1
    let spanW = width + left + right - dilationWidth * (kernelWidth - 1) - 1
    guard height >= 1, width >= 1, spanH >= 0, spanW >= 0 else {
      throw .invalidArgument(operation: "window", reason: "\(description) does not fit an input of \(height)x\(width)")
    }
    return PlacedWindow(window: self, inputHeight: height, inputWidth: width, top: top, bottom: bottom, left: left, right: right,
                        outputHeight: spanH / strideHeight + 1, outputWidth: spanW / strideWidth + 1)
  }
}

/// A ``Window2D`` on an input of known size: the explicit padding and the output size (FOUND-80).
public struct PlacedWindow: Sendable, Equatable {
  public let window: Window2D
  public let inputHeight: Int, inputWidth: Int
  public let top: Int, bottom: Int, left: Int, right: Int
  public let outputHeight: Int, outputWidth: Int

  public var kernelHeight: Int { window.kernelHeight }
  public var kernelWidth: Int { window.kernelWidth }
  /// Input pixels per plane and output pixels per plane.
  public var inputPlane: Int { inputHeight * inputWidth }
  public var outputPlane: Int { outputHeight * outputWidth }
  /// Taps per window (kernel height x kernel width).
  public var taps: Int { window.kernelHeight * window.kernelWidth }

  /// The input row read by output row `oh` at kernel row `kh` (may lie in the padding).
  @inline(__always) public func inputRow(_ oh: Int, _ kh: Int) -> Int {
    oh &* window.strideHeight &- top &+ kh &* window.dilationHeight
  }

  /// The input column read by output column `ow` at kernel column `kw` (may lie in the padding).
  @inline(__always) public func inputColumn(_ ow: Int, _ kw: Int) -> Int {
    ow &* window.strideWidth &- left &+ kw &* window.dilationWidth
  }
}

/// One-dimensional padding for sequences [N, C, L] (FOUND-83): the same rules as
/// ``WindowPadding`` along the one axis (`explicit(left:right:)`, PyTorch's `same` for stride 1,
/// TensorFlow's `SAME`, `valid`).
public enum WindowPadding1D: Sendable, Equatable, CustomStringConvertible {
  case explicit(left: Int, right: Int)
  case same
  case tensorFlowSame
  case valid

  /// PyTorch's `padding=p`: p positions on each side.
  public static func symmetric(_ amount: Int) -> WindowPadding1D { .explicit(left: amount, right: amount) }

  /// The 2-D padding of the same window over a [N, C, 1, L] view (no padding along the height).
  public var twoDimensional: WindowPadding {
    switch self {
    case let .explicit(l, r): return .explicit(top: 0, bottom: 0, left: l, right: r)
    case .same: return .same
    case .tensorFlowSame: return .tensorFlowSame
    case .valid: return .valid
    }
  }

  public var description: String {
    switch self {
    case let .explicit(l, r): return l == r ? "padding \(l)" : "padding (left \(l), right \(r))"
    case .same: return "padding same"
    case .tensorFlowSame: return "padding SAME (TensorFlow)"
    case .valid: return "padding valid"
    }
  }
}

/// Which of a kernel's twins to run: the fast one, or the naive reference it is tested against.
public enum KernelChoice: Sendable, Equatable {
  case fast, reference
}
