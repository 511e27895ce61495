import Datasets
import Evaluation
import Neighbors
import Randomness
import Tensors

/// `nnknn-outside-experiments` (REPRO-80): one experiment per reason the small-data tables give for
/// an `outside` row, each row beside the paper value it tries to reach. A reason stays a conjecture
/// until a row here reaches (or fails to reach) the paper's number under the changed setting:
///
/// 1. Breast Cancer's preprocessing in the ICCBR table: raw features instead of the whole-data
///    min-max of the authors' later code (scikit-learn's kNN gives 0.937 raw, 0.968 scaled; paper 0.933).
/// 2. NN-kNN_O's top-k layer: k swept on Balance and Breast Cancer, where every top-k row is outside.
/// 3. NCA on Zebra (a): more steps, a larger learning rate, min-max scaling (paper 0.981, ours 0.80).
/// 4. The code's Zebra learning rate 5e-2 against the paper's 1e-2 (the notes' "Zebra cell"): does
///    the paper's 0.800 +- 0.172 for w = 1, k = 5 come from folds that fail to train?
/// 5. NNet width: 32, 128 and 256 units per hidden layer against the paper's 64 on the Zebra sets.
///
/// Everything else is nnknn-o-table1's / nnknn-table2's setting (NNKNN-14, test-set selection).
enum NNkNNOutsideExperiments {
  static let id = "nnknn-outside-experiments"
  /// The top-k values swept (5, the paper's, is nnknn-o-table1's row).
  static let topKs = [1, 3, 10, 20]
  /// Hidden widths tried for the NNet baseline (64 is the paper's).
  static let widths = [32, 128, 256]
  /// NCA settings tried on Zebra (a): (steps, learning rate).
  static let ncaSettings: [(Int, Double)] = [(200, 0.1), (1000, 0.01), (1000, 0.1)]
  /// A fold "fails" below this accuracy (chance is 0.5 on the Zebra sets).
  static let failedFold = 0.6

  static let table = ReproductionTable(id: id, paper: "seed 000 and ICCBR 2024 (NN-kNN)", summary: """
    the experiments behind the small-data tables' outside rows: Breast Cancer raw, top-k sweep, NCA on Zebra, \
    the Zebra learning rate, NNet width (beyond the papers)
    """) { context in
    let scale = ExperimentScale.of(context.scale)
    let progress = context.progress(id, unitCosts: unitCosts(scale))
    let stream = SeedStream(seed: context.seed).child(id)
    let policy = ExperimentScale.testSet.1
    let sets = Dictionary(uniqueKeysWithValues: SmallDataSet.all.map { ($0.name, $0) })
    func runs(_ name: String) throws -> SmallDataRuns {
      guard let set = sets[name] else { throw ReportError.failed(table: id, reason: "no small data set \(name)") }
      return try SmallDataRuns(set, scale: scale, stream: stream, progress: progress)
    }
    var rows: [ReportRow] = []
    func add(_ experiment: String, _ dataset: String, _ variant: String, _ values: [Double], _ paper: PaperValue?,
             metric: String = "accuracy", isCount: Bool = false) {
      rows.append(ReportRow(key: [("experiment", experiment), ("dataset", dataset), ("variant", variant)], metric: metric,
                            ours: Summary(values), paper: paper, isCount: isCount))
    }
    let iccbr = NNkNNOriginalTable1.paper

    // 1. Breast Cancer raw, every model of the ICCBR table.
    let cancer = try runs("Breast Cancer")
    let raw = SmallDataRuns(cancer.set, preprocessing: .none, runs: cancer)
    let cancerPaper = try iccbr("Breast Cancer")
    for sharing in [true, false] {
      for topK in [NNkNNOriginalTable1.earlierTopK, nil] {
        add(
          "1 Breast Cancer raw", "Breast Cancer",
          "NN-kNN_O sharing \(sharing ? "on" : "off"), top-k \(topK == nil ? "off" : "on")",
          try raw.original(sharing: sharing, topK: topK, policy: policy),
          cancerPaper.original(sharing: sharing, topK: topK != nil))
      }
    }
    add("1 Breast Cancer raw", "Breast Cancer", "NNet 4x64 leakyReLU", try raw.network(policy: policy),
        PaperValue(cancerPaper.network))
    add("1 Breast Cancer raw", "Breast Cancer", "kNN (k = 5)", try raw.nearestNeighbours(learn: nil), PaperValue(cancerPaper.knn))
    add("1 Breast Cancer raw", "Breast Cancer", "NCA + kNN (k = 5)", try raw.nearestNeighbours(learn: { x, y in
      try NCA.fit(points: x, labels: y, configuration: scale.ncaConfiguration)
    }), PaperValue(cancerPaper.nca))
    add("1 Breast Cancer raw", "Breast Cancer", "LMNN + kNN (k = 5)", try raw.nearestNeighbours(learn: { x, y in
      try LMNN.fit(points: x, labels: y, configuration: scale.lmnnConfiguration)
    }), PaperValue(cancerPaper.lmnn))

    // 2. The top-k layer's k on Balance and Breast Cancer (their preprocessing as in nnknn-o-table1).
    for name in ["Balance", "Breast Cancer"] {
      let set = name == "Breast Cancer" ? cancer : try runs(name)
      let values = try iccbr(name)
      for sharing in [true, false] {
        for k in topKs {
          add("2 top-k sweep", name, "NN-kNN_O sharing \(sharing ? "on" : "off"), top-k k = \(k)",
              try set.original(sharing: sharing, topK: k, policy: policy), values.original(sharing: sharing, topK: true))
        }
      }
    }

    // 3. NCA on Zebra (a): steps, learning rate, scaling.
    let zebraA = try runs("Zebra (a)")
    let zebraAPaper = try iccbr("Zebra (a)")
    for (steps, rate) in ncaSettings {
      add("3 NCA on Zebra (a)", "Zebra (a)", "NCA \(steps) steps, lr \(rate), raw", try zebraA.nearestNeighbours(learn: { x, y in
        var c = scale.ncaConfiguration
        (c.iterations, c.learningRate) = (scale.foldsUsed == 1 ? 3 : steps, rate)
        return try NCA.fit(points: x, labels: y, configuration: c)
      }), PaperValue(zebraAPaper.nca))
    }
    if let scaled = zebraA.minMaxVariant {
      add(
        "3 NCA on Zebra (a)", "Zebra (a)",
        "NCA \(scale.ncaConfiguration.iterations) steps, lr 0.01, min-max on the training fold",
        try scaled.nearestNeighbours(learn: { x, y in try NCA.fit(points: x, labels: y, configuration: scale.ncaConfiguration) }),
        PaperValue(zebraAPaper.nca))
    }

    // 4. The code's Zebra learning rate against the paper's, NN-kNN w = 1, k = 5.
    let zebraPaper = try NNkNNTable2.paperExtended(.init(dataset: "Zebra (a)", k: 5)).oneWeighting
    for rate in [1e-2, 5e-2] {
      var settings = NNkNNOptimizerSettings.paperSmallData(batchSize: SmallDataRuns.batchSize)
      (settings.extractorLearningRate, settings.glocalLearningRate, settings.caseLearningRate) = (rate, rate, rate)
      let accuracies = try zebraA.nnknn(w: 1, k: 5, policy: policy, settings: settings)
      let variant = "NN-kNN w=1 k=5, Adam lr \(rate) for every group"
      add("4 Zebra learning rate", "Zebra (a)", variant, accuracies, zebraPaper)
      add("4 Zebra learning rate", "Zebra (a)", variant, [Double(accuracies.count(where: { $0 < failedFold }))], nil,
          metric: "folds below \(failedFold)", isCount: true)
    }

    // 5. NNet width on the Zebra sets.
    for (name, set) in [("Zebra (a)", zebraA), ("Zebra (b)", try runs("Zebra (b)"))] {
      let paper = try iccbr(name).network
      for width in widths {
        add(
          "5 NNet width", name, "NNet 4x\(width) leakyReLU",
          try set.network(policy: policy, hidden: [Int](repeating: width, count: 4)),
          PaperValue(paper))
      }
    }

    return TableReport(id: id, title: "Experiments behind the small-data tables' outside rows", paper: "beyond the papers",
                       scale: context.scale, seed: context.seed, rows: rows, notes: notes(scale))
  }

