/// Every way a tensor operation can refuse its input (FOUND-40). Each case names the operation and
/// carries the offending shapes or values, so the message alone says what to fix.
public enum TensorError: Error, Equatable, Sendable, CustomStringConvertible {
  /// Two shapes that the operation needs to agree (or broadcast) do not.
  case shapeMismatch(operation: String, [Int], [Int])
  /// A shape with a negative extent or otherwise impossible.
  case invalidShape([Int], reason: String)
  /// `scalars.count` does not equal the product of the shape.
  case elementCount(shape: [Int], expected: Int, got: Int)
  /// Rows of different lengths where a matrix was expected.
  case ragged(row: Int, expected: Int, got: Int)
  /// A reshape that changes the number of elements.
  case reshape(from: [Int], to: [Int])
  /// The operation needs a different rank.
  case rank(operation: String, expected: String, shape: [Int])
  /// An index outside 0..<extent.
  case indexOutOfRange(operation: String, index: Int, extent: Int)
  /// An axis outside 0..<rank.
  case axisOutOfRange(operation: String, axis: Int, rank: Int)
  /// The operation needs at least one element (a mean, a max, an argmax, a covariance...).
  case empty(operation: String, shape: [Int])
  /// A tensor with more than one element used as a scalar.
  case notScalar(shape: [Int])
  /// A matrix that must be square.
  case notSquare(operation: String, shape: [Int])
  /// A matrix that must be symmetric; the largest asymmetry |a_ij - a_ji| and where it is.
  case notSymmetric(operation: String, row: Int, column: Int, asymmetry: Double)
  /// Cholesky found a non-positive pivot: the matrix is not (numerically) positive definite.
  case notPositiveDefinite(operation: String, pivot: Int, value: Double)
  /// A singular (or numerically singular) matrix where an inverse or solve was needed.
  case singular(operation: String, pivot: Int)
  /// A NaN or infinity where finite values are required.
  case nonFinite(operation: String, index: Int, value: Double)
  /// An argument outside its documented domain (e.g. a negative standard deviation).
  case invalidArgument(operation: String, reason: String)
  /// A vector-Jacobian product that broke its contract (FOUND-71): the wrong number of
  /// cotangents, or one whose shape is not its input's.
  case badVJP(operation: String, reason: String)
  /// An iterative method did not converge.
  case noConvergence(operation: String, iterations: Int, residual: Double)

  public var description: String {
    switch self {
    case let .shapeMismatch(op, a, b): return "\(op): shapes \(a) and \(b) do not match"
    case let .invalidShape(s, reason): return "invalid shape \(s): \(reason)"
    case let .elementCount(s, e, g): return "shape \(s) needs \(e) elements, got \(g)"
    case let .ragged(r, e, g): return "row \(r) has \(g) elements, expected \(e)"
    case let .reshape(f, t): return "cannot reshape \(f) to \(t): element counts differ"
    case let .rank(op, e, s): return "\(op): expected rank \(e), got shape \(s)"
    case let .indexOutOfRange(op, i, n): return "\(op): index \(i) out of range 0..<\(n)"
    case let .axisOutOfRange(op, a, r): return "\(op): axis \(a) out of range for rank \(r)"
    case let .empty(op, s): return "\(op): needs at least one element, got shape \(s)"
    case let .notScalar(s): return "expected a single element, got shape \(s)"
    case let .notSquare(op, s): return "\(op): matrix must be square, got shape \(s)"
    case let .notSymmetric(op, i, j, a):
      return "\(op): matrix is not symmetric (|a[\(i),\(j)] - a[\(j),\(i)]| = \(a))"
    case let .notPositiveDefinite(op, p, v):
      return "\(op): matrix is not positive definite (pivot \(p) is \(v))"
    case let .singular(op, p): return "\(op): matrix is singular (pivot \(p))"
    case let .nonFinite(op, i, v): return "\(op): non-finite value \(v) at flat index \(i)"
    case let .invalidArgument(op, r): return "\(op): \(r)"
    case let .badVJP(op, r): return "\(op): VJP \(r)"
    case let .noConvergence(op, it, r): return "\(op): no convergence after \(it) iterations (residual \(r))"
    }
  }
}
