import Datasets
import Evaluation
import Randomness
import Tensors

/// The runs shared by the NN-kNN small-data tables (NNKNN-14): one model family on one data set
/// under one selection policy, cross-validated on the scale's folds; returns per-fold accuracies.
struct SmallDataRuns {
  let set: SmallDataSet
  let data: Dataset
  let folds: [Fold]
  let scale: ExperimentScale
  let stream: SeedStream
  let progress: Progress?

  /// Batch size of every NN-kNN run (the authors' code uses 32 or 100; 32 is used here).
  static let batchSize = 32

  init(_ set: SmallDataSet, scale: ExperimentScale, stream: SeedStream, progress: Progress?) throws {
    self.set = set
    data = try set.load()
    folds = Array(try Folds.scikitLearnKFold(count: data.count, splits: 10, seed: 42).prefix(scale.foldsUsed))
    self.scale = scale
    self.stream = stream.child(set.name)
    self.progress = progress
  }

  /// The same runs with another preprocessing (a named variant).
  init(_ set: SmallDataSet, preprocessing: Preprocessing, runs: SmallDataRuns) {
    self.set = SmallDataSet(name: set.name, load: set.load, preprocessing: preprocessing,
                            iccbrPreprocessing: set.iccbrPreprocessing, characteristics: set.characteristics,
                            ks: set.ks, discount: set.discount)
    (data, folds, scale, progress) = (runs.data, runs.folds, runs.scale, runs.progress)
    stream = runs.stream.child(preprocessing.rawValue)
  }

  /// The min-max variant of NN-kNN_O's runs (NNKNN-14): features min-max scaled on the training
  /// fold where the set is otherwise raw; nil where the set is already scaled.
  var minMaxVariant: SmallDataRuns? {
    self.set.preprocessing == .none ? SmallDataRuns(self.set, preprocessing: .minMaxOnTraining, runs: self) : nil
  }

  func validation(_ policy: SelectionPolicy) -> CrossValidation {
    CrossValidation(folds: folds, policy: policy, schedule: scale.schedule, preprocessing: set.preprocessing)
  }

  /// B from the whole data set, after the whole-data-set preprocessing when the set uses it (NNKNN-4).
  func defaultBiasFor(k: Int) throws -> Double {
    let whole = set.preprocessing == .minMaxOnWholeDataSet
      ? try Preprocessing.minMaxOnWholeDataSet.apply(train: data.features, test: data.features, whole: data.features).0
      : data.features
    return try defaultBias(cases: whole, k: k)
  }

  /// Extended NN-kNN (authors' code variant, paper learning rate 1e-2 for every group unless
  /// `settings` says otherwise).
  func nnknn(
    w: Int, k: Int, policy: SelectionPolicy,
    settings: NNkNNOptimizerSettings = .paperSmallData(batchSize: SmallDataRuns.batchSize),
    configure: (inout NNkNNConfiguration) -> Void = { _ in }
  ) throws -> [Double] {
    try alone { try nnknn(w: w, k: k, policy: policy, settings: settings, configure: configure, in: $0) }
  }

  /// The same folds added to `batch`; returns the job number.
  func nnknn(
    w: Int, k: Int, policy: SelectionPolicy,
    settings: NNkNNOptimizerSettings = .paperSmallData(batchSize: SmallDataRuns.batchSize),
    configure: (inout NNkNNConfiguration) -> Void = { _ in }, in batch: FoldBatch
  ) throws -> Int {
    let b = try defaultBiasFor(k: k)
    var configuration = NNkNNConfiguration.code(weightings: w, k: k)
    configure(&configuration)
    let classes = data.classCount
    return batch.add(validation(policy).foldTasks(data, stream: stream.child("nnknn w=\(w) k=\(k)"), progress: progress) {
      [configuration] x, y, train, s in
      let model = try NNkNNModel(configuration: configuration, cases: try x.rows(at: train), caseLabels: train.map { y[$0] },
                                 classes: classes, defaultBias: b, stream: s.child("model"))
      let trainer = try NNkNNTrainer(model: model, settings: settings)
      return CaseModelLearner(trainer: trainer, stream: s)
    }, cost: FoldCost(set, scale).caseModel)
  }

  /// NN-kNN_O: Adam lr 0.01, batch 100, one group (NNKNN-12).
  func original(sharing: Bool, topK: Int?, policy: SelectionPolicy) throws -> [Double] {
    try alone { original(sharing: sharing, topK: topK, policy: policy, in: $0) }
  }

  /// The same folds added to `batch`; returns the job number.
  func original(sharing: Bool, topK: Int?, policy: SelectionPolicy, in batch: FoldBatch) -> Int {
    let classes = data.classCount
    let discount = set.discount
    let runStream = stream.child("nnknnO sharing=\(sharing) topK=\(topK ?? 0)")
    return batch.add(validation(policy).foldTasks(data, stream: runStream, progress: progress) { x, y, train, s in
      let model = try NNkNNOModel(configuration: .init(weightSharing: sharing, topK: topK, discount: discount),
                                  cases: try x.rows(at: train), caseLabels: train.map { y[$0] }, classes: classes)
      let group = model.allParameters
      return CaseModelLearner(trainer: try NNkNNTrainer(model: model, groups: [.init(group.names, learningRate: 0.01)],
                                                        weightDecay: 0, batchSize: 100, clipNorm: nil), stream: s)
    }, cost: FoldCost(set, scale).caseModel)
  }

  /// The NNet baseline: 4 hidden layers of 64 leakyReLU units (slope 0.01), Adam lr 1e-3, batch 32 (NNKNN-17);
  /// other `hidden` widths are the width experiment's variants (REPRO-80).
  func network(policy: SelectionPolicy, hidden: [Int] = [64, 64, 64, 64]) throws -> [Double] {
    try alone { network(policy: policy, hidden: hidden, in: $0) }
  }

  /// The same folds added to `batch`; returns the job number.
  func network(policy: SelectionPolicy, hidden: [Int] = [64, 64, 64, 64], in batch: FoldBatch) -> Int {
    let (d, classes) = (data.featureCount, data.classCount)
    let name = hidden == [64, 64, 64, 64] ? "nnet" : "nnet \(hidden)"
    return batch.add(validation(policy).foldTasks(data, stream: stream.child(name), progress: progress) { _, _, _, s in
      try NetworkLearner(inputWidth: d, hidden: hidden, classes: classes, slope: 0.01, learningRate: 1e-3,
                         batchSize: Self.batchSize, stream: s)
    }, cost: FoldCost(set, scale).network)
  }

  /// One cross-validation run by itself: its folds on the threads, their test scores in fold order.
  func alone(_ add: (FoldBatch) throws -> Int) throws -> [Double] {
    let batch = FoldBatch()
    let job = try add(batch)
    try batch.run()
    return batch.scores(job)
  }
}
