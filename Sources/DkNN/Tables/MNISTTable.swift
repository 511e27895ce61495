import Evaluation
import Foundation

/// `dknn-mnist` (REPRO-50): softmax against DkNN on clean and FGSM test points, credibility of
/// right and wrong predictions, reliability diagrams.
enum DkNNMNISTTable {
  static let id = "dknn-mnist"

  static let table = ReproductionTable(
    id: id, paper: DkNNTables.papernot,
    summary: "Papernot's CNN on MNIST: softmax vs DkNN accuracy, clean and FGSM (eps 0.25), credibility, reliability diagrams"
  ) { context in try report(try DkNNMNISTRun(context), context: context) }

  /// The one public run of the reference script: DkNN accuracy on the clean test points, and on the
  /// FGSM points (printed as 0.32 to 0.33).
  static let publicCleanAccuracy = PaperValue(0.9872)
  static let publicAdversarialAccuracy = PaperValue(0.325)

  /// An accuracy as a summary of n Bernoulli outcomes: mean p, per-point std sqrt(p (1 - p)), so
  /// that the verdict's bound is twice the binomial standard error (EVAL-24).
  static func accuracy(_ right: Int, of n: Int) -> Summary {
    let p = n == 0 ? .nan : Double(right) / Double(n)
    return Summary(mean: p, std: (p * (1 - p)).squareRoot(), n: n)
  }

  static func mean(_ values: [Double]) -> Summary {
    values.isEmpty ? Summary(mean: .nan, std: 0, n: 0) : Summary(values)
  }

  static func report(_ run: DkNNMNISTRun, context: RunContext) throws -> TableReport {
    let c = run.configuration
    let labels = run.testLabels
    var rows: [ReportRow] = []
    var files: [(String, String)] = []
    var calibrationNotes: [String] = []
    for (data, softmax) in [("clean", run.softmaxClean), ("FGSM eps \(c.epsilon)", run.softmaxAdversarial)] {
      let right = zip(softmax, labels).filter { $0 == $1 }.count
      rows.append(ReportRow(key: [("data", data), ("classifier", "softmax"), ("calibration", "–")], metric: "accuracy",
                            ours: accuracy(right, of: labels.count), paper: nil))
    }
    for trimming in CalibrationTrimming.allCases {
      for (data, neighbors) in [("clean", run.cleanNeighbors), ("FGSM eps \(c.epsilon)", run.adversarialNeighbors)] {
        let (calibration, predictions) = try run.predictions(neighbors, trimming: trimming)
        let correct = zip(predictions, labels).map { $0.label == $1 }
        let key = [("data", data), ("classifier", "DkNN"), ("calibration", trimming.rawValue)]
        let paper = trimming == .trimZeros ? (data == "clean" ? publicCleanAccuracy : publicAdversarialAccuracy) : nil
        rows.append(
          ReportRow(key: key, metric: "accuracy", ours: accuracy(correct.filter { $0 }.count, of: labels.count), paper: paper))
        rows.append(ReportRow(key: key, metric: "mean credibility, correct predictions",
                              ours: mean(zip(predictions, correct).filter(\.1).map(\.0.credibility)), paper: nil))
        rows.append(ReportRow(key: key, metric: "mean credibility, wrong predictions",
                              ours: mean(zip(predictions, correct).filter { !$0.1 }.map(\.0.credibility)), paper: nil))
        rows.append(ReportRow(key: key, metric: "mean confidence", ours: mean(predictions.map(\.confidence)), paper: nil))
        let diagram = try ReliabilityDiagram(credibilities: predictions.map(\.credibility), correct: correct)
        if trimming == c.trimming {
          let slug = data == "clean" ? "clean" : "fgsm"
          files.append(("\(id)-reliability-\(slug).svg",
                        diagram.svg(title: "DkNN on MNIST, \(data) test points (\(labels.count)): accuracy per credibility bin")))
          for (b, accuracy) in diagram.accuracies.enumerated() {
            let bin = String(format: "[%.1f, %.1f%@", Double(b) / 10, Double(b + 1) / 10, b == 9 ? "]" : ")")
            rows.append(ReportRow(key: key + [("credibility bin", bin)], metric: "accuracy in bin (DKNN-31)",
                                  ours: Summary(mean: accuracy, std: 0, n: Swift.max(1, diagram.counts[b])), paper: nil))
            rows.append(ReportRow(key: key + [("credibility bin", bin)], metric: "predictions in bin",
                                  ours: .init(mean: Double(diagram.counts[b]), std: 0, n: 1), paper: nil, isCount: true))
          }
        }
        if data == "clean" {
          calibrationNotes.append(
            "Calibration \(trimming.rawValue): |A| = \(calibration.scores.count) of \(run.calibrationLabels.count) scores"
              + " (\(run.calibrationLabels.count - calibration.scores.count) zeros dropped), median score \(calibration.scores[calibration.scores.count / 2])."
          )
        }
      }
    }
    // Every row carries the same key columns; the bin rows add one, so pad the others.
    let padded = rows.map { row in
      row.key.count == 4 ? row : ReportRow(key: row.key + [("credibility bin", "–")], metric: row.metric, ours: row.ours,
                                           paper: row.paper, isCount: row.isCount)
    }
    return TableReport(id: id, title: "DkNN on MNIST (Papernot's CNN): accuracy and credibility, clean and FGSM",
                       paper: "Papernot & McDaniel 2018, the DkNN script (cleverhans) and its one public run",
                       scale: context.scale, seed: context.seed, rows: padded,
                       notes: notes(run) + calibrationNotes, files: files)
  }

