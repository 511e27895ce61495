import Tensors

/// The LSTM recurrence and the sequence operations around it as tape operations (FOUND-91,
/// FOUND-93), on the kernels of Tensors' ``LSTMRecurrence`` (fast) and ``LSTMRecurrenceReference``
/// (the naive twin, FOUND-92).
extension Variable {
  /// One direction of one LSTM layer over a batch of sequences, PyTorch's `nn.LSTM` cell with its
  /// gate order (FOUND-91). `self` is x [B, T, D] (batch first); weightIH [4H, D], weightHH
  /// [4H, H], biasIH and biasHH [4H] (both or neither) -> the states [2, B, T, H]: index 0 the
  /// hidden states h_t, index 1 the cell states c_t, at every position, 0 in the padding. Split
  /// them with ``selecting(_:)``.
  ///
  ///   a_t = (W_ih x_t + b_ih) + (W_hh h_{t-1} + b_hh) = [a_i; a_f; a_g; a_o]   (H rows each)
  ///   c_t = s(a_f) c_{t-1} + s(a_i) tanh(a_g),   h_t = s(a_o) tanh(c_t),   h_{-1} = c_{-1} = 0
  ///
  /// Sequence b runs over its first `lengths[b]` positions (default: all T), forward, or when
  /// `reverse` backward from its own last token: what `pack_padded_sequence` gives torch.
  /// VJP: back-propagation through time (``LSTMRecurrence/backward``): dx, dW_ih, dW_hh, and the
  /// same db for both biases; cotangents at padded positions are ignored.
  /// Errors: ranks and extents that do not fit (x rank 3, weights [4H, D] and [4H, H], biases
  /// [4H]), one bias without the other, lengths outside 1 ... T or not one per sequence.
  public func lstm(
    weightIH: Variable, weightHH: Variable, biasIH: Variable? = nil, biasHH: Variable? = nil, lengths: [Int]? = nil,
    reverse: Bool = false, kernel: KernelChoice = .fast
  ) throws(TensorError) -> Variable {
    guard shape.count == 3 else { throw .rank(operation: "lstm input", expected: "3 ([B, T, D])", shape: shape) }
    let (wih, whh) = (weightIH.value, weightHH.value)
    guard whh.rank == 2, whh.shape[0] == 4 * whh.shape[1], whh.shape[1] >= 1 else {
      throw .invalidArgument(operation: "lstm", reason: "weight_hh of shape \(whh.shape) is not [4H, H]")
    }
    let h = whh.shape[1]
    guard wih.shape == [4 * h, shape[2]] else { throw .shapeMismatch(operation: "lstm weight_ih", wih.shape, [4 * h, shape[2]]) }
    guard (biasIH == nil) == (biasHH == nil) else {
      throw .invalidArgument(operation: "lstm", reason: "give both biases or neither")
    }
    for bias in [biasIH, biasHH].compactMap({ $0 }) where bias.shape != [4 * h] {
      throw .shapeMismatch(operation: "lstm bias", bias.shape, [4 * h])
    }
    let s = try LSTMShape(batch: shape[0], steps: shape[1], input: shape[2], hidden: h, lengths: lengths, reverse: reverse)
    let x = value.scalars
    let (bih, bhh) = (biasIH?.value.scalars, biasHH?.value.scalars)
    let states = kernel == .fast
      ? LSTMRecurrence.forward(x, weightIH: wih.scalars, weightHH: whh.scalars, biasIH: bih, biasHH: bhh, s)
      : LSTMRecurrenceReference.forward(x, weightIH: wih.scalars, weightHH: whh.scalars, biasIH: bih, biasHH: bhh, s)
    let inputs = [self, weightIH, weightHH] + [biasIH, biasHH].compactMap { $0 }
    let (xShape, wihShape, whhShape) = (shape, wih.shape, whh.shape)
    let output = try Tensor(shape: [2, s.batch, s.steps, h], scalars: states.hidden + states.cell)
    return tape.record(output, inputs: inputs, operation: "lstm") { g throws(TensorError) in
      let dHidden = Array(g.scalars[..<s.stateCount]), dCell = Array(g.scalars[s.stateCount...])
      let d = kernel == .fast
        ? LSTMRecurrence.backward(
          hiddenCotangent: dHidden, cellCotangent: dCell, states: states, x, weightIH: wih.scalars, weightHH: whh.scalars, s)
        : LSTMRecurrenceReference.backward(
          hiddenCotangent: dHidden, cellCotangent: dCell, states: states, x, weightIH: wih.scalars,
          weightHH: whh.scalars, s)
      let grads = [try Tensor(shape: xShape, scalars: d.input), try Tensor(shape: wihShape, scalars: d.weightIH),
                   try Tensor(shape: whhShape, scalars: d.weightHH)]
      return bih == nil ? grads : grads + [Tensor(d.bias), Tensor(d.bias)]
    }
  }

