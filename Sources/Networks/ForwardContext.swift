import Autodiff
import Randomness
import Tensors

/// Everything a forward pass needs besides its input (NET-2): the tape, the mode, the parameters
/// bound as Variables on that tape, the buffers (NET-30), the random stream that dropout draws
/// from, and the taps the caller asked to record (NET-32).
///
/// Binding: `init(tape:parameters:mode:random:)` records every parameter of the store as a leaf
/// on the tape, in store order, before anything else is recorded. Layers ask for their own
/// parameters by local name (``parameter(_:)``) inside the scope that ``Sequential`` opens for
/// them ("0", "1", ...), so "weight" inside child 2 resolves to "2.weight". After the loss is
/// computed, ``gradients(of:)`` runs one backward pass and returns the gradient of every
/// parameter keyed by name, in store order. Parameters the loss does not use get zeros.
///
/// `init(tape:names:variables:mode:random:)` binds Variables the caller already recorded, which
/// is how the gradient checker differentiates a whole model with respect to its parameters.
///
/// Mode (NET-31): the whole model runs in one mode, PyTorch's `model.train()` / `model.eval()`:
/// training enables dropout and makes batch normalisation use and update batch statistics;
/// evaluation disables dropout and uses the running statistics.
///
/// Buffers (NET-30): a layer reads its buffers with ``buffer(_:)`` and, in training mode only,
/// proposes new values with ``updateBuffer(_:_:)``; later reads in the same pass see the proposal.
/// The stored buffers never change during the pass: ``updatedBuffers`` gives the store with the
/// proposals applied, for the caller to commit (the trainer commits after a successful step).
///
/// A context belongs to one forward pass on one thread; create a fresh one per tape.
public final class ForwardContext {
  /// Training enables dropout and batch statistics; evaluation disables dropout and uses running
  /// statistics (NET-31).
  public enum Mode: Sendable, Equatable { case training, evaluation }

  /// The tape everything is recorded on.
  public let tape: Tape
  /// Training or evaluation.
  public let mode: Mode
  /// The stream dropout draws from in training mode; layers take it, draw, and put it back.
  public var random: (any RandomSource)?
  /// Bound parameter names, in store order.
  public let parameterNames: [String]
  /// The Variable bound to each name (same order).
  public let parameterVariables: [Variable]
  private let positions: [String: Int]
  private var scope: [String] = []
  /// The buffers as they were when the pass began.
  public let buffers: BufferStore
  private var bufferProposals: [String: Tensor] = [:]
  /// The taps to record and whether to stop the pass once all are recorded (NET-32).
  var tapRequest = TapRequest.none
  /// The recorded taps, in recording order.
  public private(set) var recordedTaps: [(name: String, value: Variable)] = []

  /// Binds every parameter of `parameters` as a leaf on `tape`, in store order.
  public convenience init(tape: Tape, parameters: ParameterStore, mode: Mode, random: (any RandomSource)? = nil,
                          buffers: BufferStore = BufferStore.empty) {
    let variables = parameters.parameters.map { tape.variable($0.value, name: $0.name) }
    // Names in a store are unique, so positions need no check here.
    let positions = Dictionary(uniqueKeysWithValues: parameters.names.enumerated().map { ($1, $0) })
    self.init(tape: tape, names: parameters.names, variables: variables, positions: positions, mode: mode, random: random,
              buffers: buffers)
  }

  /// Binds the given Variables (already on `tape`) to the given names: the whole-model gradient
  /// checks (NET-21, and NET-47 for deep models with their buffers) pass the checker's leaves here.
  public convenience init(tape: Tape, names: [String], variables: [Variable], mode: Mode,
                          random: (any RandomSource)? = nil, buffers: BufferStore = BufferStore.empty) throws(NetworkError) {
    guard names.count == variables.count else { throw .valueCount(names: names.count, values: variables.count) }
    var positions: [String: Int] = [:]
    for (i, n) in names.enumerated() {
      guard positions[n] == nil else { throw .duplicateParameter(n) }
      positions[n] = i
    }
    self.init(tape: tape, names: names, variables: variables, positions: positions, mode: mode, random: random, buffers: buffers)
  }

  private init(tape: Tape, names: [String], variables: [Variable], positions: [String: Int], mode: Mode,
               random: (any RandomSource)?, buffers: BufferStore) {
    self.tape = tape
    self.mode = mode
    self.random = random
    self.parameterNames = names
    self.parameterVariables = variables
    self.positions = positions
    self.buffers = buffers
  }

  /// The full name that `localName` has in the current scope ("weight" -> "2.weight").
  public func fullName(_ localName: String) -> String {
    (scope + [localName]).joined(separator: ".")
  }

