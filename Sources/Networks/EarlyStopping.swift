/// Early stopping by patience (NET-20).
///
/// After each epoch the metric (the callback's, or else the epoch's mean training loss) is
/// compared with the best so far: it improves when metric < best - minDelta (minimise) or
/// metric > best + minDelta (maximise); the first epoch always improves. On improvement the
/// counter resets (and, with `restoreBest`, the parameters are remembered); otherwise it grows,
/// and training stops when it reaches `patience`. With `restoreBest`, the network ends with the
/// parameters (and buffers) of the best epoch. Maximise mode needs a metric from the callback.
public struct EarlyStopping: Sendable, Equatable {
  public enum Goal: Sendable, Equatable { case minimize, maximize }

  public let patience: Int
  public let goal: Goal
  public let minDelta: Double
  public let restoreBest: Bool

  public init(patience: Int, goal: Goal = .minimize, minDelta: Double = 0, restoreBest: Bool = true) throws(NetworkError) {
    guard patience >= 1 else { throw .invalidHyperparameter(name: "patience", value: Double(patience), accepted: ">= 1") }
    try Hyperparameter.nonNegative("minDelta", minDelta)
    self.patience = patience
    self.goal = goal
    self.minDelta = minDelta
    self.restoreBest = restoreBest
  }

  /// Whether `metric` improves on `best` (nil: nothing yet).
  func improves(_ metric: Double, on best: Double?) -> Bool {
    guard let best else { return true }
    return goal == .minimize ? metric < best - minDelta : metric > best + minDelta
  }
}

/// The bookkeeping of ``EarlyStopping`` over a run (NET-20).
struct EarlyStoppingTracker {
  let rule: EarlyStopping?
  var best: Double?
  var bestEpoch: Int?
  var bestParameters: ParameterStore?
  /// The buffers that went with the best parameters (BatchNorm's running statistics, NET-30).
  var bestBuffers: BufferStore?
  var waited = 0

  init(_ rule: EarlyStopping?) { self.rule = rule }

  /// Records one epoch; true when patience has run out.
  mutating func record(epoch: Int, metric: Double?, loss: Double, parameters: ParameterStore,
                       buffers: BufferStore = BufferStore.empty) throws(NetworkError) -> Bool {
    guard let rule else { return false }
    if rule.goal == .maximize && metric == nil { throw .missingMetric(epoch: epoch) }
    let value = metric ?? loss
    guard value.isFinite else { throw .nonFiniteMetric(epoch: epoch, value: value) }
    if rule.improves(value, on: best) {
      (best, bestEpoch, waited) = (value, epoch, 0)
      if rule.restoreBest { (bestParameters, bestBuffers) = (parameters, buffers) }
      return false
    }
    waited += 1
    return waited >= rule.patience
  }
}
