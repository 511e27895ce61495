/// Papernot & McDaniel's DkNN output for one input (DKNN-7): the p-value of every class, the
/// prediction argmax_j p_j (ties: the lowest class), its credibility max_j p_j and its confidence
/// 1 - (the second largest p-value), the second largest being the second entry of the p-values
/// sorted in descending order (so equal to the largest when two classes tie).
public struct CalibratedPrediction: Sendable, Equatable {
  public let pValues: [Double]
  public let label: Int
  public let credibility: Double
  public let confidence: Double

  /// From p-values of at least two classes.
  public init(pValues: [Double]) throws(DkNNError) {
    guard pValues.count >= 2 else { throw .invalidArgument("\(pValues.count) p-values: confidence needs at least two classes") }
    var label = 0
    for (j, p) in pValues.enumerated() where p > pValues[label] { label = j }
    let second = pValues.sorted(by: >)[1]
    self.pValues = pValues
    self.label = label
    self.credibility = pValues[label]
    self.confidence = 1 - second
  }

  /// The predictions of every query of `neighbors` (DKNN-4 ... DKNN-7): nonconformity of each class
  /// from the neighbours' training labels, p-values from the calibration.
  public static func predictions(_ neighbors: LayerNeighbors, trainingLabels: [Int], classes: Int,
                                 calibration: DkNNCalibration) throws(DkNNError) -> [CalibratedPrediction] {
    try DkNNCheck.classes(classes, minimum: 2)
    var result: [CalibratedPrediction] = []
    result.reserveCapacity(neighbors.queryCount)
    for q in 0..<neighbors.queryCount {
      let counts = NeighborLabelCounts(neighbors, query: q, labels: trainingLabels, classes: classes)
      result.append(try CalibratedPrediction(pValues: counts.nonconformities.map(calibration.pValue)))
    }
    return result
  }
}
