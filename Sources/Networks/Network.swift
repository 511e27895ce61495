import Autodiff
import Randomness
import Tensors

/// A layer together with the values of its parameters and buffers (NET-1, NET-2, NET-30).
public struct Network: Sendable {
  /// The architecture (immutable).
  public let layer: any Layer
  /// The parameter values, in the layer's order; optimisers update them in place.
  public var parameters: ParameterStore
  /// The buffers (BatchNorm's running statistics...), in the layer's order; training-mode
  /// passes change them only when committed (``commitBuffers(from:)``).
  public var buffers: BufferStore

  /// Fresh parameters for `layer`, drawn from `generator` in parameter order (NET-9), and the
  /// layer's initial buffers.
  public init<G: RandomSource>(_ layer: any Layer, initialization: LinearInitialization = .pytorchDefault,
                               using generator: inout G) throws(NetworkError) {
    self.layer = layer
    self.parameters = try ParameterStore(try layer.initialParameters(initialization, using: &generator))
    self.buffers = try BufferStore(layer.initialBuffers())
  }

  /// The network "as torch would build it from seed s": every parameter drawn from `generator`
  /// (a ``TorchGenerator`` after `torch.manual_seed(s)`) by torch's own module initialisation, in
  /// module order (NET-102). With `dtype` float32 (torch's default dtype) the values are torch's
  /// float32 parameters, held as doubles. Layers with parameters but no torch initialisation
  /// throw ``NetworkError/noTorchInitialization(layer:)``.
  public init(_ layer: any Layer, torchDType dtype: TorchDType = .float32,
              using generator: inout TorchGenerator) throws(NetworkError) {
    self.layer = layer
    self.parameters = try ParameterStore(try layer.torchInitialParameters(dtype: dtype, using: &generator))
    self.buffers = try BufferStore(layer.initialBuffers())
  }

  /// Given parameters (e.g. loaded from torch) and optionally buffers (else the layer's initial
  /// ones): names, order and shapes must match the layer's ``Layer/parameterSpecs`` and
  /// ``Layer/bufferSpecs``.
  public init(_ layer: any Layer, parameters: ParameterStore, buffers: BufferStore? = nil) throws(NetworkError) {
    try Self.check(layer.parameterSpecs, names: parameters.names, shapes: parameters.values.map(\.shape))
    let initial = try BufferStore(layer.initialBuffers())
    let buffers = buffers ?? initial
    try Self.check(layer.bufferSpecs, names: buffers.names, shapes: buffers.buffers.map(\.value.shape))
    self.layer = layer
    self.parameters = parameters
    self.buffers = buffers
  }

  static func check(_ specs: [ParameterSpec], names: [String], shapes: [[Int]]) throws(NetworkError) {
    guard specs.map(\.name) == names else { throw .parameterNames(expected: specs.map(\.name), got: names) }
    for (spec, shape) in zip(specs, shapes) where spec.shape != shape {
      throw .parameterShape(name: spec.name, expected: spec.shape, got: shape)
    }
  }

  /// A context on `tape` bound to this network's parameters and buffers (NET-2, NET-30).
  public func context(tape: Tape, mode: ForwardContext.Mode, random: (any RandomSource)? = nil) -> ForwardContext {
    ForwardContext(tape: tape, parameters: parameters, mode: mode, random: random, buffers: buffers)
  }

  /// The forward pass on a context bound to this network's parameters.
  public func callAsFunction(_ x: Variable, context: ForwardContext) throws -> Variable {
    try layer(x, context: context)
  }

  /// Keeps the buffer values a training-mode pass proposed (BatchNorm's running statistics).
  public mutating func commitBuffers(from context: ForwardContext) {
    buffers = context.updatedBuffers
  }

  /// The output for `x` in evaluation mode (no dropout, no draws, running statistics), on a
  /// throwaway tape.
  public func predict(_ x: Tensor) throws -> Tensor {
    let tape = Tape()
    return try layer(tape.variable(x, name: "input"), context: context(tape: tape, mode: .evaluation)).value
  }
}

extension Network {
  /// The network of `layer` with this network's parameters and buffers of the same names (NET-122):
  /// a trained classifier's feature extractor (``Sequential/prefix(through:)``,
  /// ``BiLSTMFeatures``) carrying the trained values. Errors: a parameter or buffer of `layer`
  /// that this network lacks, or has in another shape.
  public func restricted(to layer: any Layer) throws(NetworkError) -> Network {
    var kept: [Parameter] = []
    for spec in layer.parameterSpecs {
      guard let value = parameters.parameters.first(where: { $0.name == spec.name })?.value else {
        throw .unknownParameter(spec.name)
      }
      kept.append(Parameter(name: spec.name, value: value))
    }
    var keptBuffers: [Buffer] = []
    for spec in layer.bufferSpecs {
      guard let buffer = buffers.buffers.first(where: { $0.name == spec.name }) else { throw .unknownParameter(spec.name) }
      keptBuffers.append(buffer)
    }
    return try Network(layer, parameters: try ParameterStore(kept), buffers: try BufferStore(keptBuffers))
  }
}
