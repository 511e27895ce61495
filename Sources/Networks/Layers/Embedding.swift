import Autodiff
import Randomness
import Tensors

/// A lookup table of token vectors, PyTorch's `nn.Embedding(count, dimension, padding_idx)`
/// (NET-70), on Autodiff's `embedding` (FOUND-90).
///
/// Input: token ids of any shape S (whole numbers in 0 ..< count, held as doubles), e.g. [B, T];
/// output [S..., dimension], row by row copies of "weight" [count, dimension]. The row
/// `paddingIndex` starts at zero and receives no gradient, so training keeps it zero (torch's
/// padding_idx). Initialisation: N(0, 1) for every entry (torch's `normal_`; here by NET-10's
/// draws in row-major order, or torch's own with ``torchInitialParameters(dtype:using:)``),
/// then the padding row set to zero.
/// Errors: count or dimension below 1, a padding index outside 0 ..< count; ids that are not
/// whole numbers in range (``NetworkError/tensor(_:)``).
public struct Embedding: Layer {
  public let count: Int
  public let dimension: Int
  public let paddingIndex: Int?

  public init(_ count: Int, _ dimension: Int, paddingIndex: Int? = nil) throws(NetworkError) {
    guard count >= 1, dimension >= 1 else { throw .invalidWidths([count, dimension]) }
    if let p = paddingIndex, !(0..<count).contains(p) {
      throw .invalidLayer(layer: "Embedding(\(count), \(dimension))", reason: "padding index \(p) is outside 0..<\(count)")
    }
    (self.count, self.dimension, self.paddingIndex) = (count, dimension, paddingIndex)
  }

  public var description: String { "Embedding(\(count), \(dimension)\(paddingIndex.map { ", padding index \($0)" } ?? ""))" }

  public var parameterSpecs: [ParameterSpec] { [ParameterSpec(name: "weight", shape: [count, dimension])] }

  /// N(0, 1) in row-major order, the padding row then zeroed (`reset_parameters`). The scheme,
  /// which describes linear layers, does not apply.
  public func initialParameters<G: RandomSource>(_ scheme: LinearInitialization, using generator: inout G) throws(NetworkError)
    -> [Parameter]
  {
    [
      Parameter(
        name: "weight",
        value: zeroingPadding(try Initializer.normal(mean: 0, std: 1).tensor(shape: [count, dimension], using: &generator)))
    ]
  }

  /// torch's own draws (NET-101), then the padding row zeroed.
  public func torchInitialParameters(
    dtype: TorchDType,
    using generator: inout TorchGenerator
  ) throws(NetworkError) -> [Parameter] {
    try TorchModules.embedding(count, dimension, dtype: dtype, using: &generator).map {
      Parameter(name: $0.name, value: zeroingPadding($0.value))
    }
  }

  func zeroingPadding(_ weight: Tensor) -> Tensor {
    guard let p = paddingIndex else { return weight }
    var w = weight
    for k in 0..<dimension { w[flat: p * dimension + k] = 0 }
    return w
  }

  public func callAsFunction(_ x: Variable, context: ForwardContext) throws -> Variable {
    let weight = try context.parameter("weight")
    return try lift { () throws(TensorError) in try weight.embedding(x.value, paddingIndex: paddingIndex) }
  }
}
