import Datasets
import Evaluation
import Randomness
import Tensors

/// Cross-validation of a learner under a selection policy (NNKNN-16): for each fold, features are
/// preprocessed (fitted on the fold's training rows, or on the whole data set for the authors'
/// variant), a fresh learner is made from the fold's stream, and `runSelection` (EVAL-5, EVAL-6)
/// trains it and reports the test accuracy. Each fold uses its own child
/// stream ("fold i"), so adding or removing a fold never changes another fold's result. Folds run
/// concurrently on `Parallelism.threads` threads (NNKNN-16).
public struct CrossValidation: Sendable {
  public var folds: [Fold]
  public var policy: SelectionPolicy
  public var schedule: PatienceSchedule
  public var preprocessing: Preprocessing

  public init(folds: [Fold], policy: SelectionPolicy, schedule: PatienceSchedule, preprocessing: Preprocessing) {
    self.folds = folds; self.policy = policy; self.schedule = schedule; self.preprocessing = preprocessing
  }

  /// One test accuracy per fold (with the selected epoch and epochs run).
  public func run<L: FoldLearner>(
    _ data: Dataset, stream: SeedStream, progress: Progress? = nil,
    make: (_ x: Tensor, _ y: [Int], _ trainIndices: [Int], _ stream: SeedStream) throws -> L
  ) throws -> [SelectionOutcome] {
    // Folds run concurrently, one per thread; inside a chunk the kernels run serially
    // (`forEachChunk` binds one thread there): for these sizes one fold per core is faster than
    // splitting each small product. A fold's result depends only on its own stream, so any
    // thread count gives the same bits.
    try withoutActuallyEscaping(make) { make in
      try runConcurrently(foldTasks(data, stream: stream, progress: progress, make: make))
    }
  }

  /// The folds of ``run(_:stream:progress:make:)`` as separate tasks, for a table that runs the
  /// folds of all its cross-validations together (``FoldBatch``): each task gives the same
  /// outcome as that fold of `run`, whenever and on whichever thread it runs.
  func foldTasks<L: FoldLearner>(
    _ data: Dataset, stream: SeedStream, progress: Progress? = nil,
    make: @escaping (_ x: Tensor, _ y: [Int], _ trainIndices: [Int], _ stream: SeedStream) throws -> L
  ) -> [() throws -> SelectionOutcome] {
    folds.indices.map { i in { try self.runFold(i, data, stream: stream, progress: progress, make: make) } }
  }

  /// One fold: preprocessing, a fresh learner, the selection policy.
  func runFold<L: FoldLearner>(
    _ i: Int, _ data: Dataset, stream: SeedStream, progress: Progress?,
    make: (_ x: Tensor, _ y: [Int], _ trainIndices: [Int], _ stream: SeedStream) throws -> L
  ) throws -> SelectionOutcome {
    let fold = folds[i]
    let x = try preprocessed(data.features, fold)
    let foldStream = stream.child("fold \(i)")
    let outcome = try runSelection(
      policy: policy, schedule: schedule, train: fold.train, test: fold.test, stream: foldStream,
      prepare: { trainIndices in try make(x, data.labels, trainIndices, foldStream.child("learner")) },
      trainEpoch: { learner, indices, epoch in try learner.trainEpoch(x, data.labels, indices: indices, epoch: epoch) },
      score: { learner, indices in try learner.accuracy(x, data.labels, indices: indices) })
    progress?.advance(detail: "fold \(i + 1): \(String(format: "%.3f", outcome.testScore)) after \(outcome.epochsRun) epochs")
    return outcome
  }

  /// The whole feature matrix with this fold's preprocessing applied to its training and test rows.
  func preprocessed(_ features: Tensor, _ fold: Fold) throws -> Tensor {
    if preprocessing == .none { return features }
    let (train, test) = try preprocessing.apply(train: try features.rows(at: fold.train), test: try features.rows(at: fold.test),
                                                whole: features)
    var x = features
    let d = features.shape[1]
    for (r, i) in fold.train.enumerated() { for j in 0..<d { x[flat: i * d + j] = train.scalars[r * d + j] } }
    for (r, i) in fold.test.enumerated() { for j in 0..<d { x[flat: i * d + j] = test.scalars[r * d + j] } }
    return x
  }
}

/// The folds of several cross-validations run as one pool (NNKNN-16): a table adds each
/// cross-validation's fold tasks with their estimated cost (EVAL-51's `FoldCost`), then runs them
/// all, the costliest first, each thread taking the next task as it finishes one. Run one
/// cross-validation at a time and a core idles while the other finishes each one's last fold
/// (about a tenth of nnknn-table2's time on two cores). Every fold's result depends only on its
/// own stream, so the order and the thread count change no bit.
final class FoldBatch {
  private var tasks: [() throws -> Double] = []
  private var costs: [Double] = []
  private var jobs: [Range<Int>] = []
  private var results: [Double]? = nil

  /// Adds one cross-validation's folds, each of estimated cost `cost`; returns its job number.
  func add(_ folds: [() throws -> SelectionOutcome], cost: Double) -> Int {
    add(scores: folds.map { fold in { try fold().testScore } }, cost: cost)
  }

  /// Adds folds that each give a test score directly (kNN after a learned metric: no epochs).
  func add(scores folds: [() throws -> Double], cost: Double) -> Int {
    precondition(results == nil, "FoldBatch: tasks added after the batch ran")
    jobs.append(tasks.count..<(tasks.count + folds.count))
    tasks += folds
    costs += [Double](repeating: cost, count: folds.count)
    return jobs.count - 1
  }

  /// Runs every task (costliest first, ties in the order added); the first error, in the order
  /// added, is thrown.
  func run() throws {
    results = try runConcurrently(tasks, order: tasks.indices.sorted {
      costs[$0] != costs[$1] ? costs[$0] > costs[$1] : $0 < $1
    })
  }

  /// The test scores of job `job`'s folds, in fold order (after ``run()``).
  func scores(_ job: Int) -> [Double] {
    guard let results else { preconditionFailure("FoldBatch: scores asked before the batch ran") }
    return Array(results[jobs[job]])
  }
}

/// Runs `tasks` on the threads (`forEachChunk`), started in `order` (default: as given), each
/// result in its own task's slot; the first error in task order is thrown once all have run.
/// Nested kernels see one thread inside a task.
func runConcurrently<T>(_ tasks: [() throws -> T], order: [Int]? = nil) throws -> [T] {
  let order = order ?? Array(tasks.indices)
  var slots = [Result<T, any Error>?](repeating: nil, count: tasks.count)
  slots.withUnsafeMutableBufferPointer { slots in
    Parallelism.forEachChunk(order.count) { position in
      let task = order[position]
      slots[task] = Result { try tasks[task]() }
    }
  }
  return try slots.map { try $0!.get() }
}
