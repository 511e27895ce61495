import Tensors

/// Reductions (FOUND-27): sum and mean over an axis or over everything, max over an axis.
extension Variable {
  /// z = sum of all elements (rank 0).  VJP: dA = g broadcast to A's shape.
  public func sum() -> Variable {
    let shape = self.shape
    return tape.record(Tensor(scalar: value.sum()), inputs: [self], operation: "sum") { g in
      [Tensor(repeating: g.scalars[0], shape: shape)]
    }
  }

  /// z = mean of all elements (rank 0).  VJP: dA = g / count broadcast to A's shape.
  public func mean() throws(TensorError) -> Variable {
    let shape = self.shape
    let n = Double(value.count)
    return tape.record(Tensor(scalar: try value.mean()), inputs: [self], operation: "mean") { g in
      [Tensor(repeating: g.scalars[0] / n, shape: shape)]
    }
  }

  /// Sum along `axis` (removed, or kept with extent 1).  VJP: dA = g broadcast back along the axis.
  public func sum(axis: Int, keepingDimension: Bool = false) throws(TensorError) -> Variable {
    let shape = self.shape
    var kept = shape
    if axis >= 0 && axis < shape.count { kept[axis] = 1 }
    return tape.record(try value.sum(axis: axis, keepingDimension: keepingDimension), inputs: [self],
                       operation: "sum(axis:)") { g throws(TensorError) in
      [try (try g.reshaped(kept)).broadcast(to: shape)]
    }
  }

  /// Mean along `axis`.  VJP: dA = g / extent broadcast back along the axis.
  public func mean(axis: Int, keepingDimension: Bool = false) throws(TensorError) -> Variable {
    guard axis >= 0 && axis < shape.count else { throw .axisOutOfRange(operation: "mean", axis: axis, rank: shape.count) }
    guard shape[axis] > 0 else { throw .empty(operation: "mean", shape: shape) }
    return try sum(axis: axis, keepingDimension: keepingDimension) / Double(shape[axis])
  }

  /// Maximum along `axis`.  VJP: the whole of g goes to the first maximal element along the axis
  /// (ties: lowest index, FOUND-4); every other element gets exactly 0.
  public func max(axis: Int, keepingDimension: Bool = false) throws(TensorError) -> Variable {
    let input = value
    let (values, indices) = try input.maxWithIndex(axis: axis, keepingDimension: keepingDimension)
    let outer = input.shape[..<axis].reduce(1, *)
    let extent = input.shape[axis]
    let inner = input.shape[(axis + 1)...].reduce(1, *)
    return tape.record(values, inputs: [self], operation: "max(axis:)") { g in
      var d = Tensor.zeros(input.shape)
      for o in 0..<outer {
        for i in 0..<inner {
          let winner = indices[o * inner + i]
          d[flat: (o * extent + winner) * inner + i] = g.scalars[o * inner + i]
        }
      }
      return [d]
    }
  }
}
