/// Forward and back substitution with triangular matrices (LINALG-5).
///
/// The right-hand side B is a vector [n] or a matrix [n, m] (m independent columns); the solution
/// has the shape of B. Every check of LINALG-5 happens before any arithmetic.
extension Tensor {
  /// X with L X = B for a lower-triangular L: x_i = (b_i - sum_{k<i} l_ik x_k) / l_ii (LINALG-5).
  public static func solveLowerTriangular(_ l: Tensor, _ b: Tensor) throws(TensorError) -> Tensor {
    let operation = "solveLowerTriangular"
    let (n, m) = try checkTriangularSystem(l, b, lower: true, operation: operation)
    let x = try substitute(l.scalars, b.scalars, n: n, m: m, lower: true, operation: operation)
    return Tensor(uncheckedShape: b.shape, scalars: x)
  }

  /// X with U X = B for an upper-triangular U: x_i = (b_i - sum_{k>i} u_ik x_k) / u_ii, rows
  /// from n-1 down (LINALG-5).
  public static func solveUpperTriangular(_ u: Tensor, _ b: Tensor) throws(TensorError) -> Tensor {
    let operation = "solveUpperTriangular"
    let (n, m) = try checkTriangularSystem(u, b, lower: false, operation: operation)
    let x = try substitute(u.scalars, b.scalars, n: n, m: m, lower: false, operation: operation)
    return Tensor(uncheckedShape: b.shape, scalars: x)
  }

  /// LINALG-1 items 1-4 for the matrix, then triangularity, then B's rank, rows and values, then
  /// zero pivots. Returns (n, number of right-hand sides).
  static func checkTriangularSystem(_ t: Tensor, _ b: Tensor, lower: Bool,
                                    operation: String) throws(TensorError) -> (n: Int, m: Int) {
    let n = try t.requireSquareMatrix(operation)
    for i in 0..<n {
      for j in 0..<n where (lower ? j > i : j < i) && t.scalars[i * n + j] != 0 {
        throw .invalidArgument(operation: operation, reason:
          "not \(lower ? "lower" : "upper") triangular: entry [\(i), \(j)] = \(t.scalars[i * n + j])")
      }
    }
    guard b.rank == 1 || b.rank == 2 else {
      throw .rank(operation: operation, expected: "1 or 2", shape: b.shape)
    }
    guard b.shape[0] == n else { throw .shapeMismatch(operation: operation, t.shape, b.shape) }
    try b.requireFinite(operation)
    if let zero = (0..<n).first(where: { t.scalars[$0 * n + $0] == 0 }) {
      throw .singular(operation: operation, pivot: zero)
    }
    return (n, b.rank == 2 ? b.shape[1] : 1)
  }

  /// The substitution itself on row-major arrays: t is n x n, b and the result n x m. Products
  /// are subtracted in increasing k. An x_i that overflows makes the system numerically singular.
  static func substitute(_ t: [Double], _ b: [Double], n: Int, m: Int, lower: Bool,
                         operation: String) throws(TensorError) -> [Double] {
    var x = [Double](repeating: 0, count: n * m)
    let rowOrder: [Int] = lower ? Array(0..<n) : Array((0..<n).reversed())
    for i in rowOrder {
      let known = lower ? 0..<i : (i + 1)..<n
      for c in 0..<m {
        var value = b[i * m + c]
        for k in known { value -= t[i * n + k] * x[k * m + c] }
        value /= t[i * n + i]
        guard value.isFinite else { throw .singular(operation: operation, pivot: i) }
        x[i * m + c] = value
      }
    }
    return x
  }
}
