import Datasets
import Evaluation
import Neighbors
import Randomness
import Tensors

/// `nnknn-o-table1`: Table 1 of the original NN-kNN paper (Ye et al., ICCBR 2024): NN-kNN_O with
/// weight sharing on/off x top-k on/off, NNet, kNN (k = 5), NCA + kNN and LMNN + kNN (REPRO-13).
enum NNkNNOriginalTable1 {
  /// One data set's row of the paper's table: accuracies (the paper prints no spreads).
  struct Accuracies: Sendable {
    /// NN-kNN_O with weight sharing on or off and the top-k layer on or off.
    let sharedTopK, shared, individualTopK, individual: Double
    /// The baselines: NNet, kNN (k = 5), NCA + kNN and LMNN + kNN.
    let network, knn, nca, lmnn: Double

    /// NN-kNN_O's column for weight sharing on/off and top-k on/off.
    func original(sharing: Bool, topK: Bool) -> PaperValue {
      PaperValue(sharing ? (topK ? sharedTopK : shared) : (topK ? individualTopK : individual))
    }
  }

  static let paper = PaperValues<String, Accuracies>(table: "ICCBR 2024 Table 1", [
    "Zebra (a)": Accuracies(sharedTopK: 0.909, shared: 0.918, individualTopK: 0.872, individual: 0.872,
                            network: 0.782, knn: 0.363, nca: 0.981, lmnn: 0.336),
    "Zebra (b)": Accuracies(sharedTopK: 0.850, shared: 0.850, individualTopK: 0.968, individual: 0.968,
                            network: 0.673, knn: 0.368, nca: 0.395, lmnn: 0.354),
    "Digits": Accuracies(sharedTopK: 0.988, shared: 0.987, individualTopK: 0.979, individual: 0.988,
                         network: 0.983, knn: 0.987, nca: 0.989, lmnn: 0.988),
    "Iris": Accuracies(sharedTopK: 0.926, shared: 0.966, individualTopK: 0.953, individual: 0.960,
                       network: 0.987, knn: 0.966, nca: 0.966, lmnn: 0.953),
    "Wine": Accuracies(sharedTopK: 0.961, shared: 0.994, individualTopK: 0.966, individual: 0.983,
                       network: 0.836, knn: 0.680, nca: 0.747, lmnn: 0.954),
    "Breast Cancer": Accuracies(sharedTopK: 0.940, shared: 0.943, individualTopK: 0.929, individual: 0.959,
                                network: 0.951, knn: 0.933, nca: 0.927, lmnn: 0.947),
    "Balance": Accuracies(sharedTopK: 0.894, shared: 0.929, individualTopK: 0.894, individual: 0.944,
                          network: 0.994, knn: 0.846, nca: 0.960, lmnn: 0.849),
  ])
  /// k of the kNN baselines (the paper's).
  static let k = 5
  /// k of the top-k layer (evaluation only; the paper does not state it): 10, the value with which
  /// nnknn-outside-experiments brought both Balance top-k rows within the paper (REPRO-80, 2). The
  /// earlier protocol's 5 stays beside it as a variant row on every data set.
  static let topK = 10
  static let earlierTopK = 5
  /// NCA's Adam learning rate: 0.1, with which NCA on Zebra (a) comes within the paper (REPRO-80, 3);
  /// at the earlier 0.01 its 200 steps stop short of convergence there (a library NCA, such as
  /// scikit-learn's L-BFGS one, runs to convergence). 0.01 stays beside it as a variant row.
  static let ncaLearningRate = 0.1

