import Datasets
import Evaluation
import Randomness

/// `nnknn-table2-experiments` (REPRO-81): the experiments behind nnknn-table2's outside rows under
/// the paper's own protocol (test-set selection) that nnknn-outside-experiments leaves open. In all
/// three ours is the higher, so each experiment tries a setting that could have made the authors'
/// runs worse:
///
/// - batch 100, the authors' code's other batch size (the table uses 32);
/// - the paper's formulation read literally (glocal `paper`, absolute differences), not the code's;
/// - the later code's self-exclusion (a training query does not activate itself);
/// - other run seeds (the shuffles and initial weights), on the two Zebra rows: is the paper's
///   0.800 +- 0.172 on Zebra (a) a seed that makes some folds fail?
///
/// A second part runs every NN-kNN row of nnknn-table2 at batch 32 and at batch 100 (test-set
/// selection), since batch 100 brings all three rows within. Everything else is nnknn-table2's
/// setting (NNKNN-14).
enum NNkNNTable2Experiments {
  static let id = "nnknn-table2-experiments"
  /// nnknn-table2's test-set-selection rows that were outside at paper scale: (data set, w, k).
  static let outsideRows: [(String, Int, Int)] = [("Zebra (a)", 1, 5), ("Zebra (b)", 4, 1), ("Digits", 1, 5)]
  /// The run seeds tried on the Zebra rows besides the table's own (the run seed).
  static let otherSeeds: [UInt64] = [1, 2, 3, 4, 5]
  /// A fold "fails" below this accuracy (chance is 0.5 on the Zebra sets), as REPRO-80 4.
  static let failedFold = NNkNNOutsideExperiments.failedFold

