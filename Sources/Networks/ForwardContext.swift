import Autodiff
import Randomness
import Tensors

/// Everything a forward pass needs besides its input (NET-2): the tape, the mode, the parameters
/// bound as Variables on that tape, and the random stream that dropout draws from.
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
/// A context belongs to one forward pass on one thread; create a fresh one per tape.
public final class ForwardContext {
  /// Training enables dropout (and any other train-only behaviour); evaluation disables it.
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

  /// Binds every parameter of `parameters` as a leaf on `tape`, in store order.
  public convenience init(tape: Tape, parameters: ParameterStore, mode: Mode, random: (any RandomSource)? = nil) {
    let variables = parameters.parameters.map { tape.variable($0.value, name: $0.name) }
    // Names in a store are unique, so positions need no check here.
    let positions = Dictionary(uniqueKeysWithValues: parameters.names.enumerated().map { ($1, $0) })
    self.init(tape: tape, names: parameters.names, variables: variables, positions: positions, mode: mode, random: random)
  }

  /// Binds the given Variables (already on `tape`) to the given names: the whole-model gradient
  /// checks (NET-21) pass the checker's leaves here.
  public convenience init(tape: Tape, names: [String], variables: [Variable], mode: Mode,
                          random: (any RandomSource)? = nil) throws(NetworkError) {
    guard names.count == variables.count else { throw .valueCount(names: names.count, values: variables.count) }
    var positions: [String: Int] = [:]
    for (i, n) in names.enumerated() {
      guard positions[n] == nil else { throw .duplicateParameter(n) }
      positions[n] = i
    }
    self.init(tape: tape, names: names, variables: variables, positions: positions, mode: mode, random: random)
  }

  private init(tape: Tape, names: [String], variables: [Variable], positions: [String: Int], mode: Mode,
               random: (any RandomSource)?) {
    self.tape = tape
    self.mode = mode
    self.random = random
    self.parameterNames = names
    self.parameterVariables = variables
    self.positions = positions
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

  /// Runs `body` with `component` appended to the name scope (how Sequential names its children).
  public func scoped<T>(_ component: String, _ body: () throws -> T) rethrows -> T {
    scope.append(component)
    defer { scope.removeLast() }
    return try body()
  }

  /// One backward pass from the scalar `loss`: the gradient of every bound parameter, by name.
  public func gradients(of loss: Variable) throws(NetworkError) -> ParameterGradients {
    try gradients(of: loss, inputs: []).parameters
  }

  /// One backward pass from the scalar `loss`: the gradients of every bound parameter and of
  /// the given extra leaves (e.g. the input batch), in one sweep.
  public func gradients(of loss: Variable, inputs: [Variable]) throws(NetworkError) -> (parameters: ParameterGradients, inputs: [Tensor]) {
    guard loss.value.count == 1 else { throw .tensor(.notScalar(shape: loss.shape)) }
    let all = try lift { () throws(TensorError) in
      try tape.gradients(of: loss, withRespectTo: parameterVariables + inputs, seed: nil)
    }
    let k = parameterVariables.count
    return (try ParameterGradients(names: parameterNames, values: Array(all[..<k])), Array(all[k...]))
  }
}
