/// The input checks shared by the linear-algebra functions (LINALG-1).
///
/// Order: rank 2, square, non-empty, finite, then (for the symmetric operations) symmetric within
/// ``Tensor/symmetryTolerance`` relative to the largest absolute entry. The first failure is
/// thrown, so a caller always learns the most basic thing that is wrong.
extension Tensor {
  /// Largest accepted asymmetry |a_ij - a_ji|, as a fraction of max |a_ij| (LINALG-1).
  /// Loose enough for matrices assembled with rounding (A^T A computed in two orders), tight
  /// enough to catch a transposed or mis-indexed operand.
  public static let symmetryTolerance = 1e-10

  /// Checks that this is a non-empty, finite, square matrix and returns its order n (LINALG-1).
  func requireSquareMatrix(_ operation: String) throws(TensorError) -> Int {
    guard rank == 2 else { throw .rank(operation: operation, expected: "2", shape: shape) }
    guard shape[0] == shape[1] else { throw .notSquare(operation: operation, shape: shape) }
    guard shape[0] > 0 else { throw .empty(operation: operation, shape: shape) }
    try requireFinite(operation)
    return shape[0]
  }

  /// As ``requireSquareMatrix(_:)``, and symmetric within tolerance; the error names the pair
  /// (i < j) with the largest asymmetry, the first in row-major order on ties (LINALG-1).
  func requireSymmetricMatrix(_ operation: String) throws(TensorError) -> Int {
    let n = try requireSquareMatrix(operation)
    let largest = scalars.reduce(0.0) { Swift.max($0, Swift.abs($1)) }
    var worst = (row: 0, column: 0, asymmetry: 0.0)
    for i in 0..<n {
      for j in (i + 1)..<n {
        let asymmetry = Swift.abs(scalars[i * n + j] - scalars[j * n + i])
        if asymmetry > worst.asymmetry { worst = (i, j, asymmetry) }
      }
    }
    if worst.asymmetry > Tensor.symmetryTolerance * largest {
      throw .notSymmetric(operation: operation, row: worst.row, column: worst.column, asymmetry: worst.asymmetry)
    }
    return n
  }

  /// The symmetric matrix defined by the lower triangle (i >= j), as a full row-major array.
  func lowerTriangleMirrored(_ n: Int) -> [Double] {
    var full = scalars
    for i in 0..<n {
      for j in 0..<i { full[j * n + i] = scalars[i * n + j] }
    }
    return full
  }
}
