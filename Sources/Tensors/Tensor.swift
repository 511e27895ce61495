/// A dense, row-major array of `Double`s with a shape (FOUND-1).
///
/// Layout: the element at multi-index (i0, i1, ..., i{r-1}) of a tensor with shape
/// (n0, n1, ..., n{r-1}) lives at `scalars[((i0 * n1 + i1) * n2 + i2) ...]`: the last axis varies
/// fastest. A rank-0 tensor (shape `[]`) holds exactly one scalar. A zero extent is allowed
/// (`[0, 3]` is an empty matrix with three columns); operations that need a value say so with
/// ``TensorError/empty(operation:shape:)``.
///
/// `Tensor` is a value type: copies are independent (Swift's copy-on-write arrays make this cheap).
public struct Tensor: Equatable, Hashable, Sendable, CustomStringConvertible {
  /// The extent of each axis.
  public let shape: [Int]
  /// The elements in row-major order; `scalars.count == shape.reduce(1, *)` always holds.
  /// Read-only outside this module, so no caller can break that invariant: change values with
  /// ``subscript(flat:)``, ``withUnsafeMutableScalars(_:)`` or ``replaceScalars(_:)``.
  public internal(set) var scalars: [Double] {
    get { storage }
    _modify { yield &storage }
    set { storage = newValue }
  }
  /// The stored elements behind ``scalars``, visible to this module's inlinable code only.
  @usableFromInline var storage: [Double]

  /// Creates a tensor, checking that the element count matches the shape.
  public init(shape: [Int], scalars: [Double]) throws(TensorError) {
    let count = try Tensor.elementCount(of: shape)
    guard count == scalars.count else {
      throw .elementCount(shape: shape, expected: count, got: scalars.count)
    }
    self.shape = shape
    self.storage = scalars
  }

  /// The number of elements of `shape`, checked (FOUND-70): every extent non-negative, and the
  /// product of the extents (zeros counted as 1) representable as `Int`. The second condition
  /// makes every partial product (strides, widths, offsets) of a valid shape representable too, so
  /// no size computation on a checked shape can overflow, whatever order it multiplies in.
  ///
  /// Throws ``TensorError/invalidShape(_:reason:)`` naming the negative extent or the overflow.
  public static func elementCount(of shape: [Int]) throws(TensorError) -> Int {
    var nonZeroProduct = 1
    var hasZero = false
    for extent in shape {
      guard extent >= 0 else { throw .invalidShape(shape, reason: "negative extent \(extent)") }
      if extent == 0 { hasZero = true; continue }
      let (product, overflow) = nonZeroProduct.multipliedReportingOverflow(by: extent)
      guard !overflow else { throw .invalidShape(shape, reason: "element count overflows Int") }
      nonZeroProduct = product
    }
    return hasZero ? 0 : nonZeroProduct
  }

  /// Runs `body` on the elements in place: the values may change, the count and shape cannot
  /// (the buffer has a fixed size), so the shape invariant holds.
  @inlinable
  public mutating func withUnsafeMutableScalars<R>(_ body: (UnsafeMutableBufferPointer<Double>) throws -> R) rethrows -> R {
    try storage.withUnsafeMutableBufferPointer { try body($0) }
  }

  /// The element at row-major position `index`, `0 ..< count` (bounds are checked). Writing
  /// changes one value, never the count, so the shape invariant holds.
  @inlinable
  public subscript(flat index: Int) -> Double {
    get { storage[index] }
    _modify { yield &storage[index] }
  }

  /// Replaces every element, keeping the shape. Throws ``TensorError/elementCount(shape:expected:got:)``
  /// when `newScalars` does not hold exactly `count` values; the tensor is then unchanged.
  public mutating func replaceScalars(_ newScalars: [Double]) throws(TensorError) {
    guard newScalars.count == scalars.count else {
      throw .elementCount(shape: shape, expected: scalars.count, got: newScalars.count)
    }
    scalars = newScalars
  }

