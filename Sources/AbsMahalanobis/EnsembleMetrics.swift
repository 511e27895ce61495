import Evaluation
import Foundation

/// The metrics of Table 5 over the models of one condition (ABS-25, ABS-26), from each model's
/// test logits (the negated output activations) and the labels.
///
/// With m models, predictions pred_k(i) = argmax of model k's logits at test point i (lowest
/// class on ties, FOUND-4) and E[i] = #{k : pred_k(i) != y_i}:
/// - accuracy of each model; the table reports their mean, minimum and maximum;
/// - precision, recall, F1: macro averages over the classes per model (scikit-learn's
///   average='macro', zero_division 0; EVAL-7), then the mean over models;
/// - test error: each model's mean per-sample cross-entropy (FOUND-29), then the mean;
/// - average error count sum_i E[i] / m; unique errors #{E > 0}; consistent errors #{E = m};
///   voting errors #{E >= m / 2} (the author's `total_errors >= num_models / 2`; 5 of 10);
/// - L2 errors (ABS-26): S_c(i) = sum_k logits_k(i, c)^2 (= the squared output activations);
///   the ensemble predicts argmin_c S_c(i) (lowest class on ties); the count of wrong predictions.
public struct EnsembleMetrics: Sendable, Equatable {
  public var accuracies: [Double]
  public var precisions: [Double]
  public var recalls: [Double]
  public var f1Scores: [Double]
  public var testErrors: [Double]
  /// Errors of each model (n - correct).
  public var errorCounts: [Int]
  /// E[i] for every test point.
  public var errorsPerPoint: [Int]
  public var uniqueErrors: Int
  public var consistentErrors: Int
  public var votingErrors: Int
  public var l2Errors: Int

  /// Computes every metric. `logits[k]` is model k's row-major [n, classes] logits.
  public init(logits: [[Double]], labels: [Int], classes: Int) throws(AbsMahalanobisError) {
    let n = labels.count, m = logits.count
    guard m >= 1, n >= 1, classes >= 2 else { throw .data("need at least one model, one test point and two classes") }
    for (k, l) in logits.enumerated() where l.count != n * classes {
      throw .dimensionMismatch(what: "logits of model \(k) (points * classes)", expected: n * classes, got: l.count)
    }
    for (i, y) in labels.enumerated() where y < 0 || y >= classes {
      throw .data("label \(y) of point \(i) outside 0..<\(classes)")
    }
    for (k, l) in logits.enumerated() { try requireFinite(l, "logits of model \(k)") }
    var perPoint = [Int](repeating: 0, count: n)
    var squares = [Double](repeating: 0, count: n * classes)
    accuracies = []; precisions = []; recalls = []; f1Scores = []; testErrors = []; errorCounts = []
    for l in logits {
      let predicted = TwoLayerNetwork.predictions(l, classes: classes)
      let metrics: ClassificationMetrics
      do { metrics = try ClassificationMetrics(truth: labels, predicted: predicted, classes: classes) } catch {
        throw .data("\(error)")
      }
      accuracies.append(metrics.accuracy)
      precisions.append(metrics.macro(metrics.precision))
      recalls.append(metrics.macro(metrics.recall))
      f1Scores.append(metrics.macro(metrics.f1))
      testErrors.append(TwoLayerNetwork.sampleCrossEntropies(l, labels: labels, classes: classes).reduce(0, +) / Double(n))
      errorCounts.append(n - metrics.correct)
      for i in 0..<n where predicted[i] != labels[i] { perPoint[i] += 1 }
      for j in 0..<squares.count { squares[j] += l[j] * l[j] }
    }
    errorsPerPoint = perPoint
    uniqueErrors = perPoint.filter { $0 > 0 }.count
    consistentErrors = perPoint.filter { $0 == m }.count
    votingErrors = perPoint.filter { 2 * $0 >= m }.count
    var l2 = 0
    for i in 0..<n {
      var best = 0
      for c in 1..<classes where squares[i * classes + c] < squares[i * classes + best] { best = c }
      if best != labels[i] { l2 += 1 }
    }
    l2Errors = l2
  }

  /// sum_i E[i] / m.
  public var averageErrorCount: Double { Double(errorsPerPoint.reduce(0, +)) / Double(accuracies.count) }
}
