import Randomness
import Tensors

/// The share of queries whose true class is among the `r` most activated classes, r = 1, 2, ...
/// (NNKNN-23; seed 000 §5.2: "the true class label is among the top 2 activated classes 82.02% of
/// the time and within the top 3 89.96%"). Ranks as NNKNN-13 (ties to the lower class), so r = 1
/// is the accuracy. `classActivations` [m, C]; returns one share per r in 1...ranks.
public func topClassShares(classActivations: Tensor, labels: [Int], ranks: Int) throws(NNkNNError) -> [Double] {
  guard classActivations.shape.count == 2 else { throw .notMatrix(argument: "classActivations", shape: classActivations.shape) }
  let (m, classes) = (classActivations.shape[0], classActivations.shape[1])
  guard labels.count == m else { throw .labelCount(argument: "classActivations", rows: m, labels: labels.count) }
  guard ranks >= 1 else { throw .invalidHyperparameter(name: "ranks", value: Double(ranks), accepted: ">= 1") }
  var hits = [Int](repeating: 0, count: ranks)
  for row in 0..<m {
    let label = labels[row]
    guard label >= 0, label < classes else { throw .labelOutOfRange(label: label, classes: classes) }
    let scores = classActivations.scalars[(row * classes)..<((row + 1) * classes)]
    let truth = scores[scores.startIndex + label]
    // Position of the true class: classes scoring higher, or equal and lower-numbered, come first.
    var position = 0
    for (c, s) in scores.enumerated() where s > truth || (s == truth && c < label) { position += 1 }
    if position < ranks { for r in position..<ranks { hits[r] += 1 } }
  }
  return hits.map { Double($0) / Double(max(m, 1)) }
}
