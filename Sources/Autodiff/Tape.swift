import Tensors

/// A reverse-mode differentiation tape (FOUND-20).
///
/// Every operation on ``Variable``s appends one node: its value, the ids of its inputs, and its
/// vector-Jacobian product (VJP), a closure mapping the cotangent of the output (same shape as the
/// value) to one cotangent per input (each of that input's shape). ``gradients(of:withRespectTo:seed:)``
/// walks the nodes once in reverse order, so each node's VJP runs after every use of its output has
/// contributed; what each VJP returns is checked against its inputs (FOUND-71). Cotangents reaching
/// the same node are summed in the order the uses were recorded;
/// each is released once its node's VJP has run, so a deep network's backward pass holds the
/// forward values and only the cotangents still being summed.
///
/// There is no global tape: create one, record on it, ask for gradients, drop it. A tape is not
/// shared between threads; parallel work uses one tape per task.
public final class Tape {
  /// The vector-Jacobian product of one node: output cotangent -> one cotangent per input.
  public typealias VJP = (Tensor) throws(TensorError) -> [Tensor]
  /// A VJP told which inputs need a cotangent (`needed[i]`: some target depends on input i); it
  /// returns nil for the others, so work whose result cannot reach a target is never done (FOUND-72).
  public typealias SelectiveVJP = (_ cotangent: Tensor, _ needed: [Bool]) throws(TensorError) -> [Tensor?]

  enum Pullback {
    case all(VJP)
    case selective(SelectiveVJP)
  }

  struct Node {
    let value: Tensor
    let inputs: [Int]
    let pullback: Pullback?
    let operation: String
  }

  private(set) var nodes: [Node] = []

  public init() {}

  /// Number of recorded nodes (leaves included).
  public var count: Int { nodes.count }

  /// A leaf: an input or a parameter. Gradients can be asked with respect to leaves.
  public func variable(_ value: Tensor, name: String = "leaf") -> Variable {
    nodes.append(Node(value: value, inputs: [], pullback: nil, operation: name))
    return Variable(id: nodes.count - 1, tape: self)
  }

  /// A leaf holding a single number.
  public func scalar(_ value: Double, name: String = "scalar") -> Variable {
    variable(Tensor(scalar: value), name: name)
  }

  /// Records the result of an operation: its value, inputs and VJP. Used by every operation.
  public func record(_ value: Tensor, inputs: [Variable], operation: String, vjp: @escaping VJP) -> Variable {
    append(value, inputs: inputs, operation: operation, pullback: .all(vjp))
  }

  /// Records an operation whose VJP computes only the cotangents some target needs (FOUND-72):
  /// for operations with an expensive cotangent that often leads nowhere (a constant's, a data
  /// input's).
  public func record(_ value: Tensor, inputs: [Variable], operation: String, selectiveVJP: @escaping SelectiveVJP) -> Variable {
    append(value, inputs: inputs, operation: operation, pullback: .selective(selectiveVJP))
  }

  private func append(_ value: Tensor, inputs: [Variable], operation: String, pullback: Pullback) -> Variable {
    for input in inputs { precondition(input.tape === self, "\(operation): variables from another tape") }
    nodes.append(Node(value: value, inputs: inputs.map(\.id), pullback: pullback, operation: operation))
    return Variable(id: nodes.count - 1, tape: self)
  }

  func value(_ id: Int) -> Tensor { nodes[id].value }