  /// The Variable bound to the parameter `localName` of the layer running now.
  public func parameter(_ localName: String) throws(NetworkError) -> Variable {
    let name = fullName(localName)
    guard let i = positions[name] else { throw .unknownParameter(name) }
    return parameterVariables[i]
  }

  /// Runs `body` with `component` appended to the name scope (how containers name their children).
  public func scoped<T>(_ component: String, _ body: () throws -> T) rethrows -> T {
    scope.append(component)
    defer { scope.removeLast() }
    return try body()
  }

  /// Runs the child `layer` on `x` in the name scope `name` and records its output as the tap
  /// `name` (NET-32): how containers call their children.
  public func apply(_ layer: any Layer, named name: String, to x: Variable) throws -> Variable {
    let y = try scoped(name) { try layer(x, context: self) }
    try recordTap(name, y)
    return y
  }

  // MARK: Buffers (NET-30)

  /// The current value of the buffer `localName` of the layer running now: this pass's proposal
  /// if one was made, else the stored value.
  public func buffer(_ localName: String) throws(NetworkError) -> Tensor {
    let name = fullName(localName)
    if let proposed = bufferProposals[name] { return proposed }
    return try buffers.value(name)
  }

  /// Proposes a new value for the buffer `localName` (training mode only, same shape).
  public func updateBuffer(_ localName: String, _ value: Tensor) throws(NetworkError) {
    let name = fullName(localName)
    guard mode == .training else { throw .invalidBufferUpdate(name: name, reason: "buffers change only in training mode") }
    let current = try buffer(localName)
    guard current.shape == value.shape else { throw .parameterShape(name: name, expected: current.shape, got: value.shape) }
    bufferProposals[name] = value
  }

  /// The buffers with this pass's proposals applied (equal to ``buffers`` when none were made).
  public var updatedBuffers: BufferStore {
    var result = buffers
    for b in buffers.buffers {
      if let proposed = bufferProposals[b.name] { result.replaceValue(proposed, at: b.name) }
    }
    return result
  }

  // MARK: Taps (NET-32)

  /// Asks this pass to record the taps `names` (full names), or every tap when nil; with
  /// `stopWhenRecorded`, the pass ends as soon as all are recorded by throwing ``TapsRecorded``
  /// (which ``Network/features(_:taps:mode:random:)`` catches).
  public func requestTaps(_ names: [String]?, stopWhenRecorded: Bool = false) {
    tapRequest = names.map { .some(Set($0), stop: stopWhenRecorded) } ?? .all
  }

  /// Records `value` as the tap `localName` of the layer running now, when it was requested.
  public func recordTap(_ localName: String, _ value: Variable) throws {
    let name = fullName(localName)
    switch tapRequest {
    case .none: return
    case .all: recordedTaps.append((name, value))
    case let .some(names, stop):
      guard names.contains(name) else { return }
      recordedTaps.append((name, value))
      if stop && names.isSubset(of: recordedTaps.map(\.name)) { throw TapsRecorded() }
    }
  }

  /// The recorded taps by name.
  public var tapValues: [String: Variable] {
    Dictionary(recordedTaps.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last })
  }

  /// One backward pass from the scalar `loss`: the gradient of every bound parameter, by name.
  public func gradients(of loss: Variable) throws(NetworkError) -> ParameterGradients {
    try gradients(of: loss, inputs: []).parameters
  }

  /// One backward pass from the scalar `loss`: the gradients of every bound parameter and of
  /// the given extra leaves (e.g. the input batch), in one sweep.
  public func gradients(of loss: Variable,
                        inputs: [Variable]) throws(NetworkError) -> (parameters: ParameterGradients, inputs: [Tensor]) {
    guard loss.value.count == 1 else { throw .tensor(.notScalar(shape: loss.shape)) }
    let all = try lift { () throws(TensorError) in
      try tape.gradients(of: loss, withRespectTo: parameterVariables + inputs, seed: nil)
    }
    let k = parameterVariables.count
    return (try ParameterGradients(names: parameterNames, values: Array(all[..<k])), Array(all[k...]))
  }
}

/// Which taps a forward pass records (NET-32).
enum TapRequest {
  case none
  case all
  case some(Set<String>, stop: Bool)
}

/// The signal that ends a forward pass once every requested tap is recorded (NET-32): thrown by
/// ``ForwardContext/recordTap(_:_:)`` when the taps were requested with `stopWhenRecorded`;
/// ``Network/features(_:taps:mode:random:)`` catches it, and so must a caller that runs its own pass.
public struct TapsRecorded: Error {}
