import Tensors

/// An explanation of one query's prediction (NNKNN-13): the most activated cases and the class
/// activations, ranked.
public struct NNkNNExplanation: Sendable, Equatable {
  public struct ActivatedCase: Sendable, Equatable {
    /// Index of the case in the case base, its label, activation and distance to the query.
    public let index: Int, label: Int
    public let activation: Double, distance: Double
  }
  public let predicted: Int
  /// Cases by activation, descending (ties to the lower case index).
  public let topCases: [ActivatedCase]
  /// (class, activation) by activation, descending (ties to the lower class).
  public let classRanking: [(Int, Double)]
  /// Whether the most activated case's label is the predicted class.
  public var topCaseAgrees: Bool { topCases.first?.label == predicted }

  public static func == (a: Self, b: Self) -> Bool {
    a.predicted == b.predicted && a.topCases == b.topCases && a.classRanking.elementsEqual(b.classRanking) { $0 == $1 }
  }
}

extension NNkNNPass {
  /// The explanation of query `row` of this pass, with the `top` most activated cases.
  public func explanation(row: Int, caseLabels: [Int], top: Int = 4) throws(NNkNNError) -> NNkNNExplanation {
    let (m, s) = (activations.value.shape[0], activations.value.shape[1])
    guard row >= 0, row < m else { throw .rowOutOfRange(row: row, rows: m) }
    let act = Array(activations.value.scalars[(row * s)..<((row + 1) * s)])
    let dist = Array(distances.value.scalars[(row * s)..<((row + 1) * s)])
    let order = act.indices.sorted { act[$0] != act[$1] ? act[$0] > act[$1] : caseIndices[$0] < caseIndices[$1] }
    let cases = order.prefix(max(0, top)).map { j in
      NNkNNExplanation.ActivatedCase(index: caseIndices[j], label: caseLabels[caseIndices[j]], activation: act[j],
                                     distance: dist[j])
    }
    let classCount = classActivations.value.shape[1]
    let scores = Array(classActivations.value.scalars[(row * classCount)..<((row + 1) * classCount)])
    let ranking = scores.indices.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }.map { ($0, scores[$0]) }
    return NNkNNExplanation(predicted: ranking[0].0, topCases: cases, classRanking: ranking)
  }
}

extension NNkNNModel {
  /// The learned global weightings after leakyReLU, [w, d]: row i says how much weighting i counts
  /// each feature (on Zebra (b) with w >= 2 one row comes to ignore x and another y) (NNKNN-13).
  public func effectiveGlobalWeightings() throws -> Tensor {
    let slope = configuration.leakySlope
    return try parameters.value("GW").map { $0 > 0 ? $0 : slope * $0 }
  }
}
