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
  public static let pytorchDefaultWeight = Initializer.kaimingUniform(mode: .fanIn,
                                                                      nonlinearity: .leakyReLU(slope: Foundation.sqrt(5.0)))

  /// The bias bound of ``pytorchDefault``: 1 / sqrt(fan_in).
  public static func pytorchDefaultBiasBound(fanIn: Int) -> Double {
    fanIn > 0 ? 1 / Foundation.sqrt(Double(fanIn)) : 0
  }

  /// Weight [out, in] then (when `bias`) bias [out], drawn from `generator` in that order.
  func values<G: RandomSource>(outputWidth: Int, inputWidth: Int, bias: Bool,
                               using generator: inout G) throws(NetworkError) -> (Tensor, Tensor?) {
    try values(weightShape: [outputWidth, inputWidth], bias: bias, using: &generator)
  }

  /// A weight of `weightShape` ([out, in, k...]: Linear's [out, in], a convolution's
  /// [out, in / groups, kH, kW], NET-33) then (when `bias`) a bias [out], drawn in that order.
  /// The default scheme's bias bound is 1 / sqrt(fan_in) with fan_in = in * product(k...)
  /// (torch's `_calculate_fan_in_and_fan_out`, NET-7), as `_ConvNd.reset_parameters` does.
  func values<G: RandomSource>(weightShape: [Int], bias: Bool,
                               using generator: inout G) throws(NetworkError) -> (Tensor, Tensor?) {
    let biasShape = [weightShape.first ?? 0]
    switch self {
    case .pytorchDefault:
      let weight = try Self.pytorchDefaultWeight.tensor(shape: weightShape, using: &generator)
      guard bias else { return (weight, nil) }
      let b = Self.pytorchDefaultBiasBound(fanIn: try fans(of: weightShape).fanIn)
      return (weight, try Initializer.uniform(low: -b, high: b).tensor(shape: biasShape, using: &generator))
    case let .custom(weightInit, biasInit):
      let weight = try weightInit.tensor(shape: weightShape, using: &generator)
      guard bias else { return (weight, nil) }
      return (weight, try biasInit.tensor(shape: biasShape, using: &generator))
    }
  }

  /// The "weight" and (when `bias`) "bias" parameters of a layer with this weight shape, drawn
  /// as ``values(weightShape:bias:using:)`` draws them.
  func parameters<G: RandomSource>(weightShape: [Int], bias: Bool, using generator: inout G) throws(NetworkError) -> [Parameter] {
    let (weight, b) = try values(weightShape: weightShape, bias: bias, using: &generator)
    return [Parameter(name: "weight", value: weight)] + (b.map { [Parameter(name: "bias", value: $0)] } ?? [])
  }

  /// The specs of those parameters: "weight" of `weightShape`, then "bias" [out].
  static func specs(weightShape: [Int], bias: Bool) -> [ParameterSpec] {
    let weight = ParameterSpec(name: "weight", shape: weightShape)
    return bias ? [weight, ParameterSpec(name: "bias", shape: [weightShape[0]])] : [weight]
  }
}