  /// Element `index` along axis 0 (FOUND-93): x [n, d1, ...] -> x[index] [d1, ...].
  /// VJP: g in slot `index` of a zero tensor of x's shape. Errors: rank 0, an index out of range.
  public func selecting(_ index: Int) throws(TensorError) -> Variable {
    guard let n = shape.first else { throw .rank(operation: "selecting", expected: ">= 1", shape: shape) }
    guard index >= 0 && index < n else { throw .indexOutOfRange(operation: "selecting", index: index, extent: n) }
    let inner = Array(shape.dropFirst())
    let width = inner.reduce(1, *)
    let original = shape
    return tape.record(
      try Tensor(shape: inner, scalars: Array(value.scalars[(index * width)..<((index + 1) * width)])), inputs: [self],
      operation: "selecting"
    ) { g throws(TensorError) in
      var d = Tensor.zeros(original)
      for j in 0..<width { d[flat: index * width + j] = g.scalars[j] }
      return [d]
    }
  }

  /// Each sequence's final state (FOUND-93): states [B, T, H] -> [B, H], row b taken at position
  /// `lengths[b] - 1` (forward direction) or 0 (`reverse`: the backward direction ends at the
  /// first token). That is `h_n` of a packed-sequence LSTM. VJP: g to those positions, 0 elsewhere.
  /// Errors: rank other than 3, lengths outside 1 ... T or not one per sequence.
  public func finalStates(lengths: [Int]? = nil, reverse: Bool = false) throws(TensorError) -> Variable {
    guard shape.count == 3 else { throw .rank(operation: "finalStates", expected: "3 ([B, T, H])", shape: shape) }
    let (b, t, h) = (shape[0], shape[1], shape[2])
    let lengths = lengths ?? [Int](repeating: t, count: b)
    guard lengths.count == b, lengths.allSatisfy({ $0 >= 1 && $0 <= t }) else {
      throw .invalidArgument(operation: "finalStates", reason: "lengths \(lengths) are not \(b) values in 1...\(t)")
    }
    return try reshaped([b * t, h]).gatherRows((0..<b).map { $0 * t + (reverse ? 0 : lengths[$0] - 1) })
  }

  /// The two last axes swapped (FOUND-93): [B, T, E] -> [B, E, T], `x.transpose(1, 2)` in torch
  /// (token-major embeddings to the channel-major layout of Conv1d). VJP: the same swap of g.
  public func transposingLastAxes() throws(TensorError) -> Variable {
    guard shape.count == 3 else { throw .rank(operation: "transposingLastAxes", expected: "3", shape: shape) }
    let (b, r, c) = (shape[0], shape[1], shape[2])
    func swap(_ x: [Double], rows: Int, columns: Int) -> [Double] {
      var y = [Double](repeating: 0, count: x.count)
      for n in 0..<b {
        for i in 0..<rows { for j in 0..<columns { y[(n * columns + j) * rows + i] = x[(n * rows + i) * columns + j] } }
      }
      return y
    }
    return tape.record(try Tensor(shape: [b, c, r], scalars: swap(value.scalars, rows: r, columns: c)), inputs: [self],
                       operation: "transposingLastAxes") { g throws(TensorError) in
      [try Tensor(shape: [b, r, c], scalars: swap(g.scalars, rows: c, columns: r))]
    }
  }
}
