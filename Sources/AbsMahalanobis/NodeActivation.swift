import Networks

/// The two activations the seed compares, with PyTorch's kink conventions (ABS-13, FOUND-24):
/// relu(s) = max(s, 0) with relu'(0) = 0; abs(s) = |s| with abs'(0) = sign(0) = 0. The derivative
/// is a select, not a product, so it is exactly 0 at the kink whatever the incoming cotangent.
public enum NodeActivation: String, Sendable, CaseIterable, Equatable, CustomStringConvertible {
  case relu, abs

  /// The forward value.
  @inline(__always)
  public func apply(_ s: Double) -> Double {
    switch self {
    case .relu: return s > 0 ? s : 0
    case .abs: return Swift.abs(s)
    }
  }

  /// g * act'(s) as a select: relu passes g where s > 0; abs passes g where s > 0, -g where
  /// s < 0; both give exactly 0 at s = 0 (and for NaN s).
  @inline(__always)
  public func backward(_ g: Double, at s: Double) -> Double {
    switch self {
    case .relu: return s > 0 ? g : 0
    case .abs: return s > 0 ? g : (s < 0 ? -g : 0)
    }
  }

  /// The Networks nonlinearity of the same name (for tape versions and the MLP builder).
  public var nonlinearity: Nonlinearity {
    switch self {
    case .relu: return .relu
    case .abs: return .abs
    }
  }

  /// "ReLU" or "Abs", as the paper's tables name them.
  public var description: String { self == .relu ? "ReLU" : "Abs" }
}
