/// Centring and scaling to unit variance per feature, as scikit-learn's StandardScaler (STATS-3).
///
/// Fit on [n, d] data: mean m_j and scale s_j = sqrt(var_j) with the population variance (ddof 0).
/// A feature whose variance is within the rounding error of the two-pass algorithm
/// (var_j <= n eps var_j + (n m_j eps)^2, scikit-learn's `_is_constant_feature`) is constant and
/// gets s_j = 1: it is centred, not scaled. Apply to [m, d] or a single sample [d].
public struct Standardizer: Equatable, Sendable {
  /// Per-feature means of the fitted data.
  public let mean: [Double]
  /// Per-feature population variances (ddof 0) of the fitted data.
  public let variance: [Double]
  /// Per-feature divisors: the standard deviation, or 1 for a constant feature.
  public let scale: [Double]

  /// The number of features d the scaler was fitted on.
  public var featureCount: Int { mean.count }

  /// Fits on `x` of shape [n, d], n >= 1, all finite (STATS-3).
  public init(fitting x: Tensor) throws(TensorError) {
    let operation = "Standardizer(fitting:)"
    try x.requireFittingRows(operation: operation)
    let n = Double(x.shape[0])
    mean = try x.mean(axis: 0).scalars
    variance = try x.variance(axis: 0, ddof: 0).scalars
    var scale = [Double]()
    for (m, v) in zip(mean, variance) {
      let isConstant = v <= n * Double.ulpOfOne * v + (n * m * Double.ulpOfOne) * (n * m * Double.ulpOfOne)
      scale.append(isConstant ? 1 : v.squareRoot())
    }
    if let j = scale.firstIndex(where: { !$0.isFinite }) {
      throw .invalidArgument(operation: operation, reason: "the variance of feature \(j) overflows")
    }
    self.scale = scale
  }

  /// (x_ij - m_j) / s_j for `x` of shape [m, d] or [d] (STATS-3).
  public func transform(_ x: Tensor) throws(TensorError) -> Tensor {
    try x.requireFeatureRows(featureCount, operation: "Standardizer.transform")
    return x.mapFeatures { value, j in (value - mean[j]) / scale[j] }
  }

  /// z_ij s_j + m_j: the inverse of ``transform(_:)`` up to rounding (STATS-3).
  public func inverseTransform(_ z: Tensor) throws(TensorError) -> Tensor {
    try z.requireFeatureRows(featureCount, operation: "Standardizer.inverseTransform")
    return z.mapFeatures { value, j in value * scale[j] + mean[j] }
  }
}
