import Foundation
import Randomness
import Tensors

/// How a Linear layer's weight and bias are initialised (NET-9).
public enum LinearInitialization: Sendable, Equatable {
  /// PyTorch's `nn.Linear.reset_parameters`: weight by kaiming_uniform_(a = sqrt(5)), i.e.
  /// gain = sqrt(2 / (1 + 5)), std = gain / sqrt(fan_in), bound = sqrt(3) * std (= 1/sqrt(fan_in)
  /// up to rounding); then bias U(-b, b) with b = 1 / sqrt(fan_in). Weight drawn first.
  case pytorchDefault
  /// Any initialisers for the weight [out, in] and the bias [out], drawn in that order.
  case custom(weight: Initializer, bias: Initializer)

  /// The weight initialiser of ``pytorchDefault``.
  public static let pytorchDefaultWeight = Initializer.kaimingUniform(mode: .fanIn, nonlinearity: .leakyReLU(slope: Foundation.sqrt(5.0)))

  /// The bias bound of ``pytorchDefault``: 1 / sqrt(fan_in).
  public static func pytorchDefaultBiasBound(fanIn: Int) -> Double {
    fanIn > 0 ? 1 / Foundation.sqrt(Double(fanIn)) : 0
  }

  /// Weight [out, in] then (when `bias`) bias [out], drawn from `generator` in that order.
  func values<G: RandomSource>(outputWidth: Int, inputWidth: Int, bias: Bool, using generator: inout G) throws(NetworkError) -> (Tensor, Tensor?) {
    switch self {
    case .pytorchDefault:
      let weight = try Self.pytorchDefaultWeight.tensor(shape: [outputWidth, inputWidth], using: &generator)
      guard bias else { return (weight, nil) }
      let b = Self.pytorchDefaultBiasBound(fanIn: inputWidth)
      return (weight, try Initializer.uniform(low: -b, high: b).tensor(shape: [outputWidth], using: &generator))
    case let .custom(weightInit, biasInit):
      let weight = try weightInit.tensor(shape: [outputWidth, inputWidth], using: &generator)
      guard bias else { return (weight, nil) }
      return (weight, try biasInit.tensor(shape: [outputWidth], using: &generator))
    }
  }
}
