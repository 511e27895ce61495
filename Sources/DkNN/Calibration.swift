/// What happens to calibration scores equal to 0 (DKNN-5).
public enum CalibrationTrimming: String, Sendable, CaseIterable {
  /// Every score is kept (the paper's definition, and the default).
  case keepZeros
  /// The reference code's `np.trim_zeros(sorted scores, trim='f')`: every score equal to 0 is
  /// dropped and |A| shrinks accordingly, which lowers every p-value of a query whose
  /// nonconformity is positive.
  case trimZeros
}

/// The calibration of Papernot & McDaniel's DkNN (DKNN-5, DKNN-6): the nonconformity scores
/// A = { alpha(x_c, y_c) } of held-out points with their true labels, sorted ascending, and the
/// p-value of a nonconformity a: p(a) = |{ s in A : s >= a }| / |A|.
public struct DkNNCalibration: Sendable, Equatable {
  /// The scores kept, ascending.
  public let scores: [Int]
  public let trimming: CalibrationTrimming

  /// Sorts `scores` and applies `trimming`. Errors: no score, or none left after trimming (the
  /// reference code would divide by zero there).
  public init(scores: [Int], trimming: CalibrationTrimming = .keepZeros) throws(DkNNError) {
    guard !scores.isEmpty else { throw .emptyCalibration("no calibration points") }
    if let negative = scores.first(where: { $0 < 0 }) { throw .emptyCalibration("nonconformity \(negative) is negative") }
    var sorted = scores.sorted()
    if trimming == .trimZeros { sorted.removeAll { $0 == 0 } }
    guard !sorted.isEmpty else {
      throw .emptyCalibration("all \(scores.count) calibration scores are 0 and trimZeros removed them all")
    }
    self.scores = sorted
    self.trimming = trimming
  }

  /// The scores of calibration points from their neighbours and true labels (DKNN-5).
  public init(neighbors: LayerNeighbors, calibrationLabels: [Int], trainingLabels: [Int], classes: Int,
              trimming: CalibrationTrimming = .keepZeros) throws(DkNNError) {
    try DkNNCheck.labels(calibrationLabels, count: neighbors.queryCount, classes: classes, argument: "calibration labels")
    let scores = calibrationLabels.enumerated().map { q, label in
      NeighborLabelCounts(neighbors, query: q, labels: trainingLabels, classes: classes).nonconformity(label)
    }
    try self.init(scores: scores, trimming: trimming)
  }

  /// p(a) = |{ s in A : s >= a }| / |A| (DKNN-6), by binary search for the first score >= a (the
  /// reference's `bisect_left`).
  public func pValue(_ nonconformity: Int) -> Double {
    var (low, high) = (0, scores.count)
    while low < high {
      let middle = (low + high) / 2
      if scores[middle] < nonconformity { low = middle + 1 } else { high = middle }
    }
    return Double(scores.count - low) / Double(scores.count)
  }
}
