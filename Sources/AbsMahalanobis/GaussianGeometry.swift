import Foundation
import Tensors

/// The geometry of a multivariate Gaussian N(mu, Sigma) that seed 003 section 2 builds on
/// (ABS-1 ... ABS-6): the Mahalanobis distance, its eigendecomposition form, the standardised
/// coordinate along each principal component, the linear node that computes that coordinate,
/// the L1 approximation and whitening. Any dimension d >= 1.
///
/// Components are numbered in principal-component order: component 0 has the largest eigenvalue
/// (variance), component d-1 the smallest (ABS-1). Each eigenvector follows the sign rule of
/// LINALG-3 (its first component of largest magnitude is positive), which fixes the sign of W
/// and b in ``linearNode(component:)``.
public struct GaussianGeometry: Sendable, Equatable {
  /// mu, length d.
  public let mean: [Double]
  /// Sigma, [d, d], symmetric positive definite.
  public let covariance: Tensor
  /// lambda_0 >= lambda_1 >= ... > 0 (principal-component order).
  public let eigenvalues: [Double]
  /// eigenvectors[i] = v_i, the unit eigenvector of eigenvalues[i].
  public let eigenvectors: [[Double]]
  /// The Cholesky factor L of Sigma (LINALG-4), used for the direct distance (ABS-2).
  public let choleskyFactor: Tensor

  /// Smallest accepted lambda_min / lambda_max: below it the covariance counts as singular
  /// (ABS-1). 1e-12 leaves four digits of a double for the whitened coordinates.
  public static let conditionLimit = 1e-12

  /// Validates and decomposes (ABS-1): mu finite, Sigma [d, d] finite and symmetric within
  /// LINALG-1's tolerance, lambda_min > conditionLimit * lambda_max and the Cholesky
  /// factorisation succeeds.
  public init(mean: [Double], covariance: Tensor) throws(AbsMahalanobisError) {
    let d = mean.count
    guard d >= 1 else { throw .dimensionMismatch(what: "mean length", expected: 1, got: 0) }
    try requireFinite(mean, "mean")
    guard covariance.rank == 2, covariance.shape == [d, d] else {
      throw .invalidCovariance(reason: "expected shape [\(d), \(d)] for a mean of length \(d), got \(covariance.shape)")
    }
    let decomposition: SymmetricEigendecomposition
    do { decomposition = try covariance.symmetricEigen() } catch { throw .invalidCovariance(reason: error.description) }
    // Ascending from the solver; principal-component order is descending.
    let order = Array((0..<d).reversed())
    let values = order.map { decomposition.values[$0] }
    guard let largest = values.first, let smallest = values.last,
          largest > 0, smallest > Self.conditionLimit * largest else {
      throw .singularCovariance(smallestEigenvalue: values.last ?? .nan, largestEigenvalue: values.first ?? .nan)
    }
    let factor: Tensor
    do { factor = try covariance.cholesky() } catch {
      throw .singularCovariance(smallestEigenvalue: smallest, largestEigenvalue: largest)
    }
    self.mean = mean
    self.covariance = covariance
    self.eigenvalues = values
    self.eigenvectors = order.map { column in (0..<d).map { decomposition.vectors.scalars[$0 * d + column] } }
    self.choleskyFactor = factor
  }

  /// The sample mean and covariance (denominator n - ddof, STATS-2) of the rows of `points` [n, d].
  public static func fitted(to points: Tensor, ddof: Int = 1) throws(AbsMahalanobisError) -> GaussianGeometry {
    guard points.rank == 2 else { throw .dimensionMismatch(what: "points rank", expected: 2, got: points.rank) }
    let mean = try liftTensor { () throws(TensorError) in try points.mean(axis: 0).scalars }
    let covariance = try liftTensor { () throws(TensorError) in try points.covariance(ddof: ddof) }
    return try GaussianGeometry(mean: mean, covariance: covariance)
  }

  /// d.
  public var dimension: Int { mean.count }

  func check(_ x: [Double]) throws(AbsMahalanobisError) {
    guard x.count == dimension else { throw .dimensionMismatch(what: "point dimension", expected: dimension, got: x.count) }
    try requireFinite(x, "point")
  }

  /// D_M(x) = sqrt((x - mu)^T Sigma^-1 (x - mu)) (eq. 2, ABS-2), computed as ||L^-1 (x - mu)||
  /// with L the Cholesky factor: one forward substitution, no inverse formed.
  public func distance(_ x: [Double]) throws(AbsMahalanobisError) -> Double {
    try check(x)
    let d = dimension
    let l = choleskyFactor.scalars
    var u = [Double](repeating: 0, count: d)
    var sum = 0.0
    for i in 0..<d {
      var value = x[i] - mean[i]
      for k in 0..<i { value -= l[i * d + k] * u[k] }
      u[i] = value / l[i * d + i]
      sum += u[i] * u[i]
    }
    return sum.squareRoot()
  }