  static let table = ReproductionTable(id: "nnknn-o-table1", paper: "Ye et al., ICCBR 2024 (NN-kNN_O)", summary: """
    Table 1: NN-kNN_O (sharing x top-k), NNet, kNN, NCA + kNN, LMNN + kNN on seven data sets
    """) { context in
    let scale = ExperimentScale.of(context.scale)
    let policy = ExperimentScale.testSet  // the paper's protocol only: this table compares with the paper
    // Every run's folds go into one pool (FoldBatch, NNKNN-16), costliest first, so the progress
    // weighs them in that order; the rows are made from the scores once the pool has run.
    let progress = context.progress("nnknn-o-table1", unitCosts: unitCosts(scale).sorted(by: >))
    let stream = SeedStream(seed: context.seed).child("nnknn-o-table1")
    let batch = FoldBatch()
    var makeRows: [() -> ReportRow] = []
    for base in SmallDataSet.all {
      let set = base.iccbr
      let runs = try SmallDataRuns(set, scale: scale, stream: stream, progress: progress)
      let values = try paper(set.name)
      let cost = FoldCost(set, scale)
      func add(_ model: String, _ job: Int, _ paper: PaperValue) {
        makeRows.append {
          ReportRow(key: [("dataset", set.name), ("model", model)], metric: "accuracy", ours: Summary(batch.scores(job)),
                    paper: paper)
        }
      }
      func original(sharing: Bool, topK: Int?, on runs: SmallDataRuns) -> Int {
        runs.original(sharing: sharing, topK: topK, policy: policy.1, in: batch)
      }
      for sharing in [true, false] {
        for topK in [topK, nil] {
          add("NN-kNN_O sharing \(sharing ? "on" : "off"), top-k \(topK.map { "on (k = \($0))" } ?? "off")",
              original(sharing: sharing, topK: topK, on: runs), values.original(sharing: sharing, topK: topK != nil))
        }
      }
      add("NNet 4x64 leakyReLU", runs.network(policy: policy.1, in: batch), PaperValue(values.network))
      add("kNN (k = 5)", runs.nearestNeighbours(learn: nil, cost: cost.neighbours, in: batch), PaperValue(values.knn))
      add("NCA + kNN (k = 5)", runs.nearestNeighbours(learn: { x, y in
        try NCA.fit(points: x, labels: y, configuration: scale.ncaConfiguration(learningRate: ncaLearningRate))
      }, cost: cost.nca, in: batch), PaperValue(values.nca))
      add("LMNN + kNN (k = 5)", runs.nearestNeighbours(learn: { x, y in
        try LMNN.fit(points: x, labels: y, configuration: scale.lmnnConfiguration)
      }, cost: cost.lmnn, in: batch), PaperValue(values.lmnn))
      // The earlier protocol's settings, each a variant row beside the protocol's.
      for sharing in [true, false] {
        add("NN-kNN_O sharing \(sharing ? "on" : "off"), top-k on (k = \(earlierTopK)), variant",
            original(sharing: sharing, topK: earlierTopK, on: runs), values.original(sharing: sharing, topK: true))
      }
      add("NCA + kNN (k = 5), lr 0.01, variant", runs.nearestNeighbours(learn: { x, y in
        try NCA.fit(points: x, labels: y, configuration: scale.ncaConfiguration)
      }, cost: cost.nca, in: batch), PaperValue(values.nca))
      if base.preprocessing != set.preprocessing {
        // The seed-000 code's whole-data min-max (Breast Cancer), which this table ran before REPRO-80.
        let scaled = SmallDataRuns(set, preprocessing: base.preprocessing, runs: runs)
        let name = base.preprocessing == .minMaxOnWholeDataSet ? "whole-data min-max" : base.preprocessing.rawValue
        add("NN-kNN_O sharing off, top-k off, \(name) variant",
            original(sharing: false, topK: nil, on: scaled), values.original(sharing: false, topK: false))
        add("kNN (k = 5), \(name) variant", scaled.nearestNeighbours(learn: nil, cost: cost.neighbours, in: batch),
            PaperValue(values.knn))
      } else if let scaled = runs.minMaxVariant {
        // The variant tried for the raw sets: min-max on the training fold (see the notes).
        add("NN-kNN_O sharing off, top-k off, min-max variant",
            original(sharing: false, topK: nil, on: scaled), values.original(sharing: false, topK: false))
      }
    }
    try batch.run()
    let rows = makeRows.map { $0() }
    return TableReport(id: "nnknn-o-table1", title: "NN-kNN_O and baselines on seven data sets",
                       paper: "ICCBR 2024 Table 1", scale: context.scale, seed: context.seed, rows: rows, notes: [
                         """
                           Protocol: \(scale.description), test-set selection (the paper's); NN-kNN_O Adam lr \
                           0.01, batch 100, top-k k = \(topK) at evaluation; NNet as in nnknn-table2.
                           """,
                         """
                           kNN: Euclidean, k = 5, majority vote with ties to the lowest class (NBR-10). NCA and \
                           LMNN: identity start, \(scale.ncaConfiguration.iterations) full-batch Adam steps, lr \
                           \(ncaLearningRate) (NCA) and 0.01 (LMNN); LMNN 3 target neighbours, margin 1, mu 0.5 \
                           (NBR-15, NBR-16). All fitted on the training fold, after the data set's preprocessing.
                           """,
                         """
                           Preprocessing: Digits min-max over the whole data set, the others raw, Breast Cancer \
                           included: on raw Breast Cancer every model of this table came within the paper in \
                           nnknn-outside-experiments (REPRO-80, 1), where the seed-000 code's whole-data min-max \
                           put all eight outside; that min-max stays as two variant rows.
                           """,
                         """
                           Settings adopted from nnknn-outside-experiments (REPRO-80), each with the earlier \
                           setting beside it as a `variant` row: the top-k layer's k = \(topK) (the paper does \
                           not state it; k = 10 brought both Balance top-k rows within, k = \(earlierTopK) was \
                           the earlier protocol) and NCA's learning rate \(ncaLearningRate) (0.01 leaves NCA short \
                           of convergence on Zebra (a): 0.80 against the paper's 0.981).
                           """,
                         "OFace (the paper's eighth data set) is not available and is not reproduced.",
                         """
                           NN-kNN_O runs on the features as the ICCBR table had them (raw Iris, Zebra, Wine, Breast \
                           Cancer, Balance). On raw Zebra, Wine and Breast Cancer the squared distances dwarf the \
                           initial bias d / discount and every activation starts at 0: short runs (smoke, default) \
                           stay at chance, \
                           but over the paper's 1000 epochs with patience 40 the weights shrink and it recovers. \
                           The variant tried, min-max on the training fold (one row per raw set), starts with \
                           nearly flat activations (bias 1 against distances up to d) and does worse on Zebra.
                           """,
                         "The paper gives no spreads: verdicts use our own fold spread (EVAL-24).",
                       ])
  }
}

