import Datasets
import Evaluation
import Randomness

/// `nnknn-table2`: seed 000 Table 2 — extended NN-kNN with w = 1 and w = 4 for each k, NN-kNN_O
/// (the better of shared and individual weights) and NNet, under the papers' test-set selection and
/// the honest validation selection (REPRO-11, setting NNKNN-14).
enum NNkNNTable2 {
  /// A row of the extended NN-kNN's part of the table: a data set and the k that sets B.
  struct ExtendedRow: Hashable, Sendable, CustomStringConvertible {
    let dataset: String
    let k: Int
    var description: String { "(\(dataset), k = \(k))" }
  }

  /// The extended NN-kNN's accuracy (mean, std over the folds) with one and with four global weightings.
  struct ExtendedAccuracies: Sendable {
    let oneWeighting: PaperValue
    let fourWeightings: PaperValue

    init(w1 mean1: Double, std1: Double, w4 mean4: Double, std4: Double) {
      oneWeighting = PaperValue(mean1, std: std1)
      fourWeightings = PaperValue(mean4, std: std4)
    }

    /// The column of `w` global weightings; nil for a w the paper does not print.
    func accuracy(weightings w: Int) -> PaperValue? { w == 1 ? oneWeighting : w == 4 ? fourWeightings : nil }
  }

  /// The baselines' accuracy per data set (the paper prints no spread for them).
  struct BaselineAccuracies: Sendable {
    /// NN-kNN_O, the better of shared and individual weights.
    let original: PaperValue
    /// NNet 4x64 leakyReLU.
    let network: PaperValue

    init(original: Double, network: Double) {
      self.original = PaperValue(original)
      self.network = PaperValue(network)
    }
  }

  static let paperExtended = PaperValues<ExtendedRow, ExtendedAccuracies>(table: "seed 000 Table 2", [
    ExtendedRow(dataset: "Iris", k: 5): ExtendedAccuracies(w1: 0.980, std1: 0.031, w4: 0.973, std4: 0.044),
    ExtendedRow(dataset: "Zebra (a)", k: 1): ExtendedAccuracies(w1: 0.945, std1: 0.164, w4: 0.964, std4: 0.073),
    ExtendedRow(dataset: "Zebra (a)", k: 5): ExtendedAccuracies(w1: 0.800, std1: 0.172, w4: 0.982, std4: 0.036),
    ExtendedRow(dataset: "Zebra (b)", k: 1): ExtendedAccuracies(w1: 0.764, std1: 0.057, w4: 0.923, std4: 0.041),
    ExtendedRow(dataset: "Zebra (b)", k: 5): ExtendedAccuracies(w1: 0.718, std1: 0.076, w4: 0.932, std4: 0.047),
    ExtendedRow(dataset: "Wine", k: 1): ExtendedAccuracies(w1: 0.922, std1: 0.075, w4: 0.972, std4: 0.038),
    ExtendedRow(dataset: "Wine", k: 5): ExtendedAccuracies(w1: 0.838, std1: 0.103, w4: 0.843, std4: 0.110),
    ExtendedRow(dataset: "Breast Cancer", k: 5): ExtendedAccuracies(w1: 0.986, std1: 0.019, w4: 0.984, std4: 0.018),
    ExtendedRow(dataset: "Balance", k: 5): ExtendedAccuracies(w1: 0.942, std1: 0.025, w4: 0.952, std4: 0.032),
    ExtendedRow(dataset: "Digits", k: 5): ExtendedAccuracies(w1: 0.983, std1: 0.008, w4: 0.986, std4: 0.010),
  ])

  static let paperBaselines = PaperValues<String, BaselineAccuracies>(table: "seed 000 Table 2", [
    "Iris": BaselineAccuracies(original: 0.966, network: 0.987),
    "Zebra (a)": BaselineAccuracies(original: 0.918, network: 0.782),
    "Zebra (b)": BaselineAccuracies(original: 0.968, network: 0.673),
    "Wine": BaselineAccuracies(original: 0.994, network: 0.836),
    "Breast Cancer": BaselineAccuracies(original: 0.959, network: 0.951),
    "Balance": BaselineAccuracies(original: 0.944, network: 0.994),
    "Digits": BaselineAccuracies(original: 0.988, network: 0.983),
  ])

