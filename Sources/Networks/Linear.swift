import Autodiff
import Randomness
import Tensors

/// A fully connected layer, PyTorch's `nn.Linear` (NET-3).
///
/// y = x W^T + b for x [n, in], W [out, in] (PyTorch's layout, so weights are interchangeable
/// with torch's `weight` tensor unchanged), b [out] broadcast over the rows; y is [n, out].
/// Parameters: "weight" [out, in], then "bias" [out] (absent when `bias` is false).
/// An input of rank other than 2 or of width other than `inputWidth` is a typed error.
public struct Linear: Layer {
  public let inputWidth: Int
  public let outputWidth: Int
  public let hasBias: Bool

  public init(_ inputWidth: Int, _ outputWidth: Int, bias: Bool = true) throws(NetworkError) {
    guard inputWidth >= 1, outputWidth >= 1 else { throw .invalidWidths([inputWidth, outputWidth]) }
    self.inputWidth = inputWidth
    self.outputWidth = outputWidth
    self.hasBias = bias
  }

  public var description: String { "Linear(in: \(inputWidth), out: \(outputWidth)\(hasBias ? "" : ", bias: false"))" }

  public var parameterSpecs: [ParameterSpec] {
    let weight = ParameterSpec(name: "weight", shape: [outputWidth, inputWidth])
    return hasBias ? [weight, ParameterSpec(name: "bias", shape: [outputWidth])] : [weight]
  }

  /// Weight first, then bias, as `nn.Linear.reset_parameters` draws them (NET-9).
  public func initialParameters<G: RandomSource>(_ scheme: LinearInitialization,
                                                 using generator: inout G) throws(NetworkError) -> [Parameter] {
    let (weight, bias) = try scheme.values(outputWidth: outputWidth, inputWidth: inputWidth, bias: hasBias, using: &generator)
    var result = [Parameter(name: "weight", value: weight)]
    if let bias { result.append(Parameter(name: "bias", value: bias)) }
    return result
  }

  /// `nn.Linear`'s own initialisation from a torch generator: weight, then bias (NET-101, NET-102).
  public func torchInitialParameters(dtype: TorchDType,
                                     using generator: inout TorchGenerator) throws(NetworkError) -> [Parameter] {
    try TorchModules.linear(inputWidth, outputWidth, bias: hasBias, dtype: dtype, using: &generator)
  }

  public func callAsFunction(_ x: Variable, context: ForwardContext) throws -> Variable {
    guard x.shape.count == 2 else { throw NetworkError.inputRank(layer: description, expected: 2, shape: x.shape) }
    guard x.shape[1] == inputWidth else {
      throw NetworkError.inputWidth(layer: description, expected: inputWidth, got: x.shape[1])
    }
    let weight = try context.parameter("weight")
    let product = try lift { () throws(TensorError) in try x.matmulTransposed(weight) }
    guard hasBias else { return product }
    let bias = try context.parameter("bias")
    return try lift { () throws(TensorError) in try product + bias }
  }
}
