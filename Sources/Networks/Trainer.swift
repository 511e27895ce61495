import Autodiff
import Randomness
import Tensors

/// The training loop (NET-19).
///
/// Each epoch: the order of the n input rows is a fresh ``Shuffling/permutation(_:using:)`` of
/// 0..<n drawn from `random` (or 0..<n when `shuffle` is false), cut into batches of `batchSize`
/// (the last one may be shorter). Each batch: a fresh tape and a training-mode context holding
/// `random` (so dropout draws continue the same stream after the shuffle), forward pass, the
/// objective's loss (it must be finite), one backward pass, optional ``clipGradientNorm(_:maxNorm:)``,
/// one optimiser step, then the progress hook. After the last batch, the epoch callback gets the
/// epoch's mean loss and the network; its metric drives ``EarlyStopping`` (NET-20).
///
/// Deep-network options (NET-43, NET-44): a learning-rate `schedule` sets every group's rate
/// before each epoch e >= 1 from the rates the optimiser had when `fit` began; `augmentation`
/// transforms each batch (drawing from `random` after the shuffle and before dropout). Buffers
/// proposed by a training-mode pass (BatchNorm's running statistics) are committed after the
/// optimiser step, so a batch whose loss is not finite changes nothing.
///
/// Determinism: the whole run is a function of the network, the data, the optimiser and the
/// stream's state: the same seed gives bit-identical parameters and losses.
public struct Trainer: Sendable {
  public let epochs: Int
  public let batchSize: Int
  public let shuffle: Bool
  public let clipNorm: Double?
  public let earlyStopping: EarlyStopping?
  public let schedule: LearningRateSchedule?
  public let augmentation: Augmentation?

  public init(epochs: Int, batchSize: Int, shuffle: Bool = true, clipNorm: Double? = nil,
              earlyStopping: EarlyStopping? = nil, schedule: LearningRateSchedule? = nil,
              augmentation: Augmentation? = nil) throws(NetworkError) {
    try schedule?.validate()
    guard epochs >= 0 else { throw .invalidTraining("epochs = \(epochs): must be >= 0") }
    guard batchSize >= 1 else { throw .invalidTraining("batchSize = \(batchSize): must be >= 1") }
    if let clipNorm { try Hyperparameter.nonNegative("clipNorm", clipNorm) }
    self.epochs = epochs
    self.batchSize = batchSize
    self.shuffle = shuffle
    self.clipNorm = clipNorm
    self.earlyStopping = earlyStopping
    self.schedule = schedule
    self.augmentation = augmentation
  }

  /// Trains `network` on `inputs` [n, ...] (row i is example i) for `objective`.
  /// Errors: no rows, targets not one per row, a non-finite loss or metric, anything a layer,
  /// the objective, the callback or the optimiser throws.
  public func fit<O: Optimizer, G: RandomSource>(
    _ network: inout Network, inputs: Tensor, objective: Objective, optimizer: inout O, random: inout G,
    onEpoch: (EpochSummary, Network) throws -> EpochDecision = { _, _ in .proceed },
    onBatch: ((BatchProgress) -> Void)? = nil
  ) throws -> TrainingHistory {
    guard inputs.rank >= 1, inputs.shape[0] >= 1 else {
      throw NetworkError.invalidTraining("inputs of shape \(inputs.shape) have no rows")
    }
    let n = inputs.shape[0]
    try objective.validate(rows: n)
    var history = TrainingHistory()
    var tracker = EarlyStoppingTracker(earlyStopping)
    let baseRates = optimizer.learningRates
    if schedule != nil, baseRates.isEmpty {
      throw NetworkError.invalidSchedule("the optimiser does not report its learning rates")
    }
    for epoch in 0..<epochs {
      if let schedule, epoch > 0 {
        let previous = optimizer.learningRates
        try optimizer.setLearningRates(zip(baseRates, previous).map { schedule.rate(epoch: epoch, base: $0, previous: $1) })
      }
      let order = shuffle ? Shuffling.permutation(n, using: &random) : Array(0..<n)
      let batches = Shuffling.batches(order, batchSize: batchSize)
      var total = 0.0
      for (b, rows) in batches.enumerated() {
        let loss = try step(&network, rows: rows, inputs: inputs, objective: objective, optimizer: &optimizer, random: &random)
        guard loss.isFinite else { throw NetworkError.nonFiniteLoss(epoch: epoch, batch: b, value: loss) }
        total += loss * Double(rows.count)
        onBatch?(BatchProgress(epoch: epoch, batch: b, batchesPerEpoch: batches.count, epochs: epochs, loss: loss))
      }
      let summary = EpochSummary(epoch: epoch, meanLoss: total / Double(n), batches: batches.count)
      let decision = try onEpoch(summary, network)
      history.losses.append(summary.meanLoss)
      history.metrics.append(decision.metric)
      let patienceOut = try tracker.record(epoch: epoch, metric: decision.metric, loss: summary.meanLoss,
                                           parameters: network.parameters,
                                                 buffers: network.buffers)
      if decision.stop { history.stopReason = .requested(epoch: epoch); break }
      if patienceOut { history.stopReason = .earlyStopping(epoch: epoch); break }
    }
    history.bestEpoch = tracker.bestEpoch
    if let best = tracker.bestParameters { network.parameters = best }
    if let best = tracker.bestBuffers { network.buffers = best }
    return history
  }

  /// One mini-batch: forward, loss, backward, clip, optimiser step. Returns the batch loss.
  func step<O: Optimizer, G: RandomSource>(_ network: inout Network, rows: [Int], inputs: Tensor, objective: Objective,
                                           optimizer: inout O, random: inout G) throws -> Double {
    let tape = Tape()
    var batch = try lift { () throws(TensorError) in try inputs.rows(at: rows) }
    if let augmentation { batch = try augmentation.apply(batch, using: &random) }
    let context = network.context(tape: tape, mode: .training, random: random)
    let x = tape.variable(batch, name: "input")
    let loss = try objective.loss(try network(x, context: context), rows: rows)
    guard loss.value.count == 1 else { throw NetworkError.tensor(.notScalar(shape: loss.shape)) }
    var gradients = try context.gradients(of: loss)
    guard let advanced = context.random as? G else { throw NetworkError.randomStreamReplaced }
    random = advanced
    let value = loss.value.scalars[0]
    guard value.isFinite else { return value }
    if let clipNorm { try clipGradientNorm(&gradients, maxNorm: clipNorm) }
    try optimizer.step(&network.parameters, gradients: gradients)
    network.commitBuffers(from: context)
    return value
  }
}