  static let table = ReproductionTable(id: id, paper: "seed 000 (NN-kNN, extended)", summary: """
    the experiments behind nnknn-table2's outside rows under test-set selection: batch 100, the paper's \
    formulation, self-exclusion, other seeds (beyond the paper)
    """) { context in
    let scale = ExperimentScale.of(context.scale)
    let progress = context.progress(id, unitCosts: unitCosts(scale))
    let policy = ExperimentScale.testSet.1
    var rows: [ReportRow] = []
    // Runs shared by both parts (the same seed stream and setting give the same accuracies).
    var memo: [String: [Double]] = [:]
    func table2Run(_ runs: SmallDataRuns, w: Int, k: Int, batch: Int) throws -> [Double] {
      let key = "\(runs.set.name) w=\(w) k=\(k) batch=\(batch)"
      if let done = memo[key] { return done }
      let accuracies = try runs.nnknn(w: w, k: k, policy: policy, settings: .paperSmallData(batchSize: batch))
      memo[key] = accuracies
      return accuracies
    }
    let table2Stream = SeedStream(seed: context.seed).child("nnknn-table2")
    for (name, w, k) in outsideRows {
      guard let set = SmallDataSet.all.first(where: { $0.name == name }) else {
        throw ReportError.failed(table: id, reason: "no small data set \(name)")
      }
      let paper = try NNkNNTable2.paperExtended(.init(dataset: name, k: k)).accuracy(weightings: w)
      func add(_ variant: String, _ accuracies: [Double]) {
        let key = [("dataset", name), ("model", "NN-kNN w=\(w) k=\(k)"), ("variant", variant)]
        rows.append(ReportRow(key: key, metric: "accuracy", ours: Summary(accuracies), paper: paper))
        if name.hasPrefix("Zebra") {
          rows.append(ReportRow(key: key, metric: "folds below \(failedFold)",
                                ours: Summary([Double(accuracies.count(where: { $0 < failedFold }))]), paper: nil,
                                isCount: true))
        }
      }
      // The same seed stream as nnknn-table2, so the first row repeats that table's row.
      let runs = try SmallDataRuns(set, scale: scale, stream: table2Stream, progress: progress)
      add("nnknn-table2's setting (batch 32, the code's formulation)",
          try table2Run(runs, w: w, k: k, batch: SmallDataRuns.batchSize))
      add("batch 100", try table2Run(runs, w: w, k: k, batch: 100))
      add("the paper's formulation (glocal paper, absolute differences)", try runs.nnknn(w: w, k: k, policy: policy) {
        $0 = .paper(weightings: w, k: k)
      })
      add("self-exclusion (the later code)", try runs.nnknn(w: w, k: k, policy: policy) { $0.excludeIdenticalCases = true })
      if name.hasPrefix("Zebra") {
        for seed in otherSeeds {
          let reseeded = try SmallDataRuns(set, scale: scale, stream: SeedStream(seed: seed).child("nnknn-table2"),
                                           progress: progress)
          add("run seed \(seed)", try reseeded.nnknn(w: w, k: k, policy: policy))
        }
      }
    }
    // Part 2: batch 32 against batch 100 on every NN-kNN row of nnknn-table2 (test-set selection).
    var within = [SmallDataRuns.batchSize: 0, 100: 0]
    var total = 0
    for set in SmallDataSet.all {
      let runs = try SmallDataRuns(set, scale: scale, stream: table2Stream, progress: progress)
      for k in set.ks {
        let paperRow = try NNkNNTable2.paperExtended(.init(dataset: set.name, k: k))
        for w in scale.weightings {
          total += 1
          for batch in [SmallDataRuns.batchSize, 100] {
            let row = ReportRow(key: [("dataset", set.name), ("model", "NN-kNN w=\(w) k=\(k)"),
                                      ("variant", "every row: batch \(batch)")],
                                metric: "accuracy", ours: Summary(try table2Run(runs, w: w, k: k, batch: batch)),
                                paper: paperRow.accuracy(weightings: w))
            if row.verdict == .within { within[batch, default: 0] += 1 }
            rows.append(row)
          }
        }
      }
    }
    return TableReport(id: id, title: "Experiments behind nnknn-table2's outside rows", paper: "beyond the paper",
                       scale: context.scale, seed: context.seed, rows: rows, notes: [
                         """
                           Protocol: \(scale.description), test-set selection (the paper's), as nnknn-table2; each \
                           row changes one setting of that table's row and stands beside the paper's value for it.
                           """,
                         """
                           Rows: nnknn-table2's test-set-selection rows that were outside at paper scale and that \
                           nnknn-outside-experiments does not explain (the Breast Cancer NN-kNN_O and NNet rows \
                           now run on raw features, REPRO-80 1; the validation rows are explained by the protocol, \
                           see nnknn-table2's notes).
                           """,
                         """
                           Variants: batch 100 (the authors' code uses 32 or 100); the paper's formulation \
                           (NNKNN-2, NNKNN-3: glocal `paper`, absolute differences); self-exclusion (cases at \
                           distance < 1e-8 from the query masked, the later code); run seeds \
                           \(otherSeeds.map(String.init).joined(separator: ", ")) on the Zebra rows (the folds \
                           stay KFold(10, shuffle, 42)). On the Zebra rows, folds below \(failedFold) count as \
                           failed (chance is 0.5).
                           """,
                         """
                           Every row (second part): all \(total) NN-kNN rows of nnknn-table2 under test-set \
                           selection at batch \(SmallDataRuns.batchSize) (that table's setting) and at batch 100: \
                           \(within[SmallDataRuns.batchSize, default: 0]) and \(within[100, default: 0]) of \(total) \
                           within the paper.
                           """,
                       ])
  }

  /// The cost of every fold run in the order the table runs them (EVAL-51); the second part's
  /// runs that the first part already made are not repeated.
  static func unitCosts(_ scale: ExperimentScale) -> [Double] {
    let targeted = outsideRows.flatMap { row -> [Double] in
      let set = SmallDataSet.all.first { $0.name == row.0 } ?? SmallDataSet.all[0]
      let runs = 4 + (row.0.hasPrefix("Zebra") ? otherSeeds.count : 0)
      return [Double](repeating: FoldCost(set, scale).caseModel, count: runs * scale.foldsUsed)
    }
    let everyRow = SmallDataSet.all.flatMap { set -> [Double] in
      let runs = set.ks.flatMap { k in
        scale.weightings.map { w in outsideRows.contains { $0 == (set.name, w, k) } ? 0 : 2 }
      }.reduce(0, +)
      return [Double](repeating: FoldCost(set, scale).caseModel, count: runs * scale.foldsUsed)
    }
    return targeted + everyRow
  }
}
