/// Elementwise arithmetic with numpy's broadcasting rule (FOUND-2).
///
/// Shapes are aligned at their last axis; missing leading axes count as extent 1; two extents are
/// compatible when equal or when one is 1, and the result takes the larger. So [3, 4] + [4] adds the
/// vector to every row, [3, 1] * [1, 4] is an outer product, and [3, 4] + [3] is an error.
extension Tensor {
  /// The broadcast shape of two shapes, or `shapeMismatch` naming `operation`.
  public static func broadcastShape(_ a: [Int], _ b: [Int], operation: String = "broadcast") throws(TensorError) -> [Int] {
    let rank = Swift.max(a.count, b.count)
    var result = [Int](repeating: 1, count: rank)
    for axis in 0..<rank {
      let ea = axis < rank - a.count ? 1 : a[axis - (rank - a.count)]
      let eb = axis < rank - b.count ? 1 : b[axis - (rank - b.count)]
      guard ea == eb || ea == 1 || eb == 1 else { throw .shapeMismatch(operation: operation, a, b) }
      result[axis] = ea == 1 ? eb : ea
    }
    return result
  }

  /// This tensor repeated along broadcast axes to `target` (which must be a broadcast of `shape`).
  public func broadcast(to target: [Int]) throws(TensorError) -> Tensor {
    if shape == target { return self }
    let joined = try Tensor.broadcastShape(shape, target, operation: "broadcast(to:)")
    guard joined == target else { throw .shapeMismatch(operation: "broadcast(to:)", shape, target) }
    let offset = target.count - shape.count
    let sourceStrides = strides
    // Stride 0 along the axes this tensor is broadcast over.
    var strideInSource = [Int](repeating: 0, count: target.count)
    for axis in 0..<shape.count where shape[axis] != 1 {
      strideInSource[axis + offset] = sourceStrides[axis]
    }
    let count = target.reduce(1, *)
    var result = [Double](repeating: 0, count: count)
    var index = [Int](repeating: 0, count: target.count)
    var source = 0
    for flat in 0..<count {
      result[flat] = scalars[source]
      // Odometer increment of the multi-index, keeping the source offset in step.
      var axis = target.count - 1
      while axis >= 0 {
        index[axis] += 1
        source += strideInSource[axis]
        if index[axis] < target[axis] { break }
        source -= strideInSource[axis] * target[axis]
        index[axis] = 0
        axis -= 1
      }
    }
    return Tensor(uncheckedShape: target, scalars: result)
  }

  /// Sums over the axes along which `target` was broadcast to reach this tensor's shape: the
  /// adjoint of `broadcast(to:)`, used by every backward rule of a broadcasting operation.
  public func sumToShape(_ target: [Int]) throws(TensorError) -> Tensor {
    if shape == target { return self }
    let joined = try Tensor.broadcastShape(target, shape, operation: "sumToShape")
    guard joined == shape else { throw .shapeMismatch(operation: "sumToShape", shape, target) }
    var result = self
    // Leading axes that `target` lacks are summed away first.
    while result.rank > target.count { result = try result.sum(axis: 0) }
    for axis in 0..<target.count where target[axis] == 1 && result.shape[axis] != 1 {
      result = try result.sum(axis: axis, keepingDimension: true)
    }
    return try result.reshaped(target)
  }

  /// Applies `f` to every element.
  public func map(_ f: (Double) -> Double) -> Tensor {
    Tensor(uncheckedShape: shape, scalars: scalars.map(f))
  }

  /// Combines two tensors elementwise after broadcasting them to a common shape.
  public func zip(_ other: Tensor, operation: String, _ f: (Double, Double) -> Double) throws(TensorError) -> Tensor {
    if shape == other.shape {
      var out = [Double](repeating: 0, count: count)
      for i in 0..<count { out[i] = f(scalars[i], other.scalars[i]) }
      return Tensor(uncheckedShape: shape, scalars: out)
    }
    let target = try Tensor.broadcastShape(shape, other.shape, operation: operation)
    let a = try broadcast(to: target), b = try other.broadcast(to: target)
    var out = [Double](repeating: 0, count: a.count)
    for i in 0..<a.count { out[i] = f(a.scalars[i], b.scalars[i]) }
    return Tensor(uncheckedShape: target, scalars: out)
  }

  public static func + (a: Tensor, b: Tensor) throws(TensorError) -> Tensor { try a.zip(b, operation: "add", +) }
  public static func - (a: Tensor, b: Tensor) throws(TensorError) -> Tensor { try a.zip(b, operation: "subtract", -) }
  public static func * (a: Tensor, b: Tensor) throws(TensorError) -> Tensor { try a.zip(b, operation: "multiply", *) }
  public static func / (a: Tensor, b: Tensor) throws(TensorError) -> Tensor { try a.zip(b, operation: "divide", /) }
  public static prefix func - (a: Tensor) -> Tensor { a.map { -$0 } }

  public static func + (a: Tensor, s: Double) -> Tensor { a.map { $0 + s } }
  public static func - (a: Tensor, s: Double) -> Tensor { a.map { $0 - s } }
  public static func * (a: Tensor, s: Double) -> Tensor { a.map { $0 * s } }
  public static func * (s: Double, a: Tensor) -> Tensor { a.map { s * $0 } }
  public static func / (a: Tensor, s: Double) -> Tensor { a.map { $0 / s } }
}
