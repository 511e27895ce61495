import Foundation
import Randomness
import Testing
@testable import Evaluation

@Suite("Selection policies and metrics")
struct SelectionAndMetricsTests {
  /// A fake model whose score on any indices follows a scripted curve by epoch; it records which
  /// indices it was trained and scored on.
  struct Scripted { var epoch = 0 }
  static let curve: [Double] = [0.5, 0.7, 0.6, 0.75, 0.7, 0.9, 0.8, 0.8, 0.8, 0.8, 0.95]
  static let tiedCurve: [Double] = [0.5, 0.7, 0.6, 0.7]

  @Test("""
    [EVAL-5] test-set selection reports the best test score; [EVAL-6] patience stops after that \
    many epochs without strict improvement
    """)
  func testSetSelection() throws {
    let outcome = try runSelection(policy: .testSetSelection, schedule: PatienceSchedule(maxEpochs: 100, patience: 3),
                                   train: Array(0..<8), test: [8, 9], stream: SeedStream(seed: 1),
                                   prepare: { _ in Scripted() }, trainEpoch: { m, _, _ in m.epoch += 1 },
                                   score: { m, _ in Self.curve[m.epoch - 1] })
    // Best 0.9 at epoch 6; epochs 7, 8, 9 do not improve -> stop after 9; the 0.95 at 11 is never seen.
    #expect(outcome == SelectionOutcome(testScore: 0.9, selectionScore: 0.9, selectedEpoch: 6, epochsRun: 9))
  }

  @Test("[EVAL-5] validation selection picks the epoch on held-out training data and scores the test fold once with that model")
  func validationSelection() throws {
    let train = Array(0..<20), test = [20, 21, 22]
    var trainedOn: Set<Int> = []
    var scoredOn: [[Int]] = []
    let outcome = try runSelection(policy: .validationSelection(validationFraction: 0.2),
                                   schedule: PatienceSchedule(maxEpochs: 4, patience: 10),
                                   train: train, test: test, stream: SeedStream(seed: 5),
                                   prepare: { _ in Scripted() },
                                       trainEpoch: { m, indices, _ in m.epoch += 1; trainedOn.formUnion(indices) },
      score: { m, indices in
        scoredOn.append(indices); return indices == test ? -Double(m.epoch) : Self.tiedCurve[m.epoch - 1]
      })
    #expect(trainedOn.count == 16 && trainedOn.isDisjoint(with: test))
    let validation = scoredOn[0]
    #expect(validation.count == 4 && Set(validation).isDisjoint(with: trainedOn) && Set(validation).isSubset(of: Set(train)))
    #expect(scoredOn.filter { $0 == test }.count == 1)
    // Validation curve 0.5, 0.7, 0.6, 0.7: epoch 2 selected (ties keep the earlier); test scored with the epoch-2 model.
    #expect(outcome == SelectionOutcome(testScore: -2, selectionScore: 0.7, selectedEpoch: 2, epochsRun: 4))
  }

  @Test("[EVAL-7] confusion matrix, precision, recall, F1, macro and weighted averages against hand-computed values")
  func metrics() throws {
    let m = try ClassificationMetrics(truth: [0, 0, 0, 1, 1, 2], predicted: [0, 0, 1, 1, 2, 2], classes: 4)
    #expect(m.confusion == [[2, 1, 0, 0], [0, 1, 1, 0], [0, 0, 1, 0], [0, 0, 0, 0]])
    #expect(m.accuracy == 4.0 / 6)
    #expect(m.precision(0) == 1 && m.precision(1) == 0.5 && m.precision(2) == 0.5 && m.precision(3) == 0)
    #expect(m.recall(0) == 2.0 / 3 && m.recall(1) == 0.5 && m.recall(2) == 1)
    #expect(abs(m.f1(0) - 0.8) < 1e-15 && m.f1(3) == 0)
    #expect(abs(m.macro(m.recall) - (2.0 / 3 + 0.5 + 1 + 0) / 4) < 1e-15)
    #expect(abs(m.weighted(m.recall) - m.accuracy) < 1e-15)  // weighted recall is accuracy
    #expect(throws: EvaluationError.labelOutOfRange(label: 4, classes: 4)) {
      _ = try ClassificationMetrics(truth: [4], predicted: [0], classes: 4)
    }
    #expect(throws: EvaluationError.lengthMismatch(what: "predictions", expected: 2, got: 1)) {
      _ = try ClassificationMetrics(truth: [0, 1], predicted: [0], classes: 2)
    }
  }

  @Test("[EVAL-8] top-k accuracy ranks ties by the lower class index")
  func topK() throws {
    let scores: [[Double]] = [[0.1, 0.5, 0.5], [0.3, 0.3, 0.4], [1, 0, 0]]
    #expect(try topKAccuracy(scores: scores, truth: [2, 1, 0], k: 1) == 1.0 / 3)  // class 2 loses the tie to 1
    #expect(try topKAccuracy(scores: scores, truth: [2, 1, 0], k: 2) == 2.0 / 3)
    #expect(try topKAccuracy(scores: scores, truth: [2, 1, 0], k: 3) == 1)
    #expect(throws: EvaluationError.self) { _ = try topKAccuracy(scores: scores, truth: [0, 0, 0], k: 4) }
  }
}