  /// The cotangents of `targets` for output cotangent `seed` (default: ones, i.e. the gradient of
  /// the sum of the output). Targets the output does not depend on get zeros of their shape.
  ///
  /// Shape: each result has its target's shape.
  public func gradients(of output: Variable, withRespectTo targets: [Variable],
                        seed: Tensor? = nil) throws(TensorError) -> [Tensor] {
    precondition(output.tape === self, "gradients: output from another tape")
    let outputValue = nodes[output.id].value
    let start = seed ?? Tensor(repeating: 1, shape: outputValue.shape)
    guard start.shape == outputValue.shape else {
      throw .shapeMismatch(operation: "gradients(seed:)", start.shape, outputValue.shape)
    }
    var cotangents = [Tensor?](repeating: nil, count: output.id + 1)
    cotangents[output.id] = start
    let kept = Set(targets.map(\.id))
    // needed[id]: a target is node id or one of its ancestors, so id's cotangent can reach a target
    // (FOUND-72). One forward pass: inputs always precede the nodes that use them.
    var needed = [Bool](repeating: false, count: output.id + 1)
    for id in 0...output.id { needed[id] = kept.contains(id) || nodes[id].inputs.contains { needed[$0] } }
    for id in stride(from: output.id, through: 0, by: -1) {
      guard let cotangent = cotangents[id], let pullback = nodes[id].pullback else { continue }
      // A node's cotangent is complete once the sweep reaches it: release it after its VJP
      // (unless it is asked for), so the sweep holds only the cotangents still being summed.
      if !kept.contains(id) { cotangents[id] = nil }
      let inputs = nodes[id].inputs
      let inputNeeded = inputs.map { needed[$0] }
      // No input leads to a target: nothing this VJP returns could be used.
      guard inputNeeded.contains(true) else { continue }
      let inputCotangents: [Tensor?]
      switch pullback {
      case .all(let vjp): inputCotangents = try vjp(cotangent)
      case .selective(let vjp): inputCotangents = try vjp(cotangent, inputNeeded)
      }
      try checkVJPResult(inputCotangents, needed: inputNeeded, of: id)
      for (position, (input, contribution)) in zip(inputs, inputCotangents).enumerated() where inputNeeded[position] {
        guard let contribution else { continue }
        if let existing = cotangents[input] {
          cotangents[input] = try existing + contribution
        } else {
          cotangents[input] = contribution
        }
      }
    }
    return targets.map { target in
      (target.id < cotangents.count ? cotangents[target.id] : nil) ?? Tensor.zeros(nodes[target.id].value.shape)
    }
  }

  /// The VJP contract (FOUND-71): one cotangent per input, each of its input's shape. Checked at
  /// every backward step, so a wrong VJP is a typed error naming the operation rather than a
  /// truncated zip or a silently broadcast sum.
  /// A selective VJP may leave out (nil) the cotangents of inputs that are not needed, never others.
  func checkVJPResult(_ cotangents: [Tensor?], needed: [Bool], of id: Int) throws(TensorError) {
    let node = nodes[id]
    guard cotangents.count == node.inputs.count else {
      throw .badVJP(operation: node.operation,
                    reason: "returned \(cotangents.count) cotangents for \(node.inputs.count) inputs")
    }
    for (position, (input, cotangent)) in zip(node.inputs, cotangents).enumerated() {
      guard let cotangent else {
        if needed[position] { throw .badVJP(operation: node.operation, reason: "returned no cotangent for needed input \(position)") }
        continue
      }
      let shape = nodes[input].value.shape
      guard cotangent.shape == shape else {
        throw .badVJP(operation: node.operation,
                      reason: "cotangent \(position) has shape \(cotangent.shape), its input has shape \(shape)")
      }
    }
  }

  /// The cotangents of `targets` for the seed ones: for a scalar output its gradient, for any
  /// other the gradient of the sum of its elements (no shape is required; callers that mean a
  /// scalar loss check it, e.g. `ForwardContext.gradients(of:)` throws for a non-scalar loss).
  public func gradients(of output: Variable, withRespectTo targets: Variable...) throws(TensorError) -> [Tensor] {
    try gradients(of: output, withRespectTo: targets, seed: nil)
  }
}

/// A value recorded on a ``Tape``. Cheap to copy: an id and a reference to its tape.
public struct Variable {
  /// Position of this node on its tape.
  public let id: Int
  /// The tape that recorded this value.
  public let tape: Tape

  /// The forward value.
  public var value: Tensor { tape.value(id) }
  /// The shape of the forward value.
  public var shape: [Int] { tape.value(id).shape }
}
