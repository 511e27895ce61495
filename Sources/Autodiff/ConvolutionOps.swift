import Tensors

/// Convolutions as tape operations (FOUND-81, FOUND-83): forward and VJP from the kernels of
/// Tensors' `Convolution2D` (fast, FOUND-82) or `Convolution2DReference` (the naive twin).
extension Variable {
  /// PyTorch's `F.conv2d(x, w, b, stride, padding, dilation, groups)` for x [N, C, H, W],
  /// w [O, C / groups, kH, kW], b [O] (optional) -> y [N, O, OH, OW] (FOUND-81), with
  /// OH = floor((H + top + bottom - dH (kH - 1) - 1) / sH) + 1 and likewise OW (FOUND-80).
  ///
  /// y[n, o, oh, ow] = sum_{c, i, j} w[o, c, i, j] x[n, group(o) C/g + c, oh sH - top + i dH, ow sW - left + j dW] + b[o]
  /// VJP: dx = the transposed convolution of G with w, dw[o, c, i, j] = sum_{n, oh, ow} G x[...],
  /// db[o] = sum_{n, oh, ow} G[n, o, oh, ow].
  ///
  /// Errors: ranks other than 4, channels that do not fit `groups` or the weight, a bias not [O],
  /// a window that does not fit the input, PyTorch `same` with a stride other than 1.
  public func conv2d(weight: Variable, bias: Variable? = nil, stride: (Int, Int) = (1, 1), padding: WindowPadding = .valid,
                     dilation: (Int, Int) = (1, 1), groups: Int = 1,
                         kernel: KernelChoice = .fast) throws(TensorError) -> Variable {
    let (x, w) = (value, weight.value)
    let s = try Convolution2DShape(input: x.shape, weight: w.shape, stride: stride, dilation: dilation, padding: padding,
                                   groups: groups)
    let b = bias?.value
    if let b, b.shape != [s.outputChannels] { throw .shapeMismatch(operation: "conv2d bias", b.shape, [s.outputChannels]) }
    let y = kernel == .fast
      ? Convolution2D.forward(x.scalars, w.scalars, bias: b?.scalars, s)
      : Convolution2DReference.forward(x.scalars, w.scalars, bias: b?.scalars, s)
    let inputs = bias.map { [self, weight, $0] } ?? [self, weight]
    // Selective (FOUND-72): the first convolution's image needs no cotangent.
    return tape.record(try Tensor(shape: s.outputShape, scalars: y), inputs: inputs,
                       operation: "conv2d") { g, needed throws(TensorError) in
      let (dx, dw, db) = kernel == .fast
        ? Convolution2D.backward(g.scalars, x.scalars, w.scalars, s, inputCotangent: needed[0])
        : Convolution2DReference.backward(g.scalars, x.scalars, w.scalars, s)
      let grads: [Tensor?] = [needed[0] ? try Tensor(shape: x.shape, scalars: dx) : nil, try Tensor(shape: w.shape, scalars: dw)]
      return b == nil ? grads : grads + [try Tensor(shape: [s.outputChannels], scalars: db)]
    }
  }

  /// PyTorch's `F.conv1d` for sequences (FOUND-83): x [N, C, L], w [O, C / groups, k], b [O]
  /// -> y [N, O, OL], OL = floor((L + left + right - d (k - 1) - 1) / s) + 1. Computed as the
  /// 2-D convolution of the [N, C, 1, L] view with the [O, C / groups, 1, k] view of w (reshapes
  /// on the tape, so the VJP is conv2d's reshaped back).
  public func conv1d(weight: Variable, bias: Variable? = nil, stride: Int = 1, padding: WindowPadding1D = .valid,
                     dilation: Int = 1, groups: Int = 1, kernel: KernelChoice = .fast) throws(TensorError) -> Variable {
    guard shape.count == 3 else { throw .rank(operation: "conv1d input", expected: "3 ([N, C, L])", shape: shape) }
    guard weight.shape.count == 3 else {
      throw .rank(operation: "conv1d weight", expected: "3 ([O, C / groups, k])", shape: weight.shape)
    }
    let (n, c, l) = (shape[0], shape[1], shape[2])
    let w = weight.shape
    let y = try reshaped([n, c, 1, l]).conv2d(weight: try weight.reshaped([w[0], w[1], 1, w[2]]), bias: bias, stride: (1, stride),
                                              padding: padding.twoDimensional, dilation: (1, dilation), groups: groups,
                                                  kernel: kernel)
    return try y.reshaped([n, w[0], y.shape[3]])
  }
}
