/// The Cholesky factorisation A = L L^T of a symmetric positive definite matrix (LINALG-4).
extension Tensor {
  /// The lower-triangular factor L (positive diagonal, exact zeros above it) with A = L L^T.
  ///
  /// Input checks as LINALG-1; only the lower triangle of A is read. Throws
  /// ``TensorError/notPositiveDefinite(operation:pivot:value:)`` at the first pivot
  /// d_j = a_jj - sum_{k<j} l_jk^2 that is not positive. No pivoting, no jitter.
  public func cholesky() throws(TensorError) -> Tensor {
    let n = try requireSymmetricMatrix("cholesky")
    return Tensor(uncheckedShape: [n, n], scalars: try choleskyFactor(n, operation: "cholesky"))
  }

  /// The factor of a matrix that already passed ``requireSymmetricMatrix(_:)``; errors name
  /// `operation`, so that `inverseSPD` reports its own name (LINALG-4).
  func choleskyFactor(_ n: Int, operation: String) throws(TensorError) -> [Double] {
    let a = scalars
    var l = [Double](repeating: 0, count: n * n)
    for j in 0..<n {
      // Pivot: a_jj minus the squares already in row j, subtracted in increasing k.
      var pivot = a[j * n + j]
      for k in 0..<j { pivot -= l[j * n + k] * l[j * n + k] }
      // `!(pivot > 0)` is also true for NaN; an infinite pivot can only be -inf here.
      guard pivot > 0, pivot.isFinite else {
        throw .notPositiveDefinite(operation: operation, pivot: j, value: pivot)
      }
      let diagonal = pivot.squareRoot()
      l[j * n + j] = diagonal
      for i in (j + 1)..<n {
        var entry = a[i * n + j]
        for k in 0..<j { entry -= l[i * n + k] * l[j * n + k] }
        l[i * n + j] = entry / diagonal
      }
    }
    return l
  }
}
