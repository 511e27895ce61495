import Autodiff
import Randomness
import Tensors

/// The name and shape of one parameter (or buffer) a layer owns (local name, e.g. "weight").
/// `integer` marks a tensor torch holds as int64 (BatchNorm's `num_batches_tracked`): held here as
/// whole Doubles, saved as I64 (NET-77).
public struct ParameterSpec: Equatable, Sendable {
  public let name: String
  public let shape: [Int]
  public let integer: Bool
  public init(name: String, shape: [Int], integer: Bool = false) {
    self.name = name
    self.shape = shape
    self.integer = integer
  }

  /// The same spec under "prefix.name" (how containers name their children's tensors).
  public func prefixed(_ prefix: String) -> ParameterSpec {
    ParameterSpec(name: "\(prefix).\(name)", shape: shape, integer: integer)
  }
}

/// A differentiable building block (NET-2).
///
/// A layer is an immutable description: its parameter values live in a ``ParameterStore`` and
/// reach the forward pass through the ``ForwardContext`` (``ForwardContext/parameter(_:)``), so
/// one description can be run with many parameter values (optimiser steps, gradient checks,
/// weights loaded from torch). The layers of this module throw only ``NetworkError``; the
/// requirement is untyped so that layers of other modules may throw their own errors.
public protocol Layer: Sendable, CustomStringConvertible {
  /// The parameters this layer owns, with local names, in order (NET-1).
  var parameterSpecs: [ParameterSpec] { get }

  /// Fresh values for ``parameterSpecs``, in the same order, drawn from `generator` in that
  /// order (NET-8, NET-9).
  func initialParameters<G: RandomSource>(_ scheme: LinearInitialization, using generator: inout G) throws(NetworkError)
    -> [Parameter]

  /// The parameters torch's constructor of the same module would make after
  /// `torch.manual_seed(s)`, drawn from `generator` in torch's order (NET-102). Parameter-free
  /// layers draw nothing; a layer with parameters that does not implement it throws
  /// ``NetworkError/noTorchInitialization(layer:)``.
  func torchInitialParameters(dtype: TorchDType, using generator: inout TorchGenerator) throws(NetworkError) -> [Parameter]

  /// The buffers (non-trained state, NET-30) this layer owns, with local names, in order.
  var bufferSpecs: [ParameterSpec] { get }

  /// The initial values of ``bufferSpecs``, in the same order (no random draws).
  func initialBuffers() -> [Buffer]

  /// The taps (NET-32) this layer records below itself, as names relative to its own scope, in
  /// the order a forward pass records them. A leaf layer records none; a container lists each
  /// child's taps (prefixed by the child's name) followed by the child's own name.
  var tapNames: [String] { get }

  /// The forward pass on `x`, recording on `context.tape`.
  func callAsFunction(_ x: Variable, context: ForwardContext) throws -> Variable
}

extension Layer {
  /// Parameter-free layers own nothing.
  public var parameterSpecs: [ParameterSpec] { [] }

  public func initialParameters<G: RandomSource>(_ scheme: LinearInitialization, using generator: inout G) throws(NetworkError)
    -> [Parameter]
  {
    []
  }

  /// Parameter-free layers draw nothing; others must say how torch makes them (NET-102).
  public func torchInitialParameters(
    dtype: TorchDType,
    using generator: inout TorchGenerator
  ) throws(NetworkError) -> [Parameter] {
    guard parameterSpecs.isEmpty else { throw .noTorchInitialization(layer: description) }
    return []
  }

  /// Most layers keep no buffers.
  public var bufferSpecs: [ParameterSpec] { [] }
  public func initialBuffers() -> [Buffer] { [] }
  /// Leaf layers record no taps of their own.
  public var tapNames: [String] { [] }
}
