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
    guard let mask = try invertedDropoutMask(shape: x.shape, probability: probability, context: context,
                                             layer: description) else { return x }
    return try lift { () throws(TensorError) in try x.multiplying(mask) }
  }
}

/// The mask of inverted dropout (NET-6, NET-37) of `shape`, or nil when nothing is dropped
/// (evaluation mode, or p = 0: no draws). One draw u = nextDouble() per element in row-major
/// order from the context's stream; kept (value 1 / (1 - p)) when u < 1 - p, else 0.
func invertedDropoutMask(shape: [Int], probability: Double, context: ForwardContext,
                         layer: String) throws(NetworkError) -> Tensor? {
  guard context.mode == .training, probability > 0 else { return nil }
  guard var stream = context.random else { throw .missingRandomStream(layer: layer) }
  let keep = 1 - probability
  let scale = 1 / keep
  var mask = Tensor.zeros(shape)
  for k in 0..<mask.count {
    if stream.nextDouble() < keep { mask[flat: k] = scale }
  }
  context.random = stream
  return mask
}
