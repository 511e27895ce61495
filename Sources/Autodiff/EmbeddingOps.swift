import Tensors

/// Embedding lookup as a tape operation (FOUND-90).
extension Variable {
  /// PyTorch's `F.embedding(ids, weight, padding_idx)`: `self` is the table W [V, D]; `ids` any
  /// shape S of whole numbers in 0 ..< V -> [S..., D], out[s] = W[ids[s]] (a copy of the row).
  /// VJP: dW[v] = sum of g[s] over the positions s with ids[s] = v, in row-major order of s;
  /// the row `paddingIndex` gets exactly 0 (torch: the padding row receives no gradient). The ids
  /// are data, not a differentiable input.
  /// Errors: W not of rank 2, an id that is not a whole number in 0 ..< V, a padding index
  /// outside 0 ..< V.
  public func embedding(_ ids: Tensor, paddingIndex: Int? = nil) throws(TensorError) -> Variable {
    guard shape.count == 2 else { throw .rank(operation: "embedding weight", expected: "2 ([V, D])", shape: shape) }
    let (v, d) = (shape[0], shape[1])
    if let p = paddingIndex, !(0..<v).contains(p) {
      throw .indexOutOfRange(operation: "embedding padding index", index: p, extent: v)
    }
    var rows = [Int]()
    rows.reserveCapacity(ids.count)
    for (i, x) in ids.scalars.enumerated() {
      guard x == x.rounded(), x >= 0, x < Double(v) else {
        throw .invalidArgument(operation: "embedding", reason: "id \(x) at flat index \(i) is not a whole number in 0..<\(v)")
      }
      rows.append(Int(x))
    }
    let table = value.scalars
    var out = [Double](repeating: 0, count: rows.count * d)
    for (s, row) in rows.enumerated() { out.replaceSubrange((s * d)..<((s + 1) * d), with: table[(row * d)..<((row + 1) * d)]) }
    let weightShape = shape
    return tape.record(try Tensor(shape: ids.shape + [d], scalars: out), inputs: [self], operation: "embedding") {
      g throws(TensorError) in
      var dW = [Double](repeating: 0, count: v * d)
      g.scalars.withUnsafeBufferPointer { gp in
        dW.withUnsafeMutableBufferPointer { wp in
          for (s, row) in rows.enumerated() where row != paddingIndex {
            for k in 0..<d { wp[row &* d &+ k] += gp[s &* d &+ k] }
          }
        }
      }
      return [try Tensor(shape: weightShape, scalars: dW)]
    }
  }
}