  static let table = ReproductionTable(id: "nnknn-table2", paper: "seed 000 (NN-kNN, extended)", summary: """
    Table 2: NN-kNN (w = 1, 4; each k), NN-kNN_O and NNet, 10-fold CV, two selection policies
    """) { context in
    let scale = ExperimentScale.of(context.scale)
    // EVAL-51: per data set and policy, NN-kNN for each k and w, NN-kNN_O twice, NNet; per fold;
    // costliest first, the order the fold pool (FoldBatch) runs them in.
    let progress = context.progress("nnknn-table2", unitCosts: SmallDataSet.all.flatMap { set in
      let cost = FoldCost(set, scale)
      let runs = [Double](repeating: cost.caseModel, count: set.ks.count * scale.weightings.count + 2) + [cost.network]
      let perPolicy = runs.flatMap { [Double](repeating: $0, count: scale.foldsUsed) }
      return Array([[Double]](repeating: perPolicy, count: scale.policies.count).joined())
    }.sorted(by: >))
    // Every cross-validation's folds go into one pool first (FoldBatch: no core idles at the end
    // of each one); the rows are made from the scores once the pool has run.
    let batch = FoldBatch()
    var makeRows: [() -> ReportRow] = []
    let stream = SeedStream(seed: context.seed).child("nnknn-table2")
    for set in SmallDataSet.all {
      let runs = try SmallDataRuns(set, scale: scale, stream: stream, progress: progress)
      // NN-kNN_O and NNet: the paper copies their column from ICCBR Table 1, so they run on that
      // table's preprocessing (raw Breast Cancer, REPRO-80 1).
      let iccbrRuns = set.iccbrPreprocessing == set.preprocessing
        ? runs : SmallDataRuns(set, preprocessing: set.iccbrPreprocessing, runs: runs)
      let baselines = try paperBaselines(set.name)
      for (policyName, policy) in scale.policies {
        for k in set.ks {
          let extended = try paperExtended(ExtendedRow(dataset: set.name, k: k))
          for w in scale.weightings {
            let job = try runs.nnknn(w: w, k: k, policy: policy, in: batch)
            makeRows.append {
              ReportRow(key: [("dataset", set.name), ("model", "NN-kNN w=\(w)"), ("k", "\(k)"), ("protocol", policyName)],
                        metric: "accuracy", ours: Summary(batch.scores(job)), paper: extended.accuracy(weightings: w))
            }
          }
        }
        let shared = iccbrRuns.original(sharing: true, topK: nil, policy: policy, in: batch)
        let individual = iccbrRuns.original(sharing: false, topK: nil, policy: policy, in: batch)
        makeRows.append {
          let (shared, individual) = (batch.scores(shared), batch.scores(individual))
          let (label, best) = Summary(shared).mean >= Summary(individual).mean ? ("shared", shared) : ("individual", individual)
          return ReportRow(key: [("dataset", set.name), ("model", "NN-kNN_O (\(label) weights, better of two)"), ("k", "–"),
                                 ("protocol", policyName)],
                           metric: "accuracy", ours: Summary(best), paper: baselines.original)
        }
        let network = iccbrRuns.network(policy: policy, in: batch)
        makeRows.append {
          ReportRow(key: [("dataset", set.name), ("model", "NNet 4x64 leakyReLU"), ("k", "–"), ("protocol", policyName)],
                    metric: "accuracy", ours: Summary(batch.scores(network)), paper: baselines.network)
        }
      }
    }
    try batch.run()
    let rows = makeRows.map { $0() }
    return TableReport(id: "nnknn-table2", title: "NN-kNN, NN-kNN_O and NNet on seven small data sets",
                       paper: "seed 000 Table 2", scale: context.scale, seed: context.seed, rows: rows,
                       notes: notes(scale) + [protocolGap(rows)])
  }

