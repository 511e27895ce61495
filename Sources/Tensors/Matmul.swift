/// The matrix product of tensors (FOUND-10): [m, k] x [k, n] -> [m, n], computed by the fast kernel.
extension Tensor {
  /// `self` (m x k) times `other` (k x n).
  public func matmul(_ other: Tensor) throws(TensorError) -> Tensor {
    guard rank == 2, other.rank == 2 else {
      throw .rank(operation: "matmul", expected: "2 and 2", shape: rank == 2 ? other.shape : shape)
    }
    guard shape[1] == other.shape[0] else { throw .shapeMismatch(operation: "matmul", shape, other.shape) }
    let (m, k, n) = (shape[0], shape[1], other.shape[1])
    return Tensor(uncheckedShape: [m, n], scalars: MatrixMultiply.fast(scalars, other.scalars, m: m, k: k, n: n))
  }

  /// The same product by the reference kernel (for tests and for readers).
  public func matmulReference(_ other: Tensor) throws(TensorError) -> Tensor {
    guard rank == 2, other.rank == 2 else {
      throw .rank(operation: "matmul", expected: "2 and 2", shape: rank == 2 ? other.shape : shape)
    }
    guard shape[1] == other.shape[0] else { throw .shapeMismatch(operation: "matmul", shape, other.shape) }
    let (m, k, n) = (shape[0], shape[1], other.shape[1])
    return Tensor(uncheckedShape: [m, n], scalars: MatrixMultiply.reference(scalars, other.scalars, m: m, k: k, n: n))
  }

  /// Dot product of two vectors of equal length (summed in index order).
  public static func dot(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count, "dot: lengths \(a.count) and \(b.count)")
    var sum = 0.0
    for i in 0..<a.count { sum += a[i] * b[i] }
    return sum
  }
}
