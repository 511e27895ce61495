import Foundation

/// What the Cholesky factor gives for a symmetric positive definite A: solves, the inverse and
/// the log-determinant (LINALG-6, LINALG-7). Input checks and errors are those of LINALG-1 and
/// LINALG-4, reported under each function's own name.
extension Tensor {
  /// X = A^-1 B by two triangular solves, L Y = B then L^T X = Y; B is [n] or [n, m] (LINALG-6).
  public static func solveSPD(_ a: Tensor, _ b: Tensor) throws(TensorError) -> Tensor {
    let operation = "solveSPD"
    let n = try a.requireSymmetricMatrix(operation)
    let l = Tensor(uncheckedShape: [n, n], scalars: try a.choleskyFactor(n, operation: operation))
    let (_, m) = try checkTriangularSystem(l, b, lower: true, operation: operation)
    let y = try substitute(l.scalars, b.scalars, n: n, m: m, lower: true, operation: operation)
    let x = try substitute(try l.transposed().scalars, y, n: n, m: m, lower: false, operation: operation)
    return Tensor(uncheckedShape: b.shape, scalars: x)
  }

  /// A^-1 = M^T M with M = L^-1 (LINALG-6). M is lower triangular, so (M^T M)_ij sums
  /// m_ki m_kj over k >= max(i, j) only; it is computed for i <= j and mirrored, so the inverse
  /// is exactly symmetric.
  public func inverseSPD() throws(TensorError) -> Tensor {
    let operation = "inverseSPD"
    let n = try requireSymmetricMatrix(operation)
    let l = try choleskyFactor(n, operation: operation)
    let m = try Tensor.substitute(l, Tensor.identity(n).scalars, n: n, m: n, lower: true, operation: operation)
    var inverse = [Double](repeating: 0, count: n * n)
    for i in 0..<n {
      for j in i..<n {
        var sum = 0.0
        for k in j..<n { sum += m[k * n + i] * m[k * n + j] }
        inverse[i * n + j] = sum
        inverse[j * n + i] = sum
      }
    }
    guard let bad = inverse.firstIndex(where: { !$0.isFinite }) else {
      return Tensor(uncheckedShape: [n, n], scalars: inverse)
    }
    // Entries of M are finite (checked by the solve), but their products may still overflow.
    throw .singular(operation: operation, pivot: bad % n)
  }

  /// log det A = 2 sum_i log l_ii, summed in increasing i; finite where det A itself would
  /// overflow or underflow (LINALG-7).
  public func logDeterminantSPD() throws(TensorError) -> Double {
    let operation = "logDeterminantSPD"
    let n = try requireSymmetricMatrix(operation)
    let l = try choleskyFactor(n, operation: operation)
    var sum = 0.0
    for i in 0..<n { sum += log(l[i * n + i]) }
    return 2 * sum
  }
}