  static func notes(_ scale: ExperimentScale) -> [String] {
    [
                         """
                           Protocol: \(scale.description); Adam lr 1e-2 for every NN-kNN group (the paper's \
                           small-data setting), batch 32; NN-kNN_O Adam lr 0.01, batch 100; NNet Adam lr 1e-3, batch 32.
                           """,
                         """
                           Variant: the authors' code (glocal `code`, weighted Euclidean distance, plain case \
                           weights, no self-exclusion); B from the whole data set; Digits and Breast Cancer min-max \
                           scaled over the whole data set, the others raw (Spec/Reproductions.md).
                           """,
                         """
                           test-set selection scores the test fold every epoch and keeps the best (the papers' \
                           protocol, optimistic); validation selection holds out 10% of the training fold to pick \
                           the epoch and scores the test fold once.
                           """,
                         "The paper gives no spread for NN-kNN_O and NNet: their verdicts use our own spread (EVAL-24).",
                         """
                           NN-kNN_O and NNet run on ICCBR Table 1's preprocessing, since the paper copies their \
                           column from that table: raw Breast Cancer (nnknn-outside-experiments, REPRO-80 1), \
                           Digits min-max. On raw Zebra and Wine NN-kNN_O needs many epochs to leave chance (see \
                           nnknn-o-table1), so short scales understate it.
                           """,
    ]
  }

  /// The note that tests the validation rows' stated reason (REPRO-80): the paper selected epochs
  /// on the test fold, so a validation-selection row that is outside while its test-set-selection
  /// twin (same data set, model, k) is within is explained by the protocol, not by the model.
  static func protocolGap(_ rows: [ReportRow]) -> String {
    func value(_ row: ReportRow, _ name: String) -> String { row.key.first { $0.0 == name }?.1 ?? "" }
    // The model's name without its parenthesis: NN-kNN_O's row names the weights that won, which
    // may differ between the two policies.
    func model(_ row: ReportRow) -> String { String(value(row, "model").prefix { $0 != "(" }) }
    func twinKey(_ row: ReportRow) -> [String] { [value(row, "dataset"), model(row), value(row, "k")] }
    let paperPolicy = ExperimentScale.testSet.0
    let twins = Dictionary(rows.filter { value($0, "protocol") == paperPolicy }.map { (twinKey($0), $0.verdict) },
                           uniquingKeysWith: { first, _ in first })
    let outside = rows.filter { value($0, "protocol") != paperPolicy && $0.verdict == .outside }
    let explained = outside.filter { twins[twinKey($0)] == .within }
    let unexplained = outside.filter { twins[twinKey($0)] != .within }.map {
      "\(value($0, "dataset")) \(model($0).trimmingSuffix())" + (value($0, "k") == "–" ? "" : " k = \(value($0, "k"))")
    }
    let rest = unexplained.isEmpty ? "." : "; the others' test-set rows are outside too: \(unexplained.joined(separator: ", "))."
    return """
      Validation selection against the paper's test-set selection: \(outside.count) validation rows are outside; for \
      \(explained.count) of them the same model under the paper's test-set selection is within, so the gap is the \
      protocol's optimism, not the model\(rest)
      """
  }
}

extension String {
  /// The string without trailing spaces.
  fileprivate func trimmingSuffix() -> String {
    var s = self
    while s.last == " " { s.removeLast() }
    return s
  }
}

/// Every NN-kNN table, for the `reproduce` registry.
public enum NNkNNTables {
  public static var all: [ReproductionTable] {
    [NNkNNTable1.table, NNkNNTable2.table, NNkNNOriginalTable1.table, NNkNNZebraFigure.table, NNkNNOutsideExperiments.table,
     NNkNNTable2Experiments.table, NNkNNTable3MNIST.table, NNkNNTable3.table, NNkNNFigure3.table, NNkNNTable4.table,
     NNkNNTable5.table]
  }
}
