import Foundation

/// The solution classes of Experiment 1 (ABS-15).
public enum NodeClass: String, Sendable, CaseIterable, Equatable, CustomStringConvertible {
  case coherent, adhoc, dead
  public var description: String {
    switch self {
    case .coherent: return "Coherent"
    case .adhoc: return "Adhoc"
    case .dead: return "Dead"
    }
  }
}

/// The classification rule of Experiment 1 (ABS-15), as the author's code applies it:
/// - a = |W mu + b|, the pre-activation at the mean (not divided by ||W||);
/// - Coherent when a <= `coherenceThreshold` (1.0), Adhoc otherwise;
/// - Dead, overriding both, when the final training loss exceeds `deadLossThreshold` (1.7) and
///   the dead rule applies to the activation (``DeadRule``).
/// The geometric variant divides by the weight norm: a / ||W|| is the Euclidean distance from mu
/// to the boundary W x + b = 0; it is reported beside the paper's rule, with the same threshold.
public struct NodeClassifier: Sendable, Equatable {
  public var mean: [Double]
  public var coherenceThreshold: Double
  public var deadLossThreshold: Double
  public var deadRule: DeadRule

  public init(mean: [Double], coherenceThreshold: Double = 1.0, deadLossThreshold: Double = 1.7, deadRule: DeadRule = .reluOnly) {
    self.mean = mean
    self.coherenceThreshold = coherenceThreshold
    self.deadLossThreshold = deadLossThreshold
    self.deadRule = deadRule
  }

  /// |W mu + b|.
  public func preactivationAtMean(_ node: SingleNode) -> Double {
    Swift.abs(node.preactivation(mean))
  }

  /// |W mu + b| / ||W||: the distance from mu to the boundary (infinite for W = 0).
  public func boundaryDistance(_ node: SingleNode) -> Double {
    let norm = node.weight.reduce(0) { $0 + $1 * $1 }.squareRoot()
    return norm > 0 ? preactivationAtMean(node) / norm : .infinity
  }

  /// The class by the paper's rule.
  public func classify(_ node: SingleNode, finalLoss: Double) -> NodeClass {
    if deadRule.applies(to: node.activation), finalLoss > deadLossThreshold { return .dead }
    return preactivationAtMean(node) <= coherenceThreshold ? .coherent : .adhoc
  }

  /// The class by the geometric variant (distance to the boundary instead of |W mu + b|).
  public func classifyGeometrically(_ node: SingleNode, finalLoss: Double) -> NodeClass {
    if deadRule.applies(to: node.activation), finalLoss > deadLossThreshold { return .dead }
    return boundaryDistance(node) <= coherenceThreshold ? .coherent : .adhoc
  }
}
