/// Reductions along one axis and over all elements (FOUND-3).
///
/// Sums add in increasing index order along the reduced axis (so results are reproducible).
/// `max` and `argmax` resolve ties to the lowest index (FOUND-4); NaN is never silently skipped:
/// a NaN compares as neither larger nor smaller, so reduce only finite data or check first.
extension Tensor {
  /// Splits the shape around `axis`: (product of extents before, extent, product after).
  func around(axis: Int, operation: String) throws(TensorError) -> (outer: Int, extent: Int, inner: Int) {
    guard axis >= 0 && axis < rank else { throw .axisOutOfRange(operation: operation, axis: axis, rank: rank) }
    let outer = shape[..<axis].reduce(1, *)
    let inner = shape[(axis + 1)...].reduce(1, *)
    return (outer, shape[axis], inner)
  }

  func reducedShape(axis: Int, keeping: Bool) -> [Int] {
    var s = shape
    if keeping { s[axis] = 1 } else { s.remove(at: axis) }
    return s
  }

  /// Sum along `axis`. Shape: the axis is removed (or kept with extent 1).
  public func sum(axis: Int, keepingDimension: Bool = false) throws(TensorError) -> Tensor {
    let (outer, extent, inner) = try around(axis: axis, operation: "sum")
    var out = [Double](repeating: 0, count: outer * inner)
    if out.isEmpty || extent == 0 {
      return Tensor(uncheckedShape: reducedShape(axis: axis, keeping: keepingDimension), scalars: out)
    }
    // Each output element adds its terms in increasing index along `axis` (FOUND-3); the loop over
    // `inner` is outside that order and vectorises.
    out.withUnsafeMutableBufferPointer { o in
      scalars.withUnsafeBufferPointer { x in
        let (out, source) = (o.baseAddress, x.baseAddress)
        for b in 0..<outer {
          let row = out! + b &* inner
          for e in 0..<extent {
            let from = source! + (b &* extent &+ e) &* inner
            for i in 0..<inner { row[i] += from[i] }
          }
        }
      }
    }
    return Tensor(uncheckedShape: reducedShape(axis: axis, keeping: keepingDimension), scalars: out)
  }

  /// Mean along `axis` (sum divided by the extent); an empty axis is an error.
  public func mean(axis: Int, keepingDimension: Bool = false) throws(TensorError) -> Tensor {
    let (_, extent, _) = try around(axis: axis, operation: "mean")
    guard extent > 0 else { throw .empty(operation: "mean", shape: shape) }
    return try sum(axis: axis, keepingDimension: keepingDimension) / Double(extent)
  }

  /// Maximum along `axis`, with the index of the first maximum (ties: lowest index).
  public func maxWithIndex(axis: Int, keepingDimension: Bool = false) throws(TensorError) -> (values: Tensor, indices: [Int]) {
    let (outer, extent, inner) = try around(axis: axis, operation: "max")
    guard extent > 0 else { throw .empty(operation: "max", shape: shape) }
    var values = [Double](repeating: 0, count: outer * inner)
    var indices = [Int](repeating: 0, count: outer * inner)
    for o in 0..<outer {
      for i in 0..<inner {
        var best = scalars[o * extent * inner + i]
        var bestIndex = 0
        for e in 1..<Swift.max(1, extent) {
          let v = scalars[(o * extent + e) * inner + i]
          if v > best { best = v; bestIndex = e }
        }
        values[o * inner + i] = best
        indices[o * inner + i] = bestIndex
      }
    }
    return (Tensor(uncheckedShape: reducedShape(axis: axis, keeping: keepingDimension), scalars: values), indices)
  }

  /// Maximum along `axis`.
  public func max(axis: Int, keepingDimension: Bool = false) throws(TensorError) -> Tensor {
    try maxWithIndex(axis: axis, keepingDimension: keepingDimension).values
  }

  /// Index of the first maximum along `axis` (ties resolve to the lowest index).
  public func argmax(axis: Int) throws(TensorError) -> [Int] {
    try maxWithIndex(axis: axis).indices
  }

  /// Sum of all elements, in index order.
  public func sum() -> Double { scalars.reduce(0, +) }

  /// Mean of all elements.
  public func mean() throws(TensorError) -> Double {
    guard !isEmpty else { throw .empty(operation: "mean", shape: shape) }
    return sum() / Double(count)
  }
}
