import Evaluation

/// Where the boundary W x + b = 0 of a fresh node is put (ABS-12): through a point z uniform in
/// [-r, r)^d (`uniform`, Table 2) or through a randomly chosen data point (`data`, Table 3).
public enum BiasCondition: String, Sendable, CaseIterable, Equatable, CustomStringConvertible {
  case uniform, data
  public var description: String { self == .uniform ? "uniform bias" : "data-sampled bias" }
}

/// Which models the "dead" override (final loss above the threshold) applies to (ABS-15).
/// `reluOnly` (default) reproduces every column of the paper: the uniform-condition Abs column
/// matches only without the override, the data-sampled table with it (where it changes no Abs
/// model). `all` applies it to both activations, `none` to neither.
public enum DeadRule: String, Sendable, CaseIterable, Equatable {
  case reluOnly, all, none

  /// True when the override applies to models with this activation.
  public func applies(to activation: NodeActivation) -> Bool {
    switch self {
    case .reluOnly: return activation == .relu
    case .all: return true
    case .none: return false
    }
  }
}

/// The configuration of Experiment 1 (Table 1 of seed 003, ABS-10). The values are the ones the
/// code runs with; `abs-table1` prints them.
public struct Experiment1Configuration: Sendable, Equatable {
  public var activations: [NodeActivation] = [.relu, .abs]
  public var conditions: [BiasCondition] = [.uniform, .data]
  /// Documentation strings printed by `abs-table1`; the code below implements exactly these.
  public var lossName = "Mean Squared Error (MSELoss), mean over the 1024 points"
  public var optimizerName = "SGD (torch update rule, NET-13), full batch"
  public var weightInitializationName = "Xavier (Glorot) uniform, gain 1: U(-sqrt(6 / (fan_in + fan_out)), +)"
  public var learningRate = 0.001
  /// Training steps; one full-batch step per epoch, so also the epoch count.
  public var steps = 200
  public var momentum = 0.9
  /// Half-width r of the uniform box for z (paper: 8).
  public var uniformHalfWidth = 8.0
  public var modelsPerCondition = 300
  public var pointCount = 1024
  public var mean: [Double] = [3.0, 2.0]
  public var covariance: [[Double]] = [[2.0, -1.0], [-1.0, 1.0]]
  /// Coherent when |W mu + b| <= this (ABS-15).
  public var coherenceThreshold = 1.0
  /// Dead when the final training loss exceeds this (ABS-15).
  public var deadLossThreshold = 1.7
  public var deadRule: DeadRule = .reluOnly
  /// Re-initialisations allowed for a dead start before giving up (ABS-12).
  public var maximumReinitializations = 10_000

  public init() {}

  /// The paper's protocol.
  public static let paper = Experiment1Configuration()

  /// The configuration a scale runs (REPRO-21): default and paper run the full protocol (it takes
  /// about a second); smoke trains 30 models per activation and condition.
  public static func forScale(_ scale: Scale) -> Experiment1Configuration {
    var c = Experiment1Configuration.paper
    if scale == .smoke { c.modelsPerCondition = 30 }
    return c
  }

  /// Domain checks (ABS-7).
  public func validate() throws(AbsMahalanobisError) {
    guard learningRate.isFinite, learningRate >= 0 else {
      throw .invalidConfiguration("learningRate \(learningRate) must be finite and >= 0")
    }
    guard momentum.isFinite, momentum >= 0 else { throw .invalidConfiguration("momentum \(momentum) must be finite and >= 0") }
    guard steps >= 1 else { throw .invalidConfiguration("steps \(steps) must be >= 1") }
    guard modelsPerCondition >= 1 else { throw .invalidConfiguration("modelsPerCondition \(modelsPerCondition) must be >= 1") }
    guard pointCount >= 2 else { throw .invalidConfiguration("pointCount \(pointCount) must be >= 2") }
    guard uniformHalfWidth.isFinite, uniformHalfWidth > 0 else {
      throw .invalidConfiguration("uniformHalfWidth \(uniformHalfWidth) must be > 0")
    }
    guard covariance.count == mean.count, covariance.allSatisfy({ $0.count == mean.count }) else {
      throw .dimensionMismatch(what: "covariance order", expected: mean.count, got: covariance.count)
    }
  }
}
