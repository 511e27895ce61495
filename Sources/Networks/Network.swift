import Autodiff
import Randomness
import Tensors

/// A layer together with the values of its parameters (NET-1, NET-2).
public struct Network: Sendable {
  /// The architecture (immutable).
  public let layer: any Layer
  /// The parameter values, in the layer's order; optimisers update them in place.
  public var parameters: ParameterStore

  /// Fresh parameters for `layer`, drawn from `generator` in parameter order (NET-9).
  public init<G: RandomSource>(_ layer: any Layer, initialization: LinearInitialization = .pytorchDefault,
                               using generator: inout G) throws(NetworkError) {
    self.layer = layer
    self.parameters = try ParameterStore(try layer.initialParameters(initialization, using: &generator))
  }

  /// The network "as torch would build it from seed s": every parameter drawn from `generator`
  /// (a ``TorchGenerator`` after `torch.manual_seed(s)`) by torch's own module initialisation, in
  /// module order (NET-102). With `dtype` float32 (torch's default dtype) the values are torch's
  /// float32 parameters, held as doubles. Layers with parameters but no torch initialisation
  /// throw ``NetworkError/noTorchInitialization(layer:)``.
  public init(_ layer: any Layer, torchDType dtype: TorchDType = .float32, using generator: inout TorchGenerator) throws(NetworkError) {
    self.layer = layer
    self.parameters = try ParameterStore(try layer.torchInitialParameters(dtype: dtype, using: &generator))
  }

  /// Given parameters (e.g. loaded from torch): names, order and shapes must match the layer's
  /// ``Layer/parameterSpecs``.
  public init(_ layer: any Layer, parameters: ParameterStore) throws(NetworkError) {
    let specs = layer.parameterSpecs
    guard specs.map(\.name) == parameters.names else {
      throw .parameterNames(expected: specs.map(\.name), got: parameters.names)
    }
    for (spec, p) in zip(specs, parameters.parameters) where spec.shape != p.value.shape {
      throw .parameterShape(name: spec.name, expected: spec.shape, got: p.value.shape)
    }
    self.layer = layer
    self.parameters = parameters
  }

  /// The forward pass on a context bound to this network's parameters.
  public func callAsFunction(_ x: Variable, context: ForwardContext) throws -> Variable {
    try layer(x, context: context)
  }

  /// The output for `x` in evaluation mode (no dropout, no draws), on a throwaway tape.
  public func predict(_ x: Tensor) throws -> Tensor {
    let tape = Tape()
    let context = ForwardContext(tape: tape, parameters: parameters, mode: .evaluation)
    return try layer(tape.variable(x, name: "input"), context: context).value
  }
}
