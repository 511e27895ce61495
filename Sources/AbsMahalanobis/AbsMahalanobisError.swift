import Tensors

/// Every way the AbsMahalanobis module refuses its input (ABS-7). Each case carries what was
/// wrong (shape, value, model, step) so the message alone says what to fix.
public enum AbsMahalanobisError: Error, Equatable, Sendable, CustomStringConvertible {
  /// Two sizes that must agree do not (a point of the wrong dimension, a mean and a covariance
  /// of different orders, labels not one per row).
  case dimensionMismatch(what: String, expected: Int, got: Int)
  /// The covariance is not a finite, square, symmetric matrix (LINALG-1).
  case invalidCovariance(reason: String)
  /// The covariance is singular or not positive definite: its smallest eigenvalue is not
  /// positive relative to the largest.
  case singularCovariance(smallestEigenvalue: Double, largestEigenvalue: Double)
  /// A component index outside 0..<d.
  case componentOutOfRange(component: Int, dimension: Int)
  /// A NaN or infinity in an input where finite values are required.
  case nonFinite(what: String, index: Int, value: Double)
  /// A training loss that is NaN or infinite, with the model and the step (or epoch and batch).
  case nonFiniteLoss(model: Int, step: Int, value: Double)
  /// A configuration value outside its domain.
  case invalidConfiguration(String)
  /// A data set that cannot be used (missing, too small, wrong width).
  case data(String)
  /// A tensor operation failed.
  case tensor(TensorError)

  public var description: String {
    switch self {
    case let .dimensionMismatch(what, e, g): return "\(what): expected \(e), got \(g)"
    case let .invalidCovariance(reason): return "covariance: \(reason)"
    case let .singularCovariance(s, l):
      return "covariance is singular or not positive definite (eigenvalues from \(s) to \(l))"
    case let .componentOutOfRange(c, d): return "component \(c) is outside 0..<\(d)"
    case let .nonFinite(what, i, v): return "\(what): non-finite value \(v) at flat index \(i)"
    case let .nonFiniteLoss(m, s, v): return "model \(m), step \(s): loss is \(v)"
    case let .invalidConfiguration(r): return "configuration: \(r)"
    case let .data(r): return "data: \(r)"
    case let .tensor(e): return e.description
    }
  }
}

/// Runs a tensor operation, converting its error to ``AbsMahalanobisError/tensor(_:)``.
@inline(__always)
func liftTensor<T>(_ body: () throws(TensorError) -> T) throws(AbsMahalanobisError) -> T {
  do { return try body() } catch { throw .tensor(error) }
}

/// Checks that every value is finite, naming the input and the first bad index.
func requireFinite(_ values: [Double], _ what: String) throws(AbsMahalanobisError) {
  if let i = values.firstIndex(where: { !$0.isFinite }) { throw .nonFinite(what: what, index: i, value: values[i]) }
}
