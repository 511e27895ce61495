/// Scaling each feature to [0, 1] by its fitted minimum and range, as scikit-learn's
/// MinMaxScaler with feature_range (0, 1) (STATS-4).
///
/// Fit on [n, d] data: lo_j, hi_j and the range r_j = hi_j - lo_j, replaced by 1 when
/// r_j < 10 eps (scikit-learn's `_handle_zeros_in_scale`), so a constant feature maps to 0 and
/// new values of it are only shifted. Apply (y - lo) / r to [m, d] or a single sample [d]; values
/// outside the fitted range land outside [0, 1] (no clipping, scikit-learn's default).
public struct MinMaxScaler: Equatable, Sendable {
  /// Per-feature minima of the fitted data.
  public let minimum: [Double]
  /// Per-feature maxima of the fitted data.
  public let maximum: [Double]
  /// Per-feature divisors: hi - lo, or 1 for a (numerically) constant feature.
  public let range: [Double]

  /// The number of features d the scaler was fitted on.
  public var featureCount: Int { minimum.count }

  /// Fits on `x` of shape [n, d], n >= 1, all finite (STATS-4).
  public init(fitting x: Tensor) throws(TensorError) {
    let operation = "MinMaxScaler(fitting:)"
    try x.requireFittingRows(operation: operation)
    let (n, d) = (x.shape[0], x.shape[1])
    var lo = Array(x.scalars[0..<d]), hi = lo
    for i in 1..<n {
      for j in 0..<d {
        lo[j] = Swift.min(lo[j], x.scalars[i * d + j])
        hi[j] = Swift.max(hi[j], x.scalars[i * d + j])
      }
    }
    let range = zip(lo, hi).map { lo, hi in hi - lo < 10 * Double.ulpOfOne ? 1 : hi - lo }
    if let j = range.firstIndex(where: { !$0.isFinite }) {
      throw .invalidArgument(operation: operation, reason: "the range of feature \(j) overflows")
    }
    (minimum, maximum, self.range) = (lo, hi, range)
  }

  /// (y_ij - lo_j) / r_j for `y` of shape [m, d] or [d] (STATS-4).
  public func transform(_ y: Tensor) throws(TensorError) -> Tensor {
    try y.requireFeatureRows(featureCount, operation: "MinMaxScaler.transform")
    return y.mapFeatures { value, j in (value - minimum[j]) / range[j] }
  }

  /// z_ij r_j + lo_j: the inverse of ``transform(_:)`` up to rounding (STATS-4).
  public func inverseTransform(_ z: Tensor) throws(TensorError) -> Tensor {
    try z.requireFeatureRows(featureCount, operation: "MinMaxScaler.inverseTransform")
    return z.mapFeatures { value, j in value * range[j] + minimum[j] }
  }
}
