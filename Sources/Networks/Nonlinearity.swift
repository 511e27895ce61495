import Foundation

/// The activation functions by name: what the MLP builder inserts (NET-5) and what an
/// initialiser's gain is computed for (NET-7).
public enum Nonlinearity: Sendable, Equatable, CustomStringConvertible {
  case identity, relu, abs, sigmoid, tanh
  case leakyReLU(slope: Double)

  /// The layer applying this function.
  public var layer: any Layer {
    switch self {
    case .identity: return Identity()
    case .relu: return ReLU()
    case .abs: return Abs()
    case .sigmoid: return Sigmoid()
    case .tanh: return Tanh()
    case let .leakyReLU(slope): return LeakyReLU(slope: slope)
    }
  }

  /// `torch.nn.init.calculate_gain` (NET-7): identity (torch's "linear") 1, sigmoid 1,
  /// tanh 5/3, relu sqrt(2.0), leaky ReLU sqrt(2.0 / (1 + slope^2)). torch has no entry for
  /// |x|; we use 1, because |x| keeps the second moment (E|z|^2 = E z^2), as the identity does.
  public var gain: Double {
    switch self {
    case .identity, .sigmoid, .abs: return 1
    case .tanh: return 5.0 / 3
    case .relu: return Foundation.sqrt(2.0)
    case let .leakyReLU(slope): return Foundation.sqrt(2.0 / (1 + slope * slope))
    }
  }

  public var description: String { layer.description }
}
