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
  /// Copies whole runs of the innermost axes at a time; ``broadcastReference(to:)`` is the
  /// element-by-element twin (the same values, a property test checks).
  public func broadcast(to target: [Int]) throws(TensorError) -> Tensor {
    if shape == target { return self }
    let strides = try broadcastStrides(to: target)
    let count = target.reduce(1, *)
    if count == 0 { return Tensor(uncheckedShape: target, scalars: []) }
    // The innermost axes the source supplies contiguously (strides 1, n1, n1 n2, ...) are one run;
    // an innermost broadcast axis (stride 0) repeats one value.
    var run = 1, firstOuter = target.count
    while firstOuter > 0 && strides[firstOuter - 1] == run && target[firstOuter - 1] > 0 {
      run *= target[firstOuter - 1]
      firstOuter -= 1
    }
    let result = [Double](unsafeUninitializedCapacity: count) { out, initialised in
      scalars.withUnsafeBufferPointer { source in
        BroadcastWalk.forEachRun(target: target, strides: strides, outerAxes: firstOuter, run: run) { destination, offset in
          (out.baseAddress! + destination).update(from: source.baseAddress! + offset, count: run)
        }
      }
      initialised = count
    }
    return Tensor(uncheckedShape: target, scalars: result)
  }

  /// The element-by-element twin of ``broadcast(to:)``: an odometer over the target's
  /// multi-index, keeping the source offset in step.
  public func broadcastReference(to target: [Int]) throws(TensorError) -> Tensor {
    if shape == target { return self }
    let strideInSource = try broadcastStrides(to: target)
    let count = target.reduce(1, *)
    var result = [Double](repeating: 0, count: count)
    var index = [Int](repeating: 0, count: target.count)
    var source = 0
    for flat in 0..<count {
      result[flat] = scalars[source]
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

  /// This tensor's strides in the target's axes, 0 along the axes it is broadcast over.
  func broadcastStrides(to target: [Int]) throws(TensorError) -> [Int] {
    let joined = try Tensor.broadcastShape(shape, target, operation: "broadcast(to:)")
    guard joined == target else { throw .shapeMismatch(operation: "broadcast(to:)", shape, target) }
    let offset = target.count - shape.count
    let sourceStrides = strides
    var result = [Int](repeating: 0, count: target.count)
    for axis in 0..<shape.count where shape[axis] != 1 { result[axis + offset] = sourceStrides[axis] }
    return result
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
  @inline(__always)
  public func map(_ f: (Double) -> Double) -> Tensor {
    let count = self.count
    let result = [Double](unsafeUninitializedCapacity: count) { out, initialised in
      scalars.withUnsafeBufferPointer { x in
        for i in 0..<count { out[i] = f(x[i]) }
      }
      initialised = count
    }
    return Tensor(uncheckedShape: shape, scalars: result)
  }

  /// Combines two tensors elementwise after broadcasting them to a common shape. Neither operand
  /// is materialised at the broadcast shape: the last axis is walked with each operand's own
  /// stride (1, or 0 where it is broadcast), so the inner loop is a plain vectorisable loop.
  @inline(__always)
  public func zip(_ other: Tensor, operation: String, _ f: (Double, Double) -> Double) throws(TensorError) -> Tensor {
    let target = shape == other.shape ? shape : try Tensor.broadcastShape(shape, other.shape, operation: operation)
    let count = target.reduce(1, *)
    if count == 0 { return Tensor(uncheckedShape: target, scalars: []) }
    let (sa, sb) = shape == target && other.shape == target
      ? ([], []) : (try broadcastStrides(to: target), try other.broadcastStrides(to: target))
    let result = [Double](unsafeUninitializedCapacity: count) { out, initialised in
      scalars.withUnsafeBufferPointer { pa in
        other.scalars.withUnsafeBufferPointer { pb in
          let (x, y, z) = (pa.baseAddress!, pb.baseAddress!, out.baseAddress!)
          if sa.isEmpty {
            for i in 0..<count { z[i] = f(x[i], y[i]) }
          } else {
            let last = target.count - 1
            let n = target[last]
            let (da, db) = (sa[last], sb[last])
            BroadcastWalk.forEachRow(target: target, stridesA: sa, stridesB: sb) { destination, offsetA, offsetB in
              let (xr, yr, zr) = (x + offsetA, y + offsetB, z + destination)
              switch (da, db) {
              case (0, 0): for j in 0..<n { zr[j] = f(xr[0], yr[0]) }
              case (0, _): for j in 0..<n { zr[j] = f(xr[0], yr[j]) }
              case (_, 0): for j in 0..<n { zr[j] = f(xr[j], yr[0]) }
              default: for j in 0..<n { zr[j] = f(xr[j], yr[j]) }
              }
            }
          }
        }
      }
      initialised = count
    }
    return Tensor(uncheckedShape: target, scalars: result)
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

/// Walks a broadcast shape by rows: an odometer over the outer axes only (FOUND-2).
enum BroadcastWalk {
  /// Calls `body(destination, source)` for every run of `run` elements: the runs cover the target
  /// in row-major order; `source` is the offset given by `strides` at the run's first element.
  static func forEachRun(target: [Int], strides: [Int], outerAxes: Int, run: Int, _ body: (Int, Int) -> Void) {
    if outerAxes == 0 { body(0, 0); return }
    // The outer axes's element counts; the innermost of them may itself be broadcast (stride 0):
    // then the same source run is copied again.
    var index = [Int](repeating: 0, count: outerAxes)
    var source = 0, destination = 0
    let runs = target[..<outerAxes].reduce(1, *)
    for _ in 0..<runs {
      body(destination, source)
      destination += run
      var axis = outerAxes - 1
      while axis >= 0 {
        index[axis] += 1
        source += strides[axis]
        if index[axis] < target[axis] { break }
        source -= strides[axis] * target[axis]
        index[axis] = 0
        axis -= 1
      }
    }
  }

  /// Calls `body(destination, offsetA, offsetB)` for every row (last axis) of the target, with the
  /// two operands' offsets at the row's first element.
  static func forEachRow(target: [Int], stridesA: [Int], stridesB: [Int], _ body: (Int, Int, Int) -> Void) {
    let last = target.count - 1
    if last < 0 { body(0, 0, 0); return }
    var index = [Int](repeating: 0, count: last)
    var a = 0, b = 0, destination = 0
    let rows = target[..<last].reduce(1, *)
    for _ in 0..<rows {
      body(destination, a, b)
      destination += target[last]
      var axis = last - 1
      while axis >= 0 {
        index[axis] += 1
        a += stridesA[axis]; b += stridesB[axis]
        if index[axis] < target[axis] { break }
        a -= stridesA[axis] * target[axis]; b -= stridesB[axis] * target[axis]
        index[axis] = 0
        axis -= 1
      }
    }
  }
}
