import Tensors

/// Pooling and flattening as tape operations (FOUND-84, FOUND-85, FOUND-86), on the kernels of
/// Tensors' `Pooling2D`.
extension Variable {
  /// The input as N C planes of H x W and the window placed on them; checks rank 4.
  private func planes(_ operation: String, _ window: Window2D) throws(TensorError) -> (count: Int, placed: PlacedWindow) {
    guard shape.count == 4 else { throw .rank(operation: operation, expected: "4 ([N, C, H, W])", shape: shape) }
    return (shape[0] * shape[1], try window.placed(height: shape[2], width: shape[3]))
  }

  /// PyTorch's `F.max_pool2d(x, kernel, stride, padding, dilation)` on CPU (FOUND-84):
  /// x [N, C, H, W] -> [N, C, OH, OW], padding acts as -infinity. The winner of each window is
  /// the first maximum in row-major order of the window (a later equal value does not replace it);
  /// a NaN in the window wins (NaN propagates).  VJP: each output's g goes to its winner only
  /// (overlapping windows add).
  /// Errors: rank other than 4, a window that does not fit, a window lying wholly in the padding.
  public func maxPool2d(_ window: Window2D) throws(TensorError) -> Variable {
    let (planes, p) = try planes("maxPool2d", window)
    guard !p.hasWindowInPaddingOnly else {
      throw .invalidArgument(operation: "maxPool2d",
                             reason: "a window of \(window) on \(p.inputHeight)x\(p.inputWidth) lies wholly in the padding")
    }
    let (values, winners) = Pooling2D.maxForward(value.scalars, planes: planes, p)
    let inputShape = shape
    return tape.record(try Tensor(shape: [shape[0], shape[1], p.outputHeight, p.outputWidth], scalars: values),
                       inputs: [self], operation: "maxPool2d") { g throws(TensorError) in
      [try Tensor(shape: inputShape, scalars: Pooling2D.maxBackward(g.scalars, winners: winners, planes: planes, p))]
    }
  }

  /// PyTorch's `F.avg_pool2d(x, kernel, stride, padding, ceil_mode=False, count_include_pad)`
  /// (FOUND-85): x [N, C, H, W] -> [N, C, OH, OW], each output the sum of its window's in-range
  /// values divided by the window's area (count_include_pad, torch's default) or by its in-range
  /// count.  VJP: each in-range element of a window receives g / divisor.
  /// Errors: rank other than 4, a window that does not fit or lies wholly in the padding, a
  /// dilation other than 1.
  public func avgPool2d(_ window: Window2D, countIncludePadding: Bool = true) throws(TensorError) -> Variable {
    guard window.dilationHeight == 1, window.dilationWidth == 1 else {
      throw .invalidArgument(operation: "avgPool2d", reason: "dilation must be 1 (PyTorch's avg_pool2d has none)")
    }
    let (planes, p) = try planes("avgPool2d", window)
    guard !p.hasWindowInPaddingOnly else {
      throw .invalidArgument(operation: "avgPool2d",
                             reason: "a window of \(window) on \(p.inputHeight)x\(p.inputWidth) lies wholly in the padding")
    }
    let y = Pooling2D.averageForward(value.scalars, planes: planes, p, countIncludePadding: countIncludePadding)
    let inputShape = shape
    return tape.record(try Tensor(shape: [shape[0], shape[1], p.outputHeight, p.outputWidth], scalars: y),
                       inputs: [self], operation: "avgPool2d") { g throws(TensorError) in
      [try Tensor(shape: inputShape,
                  scalars: Pooling2D.averageBackward(g.scalars, planes: planes, p, countIncludePadding: countIncludePadding))]
    }
  }

  /// PyTorch's `F.adaptive_avg_pool2d(x, 1)` (FOUND-85): x [N, C, H, W] -> [N, C, 1, 1], the
  /// mean of each plane (summed in index order).  VJP: every element of plane (n, c) receives
  /// g[n, c] / (H W).  Errors: rank other than 4, an empty plane.
  public func globalAveragePool2d() throws(TensorError) -> Variable {
    guard shape.count == 4 else { throw .rank(operation: "globalAveragePool2d", expected: "4 ([N, C, H, W])", shape: shape) }
    let (planes, size) = (shape[0] * shape[1], shape[2] * shape[3])
    guard size > 0 else { throw .empty(operation: "globalAveragePool2d", shape: shape) }
    let inputShape = shape
    let y = Pooling2D.globalAverageForward(value.scalars, planes: planes, planeSize: size)
    return tape.record(try Tensor(shape: [shape[0], shape[1], 1, 1], scalars: y), inputs: [self],
                       operation: "globalAveragePool2d") { g throws(TensorError) in
      [try Tensor(shape: inputShape, scalars: Pooling2D.globalAverageBackward(g.scalars, planes: planes, planeSize: size))]
    }
  }

  /// Max-over-time pooling for text (FOUND-86): x [N, C, L] -> [N, C], the maximum of each
  /// channel over the L positions, with max pooling's winner rule (first maximum, NaN wins):
  /// PyTorch's `F.max_pool1d(x, L).squeeze(2)`.  VJP: g goes to the winner.
  /// Errors: rank other than 3, L = 0.
  public func maxOverTime() throws(TensorError) -> Variable {
    guard shape.count == 3 else { throw .rank(operation: "maxOverTime", expected: "3 ([N, C, L])", shape: shape) }
    guard shape[2] > 0 else { throw .empty(operation: "maxOverTime", shape: shape) }
    let (n, c, l) = (shape[0], shape[1], shape[2])
    return try reshaped([n, c, 1, l]).maxPool2d(try Window2D(kernel: (1, l))).reshaped([n, c])
  }

  /// PyTorch's `torch.flatten(x, 1)` (FOUND-86): [N, d1, d2, ...] -> [N, d1 d2 ...] in row-major
  /// order (a reshape; the VJP reshapes back). Errors: rank 0.
  public func flattened() throws(TensorError) -> Variable {
    guard let n = shape.first else { throw .rank(operation: "flatten", expected: ">= 1", shape: shape) }
    return try reshaped([n, shape.dropFirst().reduce(1, *)])
  }
}
