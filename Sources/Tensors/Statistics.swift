/// Variance, standard deviation and covariance with an explicit denominator (STATS-1, STATS-2).
///
/// `ddof` ("delta degrees of freedom", numpy's name) sets the denominator n - ddof:
/// ddof = 0 divides by n (population variance: numpy's `var`, scikit-learn's StandardScaler),
/// ddof = 1 divides by n - 1 (unbiased sample variance: `np.cov`). `variance` defaults to 0,
/// `covariance` to 1, as numpy's `var` and `cov` do.
extension Tensor {
  /// sum_i (x_i - mean)^2 / (n - ddof) along `axis`, two-pass: the mean (as `mean(axis:)`) first,
  /// then the squared deviations added in increasing i (STATS-1).
  public func variance(axis: Int, ddof: Int = 0, keepingDimension: Bool = false) throws(TensorError) -> Tensor {
    let operation = "variance"
    let (outer, extent, inner) = try around(axis: axis, operation: operation)
    guard extent > 0 else { throw .empty(operation: operation, shape: shape) }
    try Tensor.checkDenominator(observations: extent, ddof: ddof, operation: operation)
    try requireFinite(operation)
    let mean = try self.mean(axis: axis).scalars
    var squares = [Double](repeating: 0, count: outer * inner)
    for o in 0..<outer {
      for e in 0..<extent {
        let base = (o * extent + e) * inner
        for i in 0..<inner {
          let deviation = scalars[base + i] - mean[o * inner + i]
          squares[o * inner + i] += deviation * deviation
        }
      }
    }
    let denominator = Double(extent - ddof)
    return Tensor(uncheckedShape: reducedShape(axis: axis, keeping: keepingDimension),
                  scalars: squares.map { $0 / denominator })
  }

  /// The square root of ``variance(axis:ddof:keepingDimension:)`` (STATS-1).
  public func standardDeviation(axis: Int, ddof: Int = 0, keepingDimension: Bool = false) throws(TensorError) -> Tensor {
    try variance(axis: axis, ddof: ddof, keepingDimension: keepingDimension).map { $0.squareRoot() }
  }

  /// The d x d covariance of the columns of an [n, d] matrix with one observation per row:
  /// C_jk = sum_i (x_ij - m_j)(x_ik - m_k) / (n - ddof), default ddof = 1 as `np.cov(X,
  /// rowvar=False)`. Computed for j <= k and mirrored: exactly symmetric (STATS-2).
  public func covariance(ddof: Int = 1) throws(TensorError) -> Tensor {
    let operation = "covariance"
    guard rank == 2 else { throw .rank(operation: operation, expected: "2", shape: shape) }
    let (n, d) = (shape[0], shape[1])
    guard n > 0 else { throw .empty(operation: operation, shape: shape) }
    try Tensor.checkDenominator(observations: n, ddof: ddof, operation: operation)
    try requireFinite(operation)
    let mean = try self.mean(axis: 0).scalars
    var centred = scalars
    for i in 0..<n {
      for j in 0..<d { centred[i * d + j] -= mean[j] }
    }
    let denominator = Double(n - ddof)
    var c = [Double](repeating: 0, count: d * d)
    for j in 0..<d {
      for k in j..<d {
        var sum = 0.0
        for i in 0..<n { sum += centred[i * d + j] * centred[i * d + k] }
        c[j * d + k] = sum / denominator
        c[k * d + j] = c[j * d + k]
      }
    }
    return Tensor(uncheckedShape: [d, d], scalars: c)
  }

  /// ddof must be >= 0 and leave a positive denominator n - ddof (STATS-1).
  static func checkDenominator(observations n: Int, ddof: Int, operation: String) throws(TensorError) {
    guard ddof >= 0 else { throw .invalidArgument(operation: operation, reason: "ddof must be >= 0, got \(ddof)") }
    guard n - ddof > 0 else {
      throw .invalidArgument(operation: operation,
                             reason: "denominator n - ddof must be positive (n = \(n), ddof = \(ddof))")
    }
  }
}
