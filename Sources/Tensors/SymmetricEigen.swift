import Foundation

/// The eigendecomposition A = V diag(values) V^T of a real symmetric matrix (LINALG-2, LINALG-3).
public struct SymmetricEigendecomposition: Equatable, Sendable {
  /// The eigenvalues in ascending order.
  public let values: [Double]
  /// n x n orthogonal matrix; column j is the unit eigenvector of `values[j]`, its largest
  /// component (the first of equal largest) positive (LINALG-3).
  public let vectors: Tensor
  /// Jacobi sweeps that applied at least one rotation (0 for a diagonal matrix).
  public let sweeps: Int

  /// Default number of sweeps allowed before
  /// ``TensorError/noConvergence(operation:iterations:residual:)`` (LINALG-2).
  public static let maxSweeps = 60
}

extension Tensor {
  /// Eigenvalues (ascending) and eigenvectors (columns, sign rule of LINALG-3) of a symmetric
  /// matrix by the cyclic Jacobi method with the Demmel-Veselic threshold (LINALG-2).
  ///
  /// Input checks as LINALG-1; only the lower triangle is read. Cost: about 6-12 sweeps of
  /// n(n-1)/2 rotations, each O(n): fine for the small matrices (n up to a few hundred) it is
  /// meant for. Accuracy: ||A - V diag(values) V^T||_F <= 1e-12 ||A||_F and V^T V = I to 1e-12.
  /// `maxSweeps` bounds the work; when it is spent the error reports the relative off-diagonal
  /// norm left.
  public func symmetricEigen(maxSweeps: Int = SymmetricEigendecomposition.maxSweeps)
    throws(TensorError) -> SymmetricEigendecomposition {
    let operation = "symmetricEigen"
    let n = try requireSymmetricMatrix(operation)
    var w = lowerTriangleMirrored(n)
    var v = Tensor.identity(n).scalars
    var sweeps = 0
    while !JacobiSweeps.isConverged(w, n) {
      guard sweeps < maxSweeps else {
        throw .noConvergence(operation: operation, iterations: sweeps,
                             residual: JacobiSweeps.offDiagonalNorm(w, n) / JacobiSweeps.frobeniusNorm(scalars))
      }
      for p in 0..<(n - 1) {
        for q in (p + 1)..<n where JacobiSweeps.needsRotation(w, n, p, q) {
          JacobiSweeps.rotate(&w, &v, n, p, q)
        }
      }
      sweeps += 1
    }
    // Ascending eigenvalues; the stable sort keeps equal ones in diagonal order (LINALG-3).
    let order = (0..<n).sorted { a, b in w[a * n + a] < w[b * n + b] || (w[a * n + a] == w[b * n + b] && a < b) }
    var vectors = [Double](repeating: 0, count: n * n)
    for (column, source) in order.enumerated() {
      // Sign rule: the first component of largest magnitude is made positive.
      var lead = 0
      for r in 1..<Swift.max(1, n) where Swift.abs(v[r * n + source]) > Swift.abs(v[lead * n + source]) { lead = r }
      let sign = v[lead * n + source] < 0 ? -1.0 : 1.0
      for r in 0..<n { vectors[r * n + column] = sign * v[r * n + source] }
    }
    return SymmetricEigendecomposition(values: order.map { w[$0 * n + $0] },
                                       vectors: Tensor(uncheckedShape: [n, n], scalars: vectors),
                                       sweeps: sweeps)
  }
}

/// The pieces of the cyclic Jacobi method (LINALG-2). `w` is the full symmetric working matrix
/// and `v` the accumulated rotations, both n x n row-major.
enum JacobiSweeps {
  /// Demmel-Veselic threshold: rotate (p, q) unless |w_pq| <= eps sqrt|w_pp| sqrt|w_qq| or
  /// |w_pq| is subnormal. The two square roots are taken separately so their product cannot
  /// underflow to 0 for tiny diagonals.
  static func needsRotation(_ w: [Double], _ n: Int, _ p: Int, _ q: Int) -> Bool {
    let off = Swift.abs(w[p * n + q])
    if off < Double.leastNormalMagnitude { return false }
    return off > Double.ulpOfOne * Swift.abs(w[p * n + p]).squareRoot() * Swift.abs(w[q * n + q]).squareRoot()
  }

  /// True when no pair needs a rotation: the convergence test of a sweep.
  static func isConverged(_ w: [Double], _ n: Int) -> Bool {
    for p in 0..<n {
      for q in (p + 1)..<n where needsRotation(w, n, p, q) { return false }
    }
    return true
  }

  /// W <- J^T W J and V <- V J for the rotation that zeroes w_pq (Golub-Van Loan sym.schur2).
  static func rotate(_ w: inout [Double], _ v: inout [Double], _ n: Int, _ p: Int, _ q: Int) {
    let wpq = w[p * n + q], wpp = w[p * n + p], wqq = w[q * n + q]
    let theta = (wqq - wpp) / (2 * wpq)
    // The smaller root of t^2 + 2 theta t - 1 = 0 (|angle| <= pi/4); hypot avoids overflow.
    let t = (theta >= 0 ? 1.0 : -1.0) / (Swift.abs(theta) + hypot(1, theta))
    let c = 1 / (1 + t * t).squareRoot()
    let s = t * c
    w[p * n + p] = wpp - t * wpq
    w[q * n + q] = wqq + t * wpq
    w[p * n + q] = 0
    w[q * n + p] = 0
    for r in 0..<n where r != p && r != q {
      let wrp = w[r * n + p], wrq = w[r * n + q]
      let newP = c * wrp - s * wrq, newQ = s * wrp + c * wrq
      w[r * n + p] = newP; w[p * n + r] = newP
      w[r * n + q] = newQ; w[q * n + r] = newQ
    }
    for r in 0..<n {
      let vrp = v[r * n + p], vrq = v[r * n + q]
      v[r * n + p] = c * vrp - s * vrq
      v[r * n + q] = s * vrp + c * vrq
    }
  }

  /// sqrt(sum over i != j of w_ij^2).
  static func offDiagonalNorm(_ w: [Double], _ n: Int) -> Double {
    var sum = 0.0
    for i in 0..<n {
      for j in 0..<n where j != i { sum += w[i * n + j] * w[i * n + j] }
    }
    return sum.squareRoot()
  }

  static func frobeniusNorm(_ a: [Double]) -> Double {
    a.reduce(0.0) { $0 + $1 * $1 }.squareRoot()
  }
}
