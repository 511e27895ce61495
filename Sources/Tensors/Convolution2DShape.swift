/// The sizes of one 2-D convolution (FOUND-81): input x [N, C, H, W], weight w [O, C / groups,
/// kH, kW], output y [N, O, OH, OW], with the window (stride, dilation, padding) placed on H x W.
///
/// Channels are split into `groups` equal groups: output channel o belongs to group
/// g = o / (O / groups) and reads input channels g (C / groups) ..< (g + 1) (C / groups).
public struct Convolution2DShape: Sendable, Equatable {
  public let batch: Int
  public let inputChannels: Int
  public let outputChannels: Int
  public let groups: Int
  public let placed: PlacedWindow
  /// The largest number of column-matrix entries one chunk of images may hold.
  public let columnBudget: Int

  /// Checks and derives the sizes. Errors: input not of rank 4, weight not of rank 4, channels
  /// not divisible by groups, a weight whose second extent is not C / groups, a window that does
  /// not fit the input.
  /// `columnBudget` bounds the fast kernel's column matrix (tests lower it to exercise several
  /// chunks of images).
  public init(input: [Int], weight: [Int], stride: (Int, Int), dilation: (Int, Int), padding: WindowPadding,
              groups: Int, columnBudget: Int = Convolution2DShape.defaultColumnBudget) throws(TensorError) {
    guard input.count == 4 else { throw .rank(operation: "conv2d input", expected: "4 ([N, C, H, W])", shape: input) }
    guard weight.count == 4 else {
      throw .rank(operation: "conv2d weight", expected: "4 ([O, C / groups, kH, kW])", shape: weight)
    }
    guard input[1] >= 1 else { throw .invalidArgument(operation: "conv2d", reason: "the input \(input) has no channel") }
    guard groups >= 1, input[1] % groups == 0, weight[0] % groups == 0 else {
      throw .invalidArgument(operation: "conv2d", reason: """
        groups \(groups) must divide the input channels \(input[1]) and the output channels \
        \(weight[0])
        """)
    }
    guard weight[1] * groups == input[1], weight[0] >= 1 else {
      throw .shapeMismatch(operation: "conv2d input and weight", input, weight)
    }
    let window = try Window2D(kernel: (weight[2], weight[3]), stride: stride, dilation: dilation, padding: padding)
    batch = input[0]
    inputChannels = input[1]
    outputChannels = weight[0]
    self.groups = groups
    self.columnBudget = Swift.max(1, columnBudget)
    placed = try window.placed(height: input[2], width: input[3])
  }

  public var inputChannelsPerGroup: Int { inputChannels / groups }
  public var outputChannelsPerGroup: Int { outputChannels / groups }
  /// Terms of one output element: (C / groups) kH kW, the inner dimension of the matrix product.
  public var patchSize: Int { inputChannelsPerGroup * placed.taps }

  public var inputShape: [Int] { [batch, inputChannels, placed.inputHeight, placed.inputWidth] }
  public var weightShape: [Int] { [outputChannels, inputChannelsPerGroup, placed.kernelHeight, placed.kernelWidth] }
  public var outputShape: [Int] { [batch, outputChannels, placed.outputHeight, placed.outputWidth] }
  public var inputCount: Int { batch * inputChannels * placed.inputPlane }
  public var weightCount: Int { outputChannels * patchSize }
  public var outputCount: Int { batch * outputChannels * placed.outputPlane }

  /// The default ``columnBudget``: 2^22 doubles (32 MiB).
  public static let defaultColumnBudget = 1 << 22

  /// The images of the batch cut into consecutive chunks, each with at most ``columnBudget``
  /// column entries (at least one image per chunk). Fixed by the sizes alone, never by the thread
  /// count, so the fast kernels' summation order is a function of the problem (FOUND-31).
  public var imageChunks: [Range<Int>] {
    let perImage = Swift.max(1, patchSize * placed.outputPlane)
    let size = Swift.max(1, Swift.min(batch, columnBudget / perImage))
    return stride(from: 0, to: batch, by: size).map { $0..<Swift.min(batch, $0 + size) }
  }
}
