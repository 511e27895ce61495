/// Input checks and the per-feature map shared by ``Standardizer`` and ``MinMaxScaler``
/// (STATS-3, STATS-4): data are [n, d] matrices with one sample per row, or a single sample [d].
extension Tensor {
  /// Checks data to be scaled by a scaler fitted on `features` columns: a sample [d] or samples
  /// [m, d], all finite (STATS-3, STATS-4).
  func requireFeatureRows(_ features: Int, operation: String) throws(TensorError) {
    guard rank == 1 || rank == 2 else { throw .rank(operation: operation, expected: "1 or 2", shape: shape) }
    guard shape[rank - 1] == features else { throw .shapeMismatch(operation: operation, [features], shape) }
    try requireFinite(operation)
  }

  /// Checks data to fit a scaler on: [n, d] with n >= 1, all finite (STATS-3, STATS-4).
  func requireFittingRows(operation: String) throws(TensorError) {
    guard rank == 2 else { throw .rank(operation: operation, expected: "2", shape: shape) }
    guard shape[0] > 0 else { throw .empty(operation: operation, shape: shape) }
    try requireFinite(operation)
  }

  /// Applies `f(value, feature)` to every element of a [d] or [m, d] tensor.
  func mapFeatures(_ f: (Double, Int) -> Double) -> Tensor {
    let d = shape[rank - 1]
    var out = scalars
    for index in 0..<out.count { out[index] = f(out[index], index % d) }
    return Tensor(uncheckedShape: shape, scalars: out)
  }
}
