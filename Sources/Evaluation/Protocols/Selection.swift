import Randomness

/// How the epoch whose model is reported is chosen (EVAL-5).
public enum SelectionPolicy: Sendable, Equatable {
  /// The papers' protocol: the test fold is scored after every epoch and the best test score is
  /// reported. The test set takes part in model selection, so the result is optimistic.
  case testSetSelection
  /// The honest protocol: `validationFraction` of the training fold (a stratified-free shuffled
  /// hold-out from the stream) is set aside; the epoch with the best validation score is selected
  /// and the test fold is scored once, with that epoch's model.
  case validationSelection(validationFraction: Double)
}

/// Training until no improvement for `patience` epochs (EVAL-6). An epoch improves when its
/// selection score is strictly greater than the best so far (ties keep the earlier epoch).
public struct PatienceSchedule: Sendable, Equatable {
  public var maxEpochs: Int
  public var patience: Int
  public init(maxEpochs: Int, patience: Int) { self.maxEpochs = maxEpochs; self.patience = patience }
}

/// What a run of a selection policy measured.
public struct SelectionOutcome: Sendable, Equatable {
  /// The reported test score (the best one for test-set selection).
  public var testScore: Double
  /// The selection score of the chosen epoch (equal to testScore under test-set selection).
  public var selectionScore: Double
  /// The chosen epoch (1-based) and the number of epochs run.
  public var selectedEpoch: Int, epochsRun: Int
}

/// Runs a selection policy (EVAL-5, EVAL-6) over a model value `M` (a value type: the chosen
/// epoch's model is kept by copying it).
///
/// - `prepare(trainIndices)`: builds the initial model from the indices it may train on;
/// - `trainEpoch(&model, trainIndices, epoch)`: one epoch of training;
/// - `score(model, indices)`: e.g. accuracy on those indices.
public func runSelection<M>(
  policy: SelectionPolicy, schedule: PatienceSchedule, train: [Int], test: [Int], stream: SeedStream,
  prepare: ([Int]) throws -> M, trainEpoch: (inout M, [Int], Int) throws -> Void, score: (M, [Int]) throws -> Double
) throws -> SelectionOutcome {
  guard schedule.maxEpochs >= 1, schedule.patience >= 1 else {
    throw EvaluationError.invalidArgument(
      "maxEpochs and patience must be at least 1, got \(schedule.maxEpochs) and \(schedule.patience)")
  }
  var fitIndices = train
  var selectIndices = test
  if case let .validationSelection(fraction) = policy {
    let split = try Folds.trainTestSplit(count: train.count, testFraction: fraction, stream: stream.child("validation split"))
    fitIndices = split.train.map { train[$0] }
    selectIndices = split.test.map { train[$0] }
  }
  var model = try prepare(fitIndices)
  var best = -Double.infinity
  var bestModel = model
  var bestEpoch = 0
  var epoch = 0
  while epoch < schedule.maxEpochs && epoch - bestEpoch < schedule.patience {
    epoch += 1
    try trainEpoch(&model, fitIndices, epoch)
    let s = try score(model, selectIndices)
    if s > best || bestEpoch == 0 {
      best = s
      bestEpoch = epoch
      bestModel = model
    }
  }
  switch policy {
  case .testSetSelection:
    return SelectionOutcome(testScore: best, selectionScore: best, selectedEpoch: bestEpoch, epochsRun: epoch)
  case .validationSelection:
    return SelectionOutcome(testScore: try score(bestModel, test), selectionScore: best, selectedEpoch: bestEpoch,
                            epochsRun: epoch)
  }
}
