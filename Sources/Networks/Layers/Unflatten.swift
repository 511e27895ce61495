import Autodiff
import Tensors

/// PyTorch's `nn.Unflatten(1, shape)` (NET-121): rows [N, prod(shape)] -> [N, shape...] in
/// row-major order, the inverse of ``Flatten``. It lets a model whose inputs are matrix rows (the
/// case base of NN-kNN, [n, C H W]) feed a convolution ([n, C, H, W]) without copying.
/// VJP: the gradient reshaped back to [N, prod(shape)].
/// Errors: an input that is not [N, prod(shape)].
public struct Unflatten: Layer {
  public let shape: [Int]

  /// Errors: an empty shape or a size below 1.
  public init(_ shape: [Int]) throws(NetworkError) {
    guard !shape.isEmpty, shape.allSatisfy({ $0 >= 1 }) else {
      throw .invalidLayer(layer: "Unflatten", reason: "shape \(shape) must be non-empty with every size >= 1")
    }
    self.shape = shape
  }

  public var description: String { "Unflatten(\(shape))" }

  public func callAsFunction(_ x: Variable, context: ForwardContext) throws -> Variable {
    let width = shape.reduce(1, *)
    guard x.shape.count == 2 else { throw NetworkError.inputRank(layer: description, expected: 2, shape: x.shape) }
    guard x.shape[1] == width else { throw NetworkError.inputWidth(layer: description, expected: width, got: x.shape[1]) }
    return try lift { () throws(TensorError) in try x.reshaped([x.shape[0]] + shape) }
  }
}
