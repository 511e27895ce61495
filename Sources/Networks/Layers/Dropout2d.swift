import Autodiff
import Randomness
import Tensors

/// Channel dropout, PyTorch's `nn.Dropout2d(p)` on [N, C, H, W] (and `nn.Dropout1d` on
/// [N, C, L]) (NET-37): whole channels are zeroed.
///
/// Training mode: for each (n, c) in row-major order one draw u = nextDouble() from the
/// context's stream; the channel is kept when u < 1 - p. The mask m [N, C, 1, ...] holds
/// 1 / (1 - p) for kept channels and 0 otherwise; y = x * m broadcast over the positions, and
/// dx = g * m. p = 0 returns x without drawing. Evaluation: y = x. As ``Dropout`` (NET-6), the
/// stream is explicit, so masks differ from torch's while the distribution is the same.
public struct Dropout2d: Layer {
  public let probability: Double

  public init(_ probability: Double) throws(NetworkError) {
    guard probability >= 0, probability < 1 else { throw .dropoutProbability(probability) }
    self.probability = probability
  }

  public var description: String { "Dropout2d(p: \(probability))" }

  public func callAsFunction(_ x: Variable, context: ForwardContext) throws -> Variable {
    guard x.shape.count >= 3 else { throw NetworkError.inputRank(layer: description, expected: 4, shape: x.shape) }
    let channels = [x.shape[0], x.shape[1]] + [Int](repeating: 1, count: x.shape.count - 2)
    guard let mask = try invertedDropoutMask(shape: channels, probability: probability, context: context,
                                             layer: description) else { return x }
    return try lift { () throws(TensorError) in try x.multiplying(mask) }
  }
}
