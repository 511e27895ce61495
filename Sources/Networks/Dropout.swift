import Autodiff
import Randomness
import Tensors

/// Inverted dropout, PyTorch's `nn.Dropout(p)` (NET-6).
///
/// Training mode: for each element, in row-major order, one draw u = nextDouble() from the
/// context's stream; the element is kept when u < 1 - p. The mask m holds 1 / (1 - p) where
/// kept and 0 elsewhere, and y = x * m (so E[y] = x); the VJP is dx = g * m with the same mask.
/// p = 0 returns x unchanged without drawing (as torch does). Evaluation mode: y = x, no draws.
/// Errors: p outside [0, 1) at construction; training mode without a stream in the context.
public struct Dropout: Layer {
  public let probability: Double

  public init(_ probability: Double) throws(NetworkError) {
    guard probability >= 0, probability < 1 else { throw .dropoutProbability(probability) }
    self.probability = probability
  }

  public var description: String { "Dropout(p: \(probability))" }

  public func callAsFunction(_ x: Variable, context: ForwardContext) throws -> Variable {
    guard context.mode == .training, probability > 0 else { return x }
    guard var stream = context.random else { throw NetworkError.missingRandomStream(layer: description) }
    let keep = 1 - probability
    let scale = 1 / keep
    var mask = Tensor.zeros(x.shape)
    for k in 0..<mask.count {
      if stream.nextDouble() < keep { mask.scalars[k] = scale }
    }
    context.random = stream
    return try lift { () throws(TensorError) in try x.multiplying(mask) }
  }
}
