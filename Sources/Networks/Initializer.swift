import Foundation
import Randomness
import Tensors

/// Parameter initialisers with `torch.nn.init`'s definitions (NET-8).
///
/// Formulas, in torch's operation order (fan_in, fan_out from ``fans(of:)``, NET-7):
/// - xavierUniform(gain): std = gain * sqrt(2.0 / (fan_in + fan_out)), a = sqrt(3.0) * std,
///   U(-a, a) (so a = gain * sqrt(6 / (fan_in + fan_out)));
/// - xavierNormal(gain): N(0, std^2) with the same std;
/// - kaimingUniform(mode, gain): std = gain / sqrt(fan), bound = sqrt(3.0) * std, U(-bound, bound)
///   (so bound = gain * sqrt(3 / fan)), fan = fan_in or fan_out by `mode`;
/// - kaimingNormal(mode, gain): N(0, std^2), std = gain / sqrt(fan);
/// - constant(c); uniform(low, high); normal(mean, std).
///
/// Draws: element k (row-major) of a uniform fill is low + (high - low) * u_k, with u_k the k-th
/// `nextDouble()` of the stream; a normal fill is mean + std * z_k with z from ``BoxMuller``
/// (NET-10); constant draws nothing. torch's generator differs, so values differ from torch's
/// for the same seed while the distributions are the same. An empty tensor draws nothing.
public enum Initializer: Sendable, Equatable {
  case constant(Double)
  case uniform(low: Double, high: Double)
  case normal(mean: Double, std: Double)
  case xavierUniform(gain: Double)
  case xavierNormal(gain: Double)
  case kaimingUniform(mode: FanMode, gain: Double)
  case kaimingNormal(mode: FanMode, gain: Double)

  /// Kaiming uniform with the gain of the nonlinearity that follows (torch's default:
  /// fan-in, leaky ReLU with slope 0, i.e. gain sqrt(2)).
  public static func kaimingUniform(mode: FanMode = .fanIn, nonlinearity: Nonlinearity = .leakyReLU(slope: 0)) -> Initializer {
    .kaimingUniform(mode: mode, gain: nonlinearity.gain)
  }

  /// Kaiming normal with the gain of the nonlinearity that follows.
  public static func kaimingNormal(mode: FanMode = .fanIn, nonlinearity: Nonlinearity = .leakyReLU(slope: 0)) -> Initializer {
    .kaimingNormal(mode: mode, gain: nonlinearity.gain)
  }

  /// What this initialiser samples for a tensor of `shape`, with its parameters resolved:
  /// a uniform on [low, high), a normal (mean, std), or a constant.
  public enum Distribution: Equatable, Sendable {
    case constant(Double)
    case uniform(low: Double, high: Double)
    case normal(mean: Double, std: Double)
  }

  /// The distribution for a tensor of `shape` (fans computed from the shape where needed).
  public func distribution(for shape: [Int]) throws(NetworkError) -> Distribution {
    switch self {
    case let .constant(c): return .constant(c)
    case let .uniform(low, high): return .uniform(low: low, high: high)
    case let .normal(mean, std): return .normal(mean: mean, std: std)
    case let .xavierUniform(gain):
      let (fanIn, fanOut) = try fans(of: shape)
      let std = gain * Foundation.sqrt(2.0 / Double(fanIn + fanOut))
      let a = Foundation.sqrt(3.0) * std
      return .uniform(low: -a, high: a)
    case let .xavierNormal(gain):
      let (fanIn, fanOut) = try fans(of: shape)
      return .normal(mean: 0, std: gain * Foundation.sqrt(2.0 / Double(fanIn + fanOut)))
    case let .kaimingUniform(mode, gain):
      let std = gain / Foundation.sqrt(Double(try Self.fan(shape, mode)))
      let bound = Foundation.sqrt(3.0) * std
      return .uniform(low: -bound, high: bound)
    case let .kaimingNormal(mode, gain):
      return .normal(mean: 0, std: gain / Foundation.sqrt(Double(try Self.fan(shape, mode))))
    }
  }

  static func fan(_ shape: [Int], _ mode: FanMode) throws(NetworkError) -> Int {
    let (fanIn, fanOut) = try fans(of: shape)
    return mode == .fanIn ? fanIn : fanOut
  }

  /// A tensor of `shape` filled from `generator` as described above.
  /// Errors: rank < 2 for Xavier/Kaiming; low > high, negative std or non-finite parameters.
  public func tensor<G: RandomSource>(shape: [Int], using generator: inout G) throws(NetworkError) -> Tensor {
    guard shape.allSatisfy({ $0 >= 0 }) else { throw .tensor(.invalidShape(shape, reason: "negative extent")) }
    let count = shape.reduce(1, *)
    if count == 0 { return Tensor.zeros(shape) }
    var result = Tensor.zeros(shape)
    switch try distribution(for: shape) {
    case let .constant(c):
      guard c.isFinite else { throw .invalidInitializer("constant \(c) is not finite") }
      result = Tensor(repeating: c, shape: shape)
    case let .uniform(low, high):
      guard low.isFinite, high.isFinite, low <= high else {
        throw .invalidInitializer("uniform bounds [\(low), \(high)) must be finite with low <= high")
      }
      for k in 0..<count { result[flat: k] = low + (high - low) * generator.nextDouble() }
    case let .normal(mean, std):
      guard mean.isFinite, std.isFinite, std >= 0 else {
        throw .invalidInitializer("normal(mean \(mean), std \(std)) needs finite values and std >= 0")
      }
      // `count` values for a tensor of `count` elements: the replacement cannot fail.
      let values = BoxMuller.fill(count: count, using: &generator).map { mean + std * $0 }
      for k in 0..<count { result[flat: k] = values[k] }
    }
    return result
  }
}