  /// D_M for each row of `points` [n, d] (ABS-2).
  public func distances(_ points: Tensor) throws(AbsMahalanobisError) -> [Double] {
    guard points.rank == 2, points.shape[1] == dimension else {
      throw .dimensionMismatch(what: "points width", expected: dimension, got: points.rank == 2 ? points.shape[1] : -1)
    }
    var result: [Double] = []
    result.reserveCapacity(points.shape[0])
    for i in 0..<points.shape[0] { result.append(try distance(points.row(i))) }
    return result
  }

  /// y_i(x) = v_i^T (x - mu) / sqrt(lambda_i) for every component i (eq. 5, ABS-3).
  public func standardizedCoordinates(_ x: [Double]) throws(AbsMahalanobisError) -> [Double] {
    try check(x)
    return (0..<dimension).map { i in
      var projection = 0.0
      for j in 0..<dimension { projection += eigenvectors[i][j] * (x[j] - mean[j]) }
      return projection / eigenvalues[i].squareRoot()
    }
  }

  /// D_{M,v_i}(x) = |y_i(x)| (eq. 6, ABS-3).
  public func componentDistances(_ x: [Double]) throws(AbsMahalanobisError) -> [Double] {
    try standardizedCoordinates(x).map { Swift.abs($0) }
  }

  /// D_M(x) = sqrt(sum_i y_i(x)^2) (eq. 4, ABS-2): the eigendecomposition form.
  public func distanceByComponents(_ x: [Double]) throws(AbsMahalanobisError) -> Double {
    try standardizedCoordinates(x).reduce(0) { $0 + $1 * $1 }.squareRoot()
  }

  /// The linear node of component i (eq. 7-8, ABS-4): W = v_i^T / sqrt(lambda_i),
  /// b = -v_i^T mu / sqrt(lambda_i), so that W x + b = y_i(x) (eq. 9) and |W x + b| = D_{M,v_i}(x).
  public func linearNode(component i: Int) throws(AbsMahalanobisError) -> (weight: [Double], bias: Double) {
    guard i >= 0 && i < dimension else { throw .componentOutOfRange(component: i, dimension: dimension) }
    let scale = eigenvalues[i].squareRoot()
    let weight = eigenvectors[i].map { $0 / scale }
    var projection = 0.0
    for j in 0..<dimension { projection += eigenvectors[i][j] * mean[j] }
    return (weight, -projection / scale)
  }

  /// All d nodes as one layer (ABS-4): weight [d, d] with row i = W_i, bias [d]. Applied to x it
  /// gives the whitened point (ABS-6).
  public func linearLayer() -> (weight: Tensor, bias: [Double]) {
    var weight = Tensor.zeros([dimension, dimension])
    var bias = [Double](repeating: 0, count: dimension)
    for i in 0..<dimension {
      // Component indices are valid by construction.
      let node = try! linearNode(component: i)
      for j in 0..<dimension { weight[flat: i * dimension + j] = node.weight[j] }
      bias[i] = node.bias
    }
    return (weight, bias)
  }

  /// D_{M,approx}(x) = sum_i |W_i x + b_i| (eq. 10, ABS-5). Bounds: D_M <= D_approx <= sqrt(d) D_M
  /// (the l2 and l1 norms of the vector y(x)).
  public func l1Distance(_ x: [Double]) throws(AbsMahalanobisError) -> Double {
    try check(x)
    var total = 0.0
    for i in 0..<dimension {
      let node = try linearNode(component: i)
      var s = node.bias
      for j in 0..<dimension { s += node.weight[j] * x[j] }
      total += Swift.abs(s)
    }
    return total
  }

  /// Whitening (ABS-6): row r of the result is z = Lambda^-1/2 V^T (x_r - mu), the vector of
  /// standardised coordinates. When mu and Sigma are the sample's own mean and covariance (same
  /// ddof), the whitened sample has mean 0 and covariance I, and D_M(x) = ||z||.
  public func whiten(_ points: Tensor) throws(AbsMahalanobisError) -> Tensor {
    guard points.rank == 2, points.shape[1] == dimension else {
      throw .dimensionMismatch(what: "points width", expected: dimension, got: points.rank == 2 ? points.shape[1] : -1)
    }
    var result = Tensor.zeros(points.shape)
    for r in 0..<points.shape[0] {
      let z = try standardizedCoordinates(points.row(r))
      for i in 0..<dimension { result[flat: r * dimension + i] = z[i] }
    }
    return result
  }
}