  static func notes(_ scale: ExperimentScale) -> [String] {
    [
      """
        Protocol: \(scale.description), test-set selection (the papers'), as nnknn-o-table1 and nnknn-table2; \
        each row changes one setting of those tables and stands beside the paper value that setting tries to reach.
        """,
      """
        1: Breast Cancer on its raw features (nnknn-o-table1 scales it min-max over the whole data set, as the \
        authors' seed-000 code does); NN-kNN_O keeps discount 10.
        """,
      """
        2: NN-kNN_O's top-k layer (evaluation only) with k in \(topKs.map(String.init).joined(separator: ", ")); the paper \
        column is its top-k-on value (k unstated; nnknn-o-table1 used 5 and now uses 10).
        """,
      "3: NCA + kNN (k = 5) on Zebra (a) with more steps, a larger learning rate, and min-max scaling.",
      """
        4: all three Adam groups at the code's Zebra rate 5e-2 against the paper's 1e-2; a fold below \(failedFold) \
        counts as failed (chance is 0.5).
        """,
      "5: the NNet baseline with 32, 128 and 256 leakyReLU units per hidden layer (the paper's: 64).",
    ]
  }

  /// The cost of every fold run in the order the table runs them (EVAL-51).
  static func unitCosts(_ scale: ExperimentScale) -> [Double] {
    func cost(_ name: String) -> FoldCost {
      // The names below are SmallDataSet.all's; the first set stands in if one were renamed (only the ETA would suffer).
      FoldCost(SmallDataSet.all.first { $0.name == name } ?? SmallDataSet.all[0], scale)
    }
    let (cancer, balance, zebraA, zebraB) = (cost("Breast Cancer"), cost("Balance"), cost("Zebra (a)"), cost("Zebra (b)"))
    let ncaScale = scale.foldsUsed == 1 ? 1 : 1000.0 / 200
    var units = [Double](repeating: cancer.caseModel, count: 4) + [cancer.network, cancer.neighbours, cancer.nca, cancer.lmnn]
    units +=
      [Double](repeating: balance.caseModel, count: 2 * topKs.count)
      + [Double](repeating: cancer.caseModel, count: 2 * topKs.count)
    units += [zebraA.nca, zebraA.nca * ncaScale, zebraA.nca * ncaScale, zebraA.nca]
    units += [zebraA.caseModel, zebraA.caseModel]
    units += widths.map { zebraA.network * Double($0) / 64 } + widths.map { zebraB.network * Double($0) / 64 }
    return units.flatMap { [Double](repeating: $0, count: scale.foldsUsed) }
  }
}