  static func notes(_ run: DkNNMNISTRun) -> [String] {
    let c = run.configuration
    let total = Double(run.perturbation.moved + run.perturbation.clipped + run.perturbation.unchanged)
    var notes = [
      """
        Protocol (DKNN-8, REPRO-50): Papernot's MNIST CNN (NET-40, \(c.filters) filters) trained \(c.epochs) epochs, batch \
        \(c.batchSize), Adam lr \(c.learningRate) (PyTorch's update rule, NET-14; TensorFlow puts eps before the bias \
        correction, a negligible difference at 1e-8), cross-entropy, initialisation `\(c.initialization.rawValue)` (DKNN-9). \
        Data: \(run.source); pixels / 255 in [0, 1].
        """,
      """
        DkNN: layers \(c.layers.joined(separator: ", ")), k = \(c.k), search space `\(c.space.rawValue)` (DKNN-2), exact \
        Euclidean search (DKNN-3) where the reference uses FALCONN's LSH; training labels are the true labels; the first \
        \(c.calibrationCount) test images calibrate (DKNN-5), the other \(run.testLabels.count) are the test points. Prediction \
        ties go to the lowest class (DKNN-7).
        """,
      """
        The public run's values sit beside the `trimZeros` rows, the reference code's calibration (it drops zero scores, \
        DKNN-5); `keepZeros` is the paper's definition. Accuracies are summarised as n Bernoulli outcomes (std sqrt(p (1 - \
        p))), so the verdict's bound is twice the binomial standard error of both runs.
        """,
      String(
        format:
          """
            FGSM (DKNN-30): eps %.2f, labels = the model's own predictions (as the script calls cleverhans), pixels clipped to \
            [0, 1]; %.1f%% of the pixels moved by exactly eps, %.1f%% were clipped at a bound, %.1f%% stayed (zero gradient).
            """,
             c.epsilon, 100 * Double(run.perturbation.moved) / total, 100 * Double(run.perturbation.clipped) / total,
             100 * Double(run.perturbation.unchanged) / total),
      "Training loss per epoch: " + run.trainingLosses.map { String(format: "%.4f", $0) }.joined(separator: ", ") + ".",
      "Time per phase (\(run.threads) threads): "
        + run.phases.map { "\($0.0) " + String(format: "%.0f s", $0.1) }.joined(separator: ", ")
        + ". The machine is shared with other builds, so these times are upper bounds.",
      """
        Reliability diagrams (DKNN-31): `dknn-mnist-reliability-clean.svg` and `dknn-mnist-reliability-fgsm.svg` (calibration \
        `\(c.trimming.rawValue)`).
        """
    ]
    if let notice = run.fallbackNotice { notes.append("Data substitution (DATA-30): \(notice).") }
    if !c.requiresFullMNIST {
      notes.append(
        """
          At this scale the protocol runs on the shipped slice with \(c.calibrationCount) calibration points (the paper's \
          7.5%): p-values move in steps of 1/\(c.calibrationCount), accuracies are over fewer, easier-to-reach test points, and \
          the comparison with the public run is indicative only (paper scale: `--scale paper --data-dir` with full MNIST).
          """
      )
    }
    return notes
  }
}

/// The DkNN tables (REPRO-50 ...). Register with `DkNNTables.all` in Reproductions/Registry.swift.
public enum DkNNTables {
  public static var all: [ReproductionTable] {
    [DkNNMNISTTable.table, DkNNTextTable1.table, HighlightedWordsTable.table, SyntheticTextTable.table]
  }

  static let papernot = "Papernot & McDaniel 2018, Deep k-Nearest Neighbors"
  static let wallace = "Wallace, Feng & Boyd-Graber 2018, Interpreting Neural Networks with Nearest Neighbors"
}