  /// Internal unchecked initialiser: callers guarantee `scalars.count == product(shape)`.
  @usableFromInline
  init(uncheckedShape shape: [Int], scalars: [Double]) {
    self.shape = shape
    self.storage = scalars
  }

  /// A tensor of the given shape with every element equal to `value`.
  public init(repeating value: Double, shape: [Int]) {
    precondition(shape.allSatisfy { $0 >= 0 }, "negative extent in \(shape)")
    self.shape = shape
    self.storage = [Double](repeating: value, count: shape.reduce(1, *))
  }

  /// A tensor of zeros.
  public static func zeros(_ shape: [Int]) -> Tensor { Tensor(repeating: 0, shape: shape) }
  /// A tensor of ones.
  public static func ones(_ shape: [Int]) -> Tensor { Tensor(repeating: 1, shape: shape) }

  /// A rank-0 tensor holding one value.
  public init(scalar: Double) {
    self.shape = []
    self.storage = [scalar]
  }

  /// A rank-1 tensor (vector).
  public init(_ vector: [Double]) {
    self.shape = [vector.count]
    self.storage = vector
  }

  /// A rank-2 tensor from rows; every row must have the same length.
  public init(rows: [[Double]]) throws(TensorError) {
    let columns = rows.first?.count ?? 0
    for (index, row) in rows.enumerated() where row.count != columns {
      throw .ragged(row: index, expected: columns, got: row.count)
    }
    self.shape = [rows.count, columns]
    self.storage = rows.flatMap { $0 }
  }

  /// The n x n identity matrix.
  public static func identity(_ n: Int) -> Tensor {
    var result = Tensor.zeros([n, n])
    for i in 0..<n { result.scalars[i * n + i] = 1 }
    return result
  }

  /// Number of axes.
  public var rank: Int { shape.count }
  /// Number of elements.
  public var count: Int { scalars.count }
  /// True when the tensor holds no element.
  public var isEmpty: Bool { scalars.isEmpty }

  /// The single value of a tensor with exactly one element (any rank).
  public var scalar: Double {
    get throws(TensorError) {
      guard scalars.count == 1 else { throw .notScalar(shape: shape) }
      return scalars[0]
    }
  }

  /// Row-major strides: `strides[a]` is the distance in `scalars` between neighbours along axis a.
  public var strides: [Int] { Tensor.strides(of: shape) }

  /// Row-major strides of a shape.
  public static func strides(of shape: [Int]) -> [Int] {
    var strides = [Int](repeating: 1, count: shape.count)
    var running = 1
    for axis in stride(from: shape.count - 1, through: 0, by: -1) {
      strides[axis] = running
      running *= shape[axis]
    }
    return strides
  }

  /// Element access by multi-index (bounds are checked; use `scalars` in hot loops).
  public subscript(_ index: Int...) -> Double {
    get { scalars[flatIndex(index)] }
    set { scalars[flatIndex(index)] = newValue }
  }

  func flatIndex(_ index: [Int]) -> Int {
    precondition(index.count == shape.count, "index \(index) for shape \(shape)")
    var flat = 0
    for (axis, i) in index.enumerated() {
      precondition(i >= 0 && i < shape[axis], "index \(index) out of bounds for shape \(shape)")
      flat = flat * shape[axis] + i
    }
    return flat
  }

  /// The same elements under another shape with the same element count. One extent may be -1
  /// and is then inferred.
  public func reshaped(_ newShape: [Int]) throws(TensorError) -> Tensor {
    var resolved = newShape
    let unknown = newShape.indices.filter { newShape[$0] == -1 }
    guard unknown.count <= 1, newShape.allSatisfy({ $0 >= -1 }) else {
      throw .invalidShape(newShape, reason: "at most one -1 and no other negative extent")
    }
    if let axis = unknown.first {
      var known = newShape
      known.remove(at: axis)
      let knownCount = try Tensor.elementCount(of: known)
      guard knownCount > 0, count % knownCount == 0 else { throw .reshape(from: shape, to: newShape) }
      resolved[axis] = count / knownCount
    }
    guard try Tensor.elementCount(of: resolved) == count else { throw .reshape(from: shape, to: newShape) }
    return Tensor(uncheckedShape: resolved, scalars: scalars)
  }

