/// Classification metrics (EVAL-7). Labels are class indices in 0..<classes.
public struct ClassificationMetrics: Sendable, Equatable {
  /// confusion[t][p] = number of samples of true class t predicted as p.
  public let confusion: [[Int]]

  public init(truth: [Int], predicted: [Int], classes: Int) throws(EvaluationError) {
    guard truth.count == predicted.count else {
      throw .lengthMismatch(what: "predictions", expected: truth.count, got: predicted.count)
    }
    guard !truth.isEmpty else { throw .empty("truth") }
    var confusion = [[Int]](repeating: [Int](repeating: 0, count: classes), count: classes)
    for (t, p) in zip(truth, predicted) {
      for label in [t, p] where label < 0 || label >= classes { throw .labelOutOfRange(label: label, classes: classes) }
      confusion[t][p] += 1
    }
    self.confusion = confusion
  }

  public var classes: Int { confusion.count }
  public var total: Int { confusion.reduce(0) { $0 + $1.reduce(0, +) } }
  public var correct: Int { (0..<classes).reduce(0) { $0 + confusion[$1][$1] } }
  /// correct / total.
  public var accuracy: Double { Double(correct) / Double(total) }
  /// Samples of class c (row sum).
  public func support(_ c: Int) -> Int { confusion[c].reduce(0, +) }

  /// TP / (TP + FP); 0 when the class is never predicted (scikit-learn's zero_division=0).
  public func precision(_ c: Int) -> Double {
    let predicted = (0..<classes).reduce(0) { $0 + confusion[$1][c] }
    return predicted == 0 ? 0 : Double(confusion[c][c]) / Double(predicted)
  }

  /// TP / (TP + FN); 0 for a class with no samples.
  public func recall(_ c: Int) -> Double {
    let s = support(c)
    return s == 0 ? 0 : Double(confusion[c][c]) / Double(s)
  }

  /// 2 P R / (P + R); 0 when P + R = 0.
  public func f1(_ c: Int) -> Double {
    let (p, r) = (precision(c), recall(c))
    return p + r == 0 ? 0 : 2 * p * r / (p + r)
  }

  /// Unweighted mean over all classes (scikit-learn's average='macro' over the given labels).
  public func macro(_ metric: (Int) -> Double) -> Double {
    (0..<classes).reduce(0) { $0 + metric($1) } / Double(classes)
  }

  /// Mean over classes weighted by support (average='weighted').
  public func weighted(_ metric: (Int) -> Double) -> Double {
    (0..<classes).reduce(0) { $0 + metric($1) * Double(support($1)) } / Double(total)
  }
}

/// Top-k accuracy (EVAL-8): a sample counts when its true class is among the k highest scores,
/// scores ranked descending with ties broken by the lower class index (FOUND-4).
public func topKAccuracy(scores: [[Double]], truth: [Int], k: Int) throws(EvaluationError) -> Double {
  guard scores.count == truth.count else { throw .lengthMismatch(what: "scores", expected: truth.count, got: scores.count) }
  guard !truth.isEmpty else { throw .empty("truth") }
  var hits = 0
  for (row, t) in zip(scores, truth) {
    guard k >= 1, k <= row.count else { throw .invalidArgument("k = \(k) must be in 1...\(row.count)") }
    guard t >= 0, t < row.count else { throw .labelOutOfRange(label: t, classes: row.count) }
    // Rank of t = number of classes that beat it (higher score, or equal score and lower index).
    let beating = row.indices.filter { row[$0] > row[t] || (row[$0] == row[t] && $0 < t) }.count
    if beating < k { hits += 1 }
  }
  return Double(hits) / Double(truth.count)
}
