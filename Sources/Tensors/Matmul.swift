/// The matrix product of tensors (FOUND-10): [m, k] x [k, n] -> [m, n], computed by the fast kernel.
extension Tensor {
  /// `self` (m x k) times `other` (k x n).
  public func matmul(_ other: Tensor) throws(TensorError) -> Tensor {
    try matmul(other, transposeSelf: false, transposeOther: false)
  }

  /// op(self) op(other), where op(X) is X^T when its flag is set: the products A B^T and A^T B
  /// without a transposed copy (the kernel reads the transpose through a view, FOUND-13).
  /// Shapes: op(self) [m, k], op(other) [k, n] -> [m, n]; the bits equal those of `matmul` on the
  /// materialised transposes.
  public func matmul(_ other: Tensor, transposeSelf: Bool, transposeOther: Bool) throws(TensorError) -> Tensor {
    guard rank == 2, other.rank == 2 else {
      throw .rank(operation: "matmul", expected: "2 and 2", shape: rank == 2 ? other.shape : shape)
    }
    let (m, k) = transposeSelf ? (shape[1], shape[0]) : (shape[0], shape[1])
    let (k2, n) = transposeOther ? (other.shape[1], other.shape[0]) : (other.shape[0], other.shape[1])
    guard k == k2 else {
      let shown = { (s: [Int], t: Bool) in t ? [s[1], s[0]] : s }
      throw .shapeMismatch(operation: "matmul", shown(shape, transposeSelf), shown(other.shape, transposeOther))
    }
    return Tensor(uncheckedShape: [m, n], scalars: MatrixMultiply.fast(scalars, other.scalars, m: m, k: k, n: n,
                                                                       transposeA: transposeSelf, transposeB: transposeOther))
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

  /// Dot product of two vectors of equal length: one chain of fused multiply-adds in index order
  /// from 0.0, the same bits as the 1 x n by n x 1 matrix product (FOUND-10).
  public static func dot(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count, "dot: lengths \(a.count) and \(b.count)")
    var sum = 0.0
    for i in 0..<a.count { sum = sum.addingProduct(a[i], b[i]) }
    return sum
  }
}
