/// What the per-epoch callback sees (NET-19). Epochs are numbered from 0.
public struct EpochSummary: Sendable, Equatable {
  public let epoch: Int
  /// sum over batches of (batch loss * batch size) / n: the mean per-example training loss,
  /// each batch's loss taken with the parameters it was computed with.
  public let meanLoss: Double
  public let batches: Int
}

/// The callback's answer: an optional metric (for early stopping and the history) and whether
/// to stop now.
public struct EpochDecision: Sendable, Equatable {
  public var metric: Double?
  public var stop: Bool
  public init(metric: Double? = nil, stop: Bool = false) {
    self.metric = metric
    self.stop = stop
  }
  /// Carry on, no metric.
  public static let proceed = EpochDecision()
}

/// Reported after every optimiser step (the progress hook).
public struct BatchProgress: Sendable, Equatable {
  public let epoch: Int
  public let batch: Int
  public let batchesPerEpoch: Int
  public let epochs: Int
  public let loss: Double
}

/// Why training ended.
public enum StopReason: Sendable, Equatable {
  /// Every epoch ran.
  case completed
  /// The callback asked to stop after this epoch.
  case requested(epoch: Int)
  /// Patience ran out after this epoch.
  case earlyStopping(epoch: Int)
}

/// The record of a training run.
public struct TrainingHistory: Sendable, Equatable {
  /// Mean training loss of each epoch run.
  public internal(set) var losses: [Double] = []
  /// The metric each epoch's callback reported (nil where none).
  public internal(set) var metrics: [Double?] = []
  public internal(set) var stopReason: StopReason = .completed
  /// The best epoch by the early-stopping metric (nil without early stopping).
  public internal(set) var bestEpoch: Int?
  public var epochsRun: Int { losses.count }
}