  /// Rows `range` of a tensor of rank >= 1 (slicing along axis 0).
  public func rows(_ range: Range<Int>) throws(TensorError) -> Tensor {
    guard rank >= 1 else { throw .rank(operation: "rows", expected: "at least 1", shape: shape) }
    guard range.lowerBound >= 0, range.upperBound <= shape[0] else {
      throw .indexOutOfRange(operation: "rows", index: range.upperBound - 1, extent: shape[0])
    }
    let width = shape.dropFirst().reduce(1, *)
    let slice = Array(scalars[(range.lowerBound * width)..<(range.upperBound * width)])
    return Tensor(uncheckedShape: [range.count] + shape.dropFirst(), scalars: slice)
  }

  /// The rows with the given indices, in that order (repeats allowed): gather along axis 0.
  public func rows(at indices: [Int]) throws(TensorError) -> Tensor {
    guard rank >= 1 else { throw .rank(operation: "rows(at:)", expected: "at least 1", shape: shape) }
    let width = shape.dropFirst().reduce(1, *)
    var result = [Double]()
    result.reserveCapacity(indices.count * width)
    for i in indices {
      guard i >= 0 && i < shape[0] else {
        throw .indexOutOfRange(operation: "rows(at:)", index: i, extent: shape[0])
      }
      result.append(contentsOf: scalars[(i * width)..<((i + 1) * width)])
    }
    return Tensor(uncheckedShape: [indices.count] + shape.dropFirst(), scalars: result)
  }

  /// Row i of a matrix as a plain array.
  public func row(_ i: Int) -> [Double] {
    precondition(rank == 2 && i >= 0 && i < shape[0], "row \(i) of shape \(shape)")
    let width = shape[1]
    return Array(scalars[(i * width)..<((i + 1) * width)])
  }

  /// The transpose of a matrix: `result[j, i] = self[i, j]`.
  public func transposed() throws(TensorError) -> Tensor {
    guard rank == 2 else { throw .rank(operation: "transposed", expected: "2", shape: shape) }
    let (m, n) = (shape[0], shape[1])
    var result = [Double](repeating: 0, count: m * n)
    for i in 0..<m {
      for j in 0..<n { result[j * m + i] = scalars[i * n + j] }
    }
    return Tensor(uncheckedShape: [n, m], scalars: result)
  }

  /// Stacks tensors of equal shape (after axis 0) along axis 0.
  public static func concatenateRows(_ parts: [Tensor]) throws(TensorError) -> Tensor {
    guard let first = parts.first else { throw .empty(operation: "concatenateRows", shape: []) }
    guard first.rank >= 1 else { throw .rank(operation: "concatenateRows", expected: "at least 1", shape: first.shape) }
    let tail = Array(first.shape.dropFirst())
    var rows = 0
    var data = [Double]()
    for part in parts {
      guard part.rank == first.rank, Array(part.shape.dropFirst()) == tail else {
        throw .shapeMismatch(operation: "concatenateRows", first.shape, part.shape)
      }
      rows += part.shape[0]
      data.append(contentsOf: part.scalars)
    }
    return Tensor(uncheckedShape: [rows] + tail, scalars: data)
  }

  /// True when every element is finite (no NaN, no infinity).
  public var isFinite: Bool { scalars.allSatisfy { $0.isFinite } }

  /// Throws ``TensorError/nonFinite(operation:index:value:)`` naming the first NaN or infinity.
  public func requireFinite(_ operation: String) throws(TensorError) {
    if let index = scalars.firstIndex(where: { !$0.isFinite }) {
      throw .nonFinite(operation: operation, index: index, value: scalars[index])
    }
  }

  public var description: String {
    if rank == 0 { return "Tensor(\(scalars[0]))" }
    let preview = scalars.prefix(8).map { "\($0)" }.joined(separator: ", ")
    return "Tensor(shape: \(shape), [\(preview)\(count > 8 ? ", ..." : "")])"
  }
}