extension NNkNNOriginalTable1 {
  /// The cost of every fold run, in the order the table runs them (EVAL-51): per data set,
  /// NN-kNN_O's four forms, NNet, kNN, NCA, LMNN, the two top-k k = 5 rows, NCA at lr 0.01 and
  /// the preprocessing variants (Breast Cancer's whole-data min-max, or min-max for the raw sets).
  static func unitCosts(_ scale: ExperimentScale) -> [Double] {
    SmallDataSet.all.flatMap { base in
      let cost = FoldCost(base.iccbr, scale)
      var perFold = [Double](repeating: cost.caseModel, count: 4) + [cost.network, cost.neighbours, cost.nca, cost.lmnn]
      perFold += [cost.caseModel, cost.caseModel, cost.nca]
      perFold += base.preprocessing != base.iccbrPreprocessing
        ? [cost.caseModel, cost.neighbours] : base.preprocessing == .none ? [cost.caseModel] : []
      return perFold.flatMap { [Double](repeating: $0, count: scale.foldsUsed) }
    }
  }
}

extension ExperimentScale {
  /// Metric-learning steps by scale: few in smoke runs (Digits' NCA costs O(n^2 d) per step).
  var ncaConfiguration: NCA.Configuration {
    var c = NCA.Configuration()
    c.iterations = foldsUsed == 1 ? 3 : 200
    return c
  }

  /// As `ncaConfiguration`, with another Adam learning rate.
  func ncaConfiguration(learningRate: Double) -> NCA.Configuration {
    var c = ncaConfiguration
    c.learningRate = learningRate
    return c
  }

  var lmnnConfiguration: LMNN.Configuration {
    var c = LMNN.Configuration()
    c.iterations = foldsUsed == 1 ? 3 : 200
    return c
  }
}

extension SmallDataRuns {
  /// kNN (k = 5) on each fold, after an optional learned linear map fitted on the training fold.
  func nearestNeighbours(learn: ((Tensor, [Int]) throws -> LearnedMetric)?) throws -> [Double] {
    try alone { nearestNeighbours(learn: learn, cost: 1, in: $0) }
  }

  /// The same folds added to `batch` with estimated cost `cost` each; returns the job number.
  func nearestNeighbours(learn: ((Tensor, [Int]) throws -> LearnedMetric)?, cost: Double, in batch: FoldBatch) -> Int {
    batch.add(scores: folds.map { fold in
      {
        let x = try validation(.testSetSelection).preprocessed(data.features, fold)
        var train = try x.rows(at: fold.train), test = try x.rows(at: fold.test)
        let trainLabels = fold.train.map { data.labels[$0] }
        if let learn {
          let metric = try learn(train, trainLabels)
          train = try metric.apply(train)
          test = try metric.apply(test)
        }
        let classifier = try KNNClassifier(training: train, labels: trainLabels, classCount: data.classCount,
                                           k: NNkNNOriginalTable1.k)
        let predicted = try classifier.predict(test).map(\.label)
        progress?.advance()
        return Double(zip(predicted, fold.test).filter { $0 == data.labels[$1] }.count) / Double(fold.test.count)
      }
    }, cost: cost)
  }
}
