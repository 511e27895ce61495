import Tensors

/// A named, trainable tensor (NET-1).
public struct Parameter: Equatable, Sendable {
  /// The full name, e.g. "0.weight": PyTorch's `state_dict` key for the same module tree.
  public let name: String
  /// The current value.
  public var value: Tensor

  public init(name: String, value: Tensor) {
    self.name = name
    self.value = value
  }
}

/// The parameters of a model, in a fixed order (NET-1).
///
/// Order: the order of the layer's ``Layer/parameterSpecs``: layers in sequence, and within a
/// Linear the weight before the bias. This is PyTorch's `named_parameters()` order for the same
/// module tree, so a model's tensors can be exchanged with torch by name or by position.
/// Names are unique; a lookup of an absent name is ``NetworkError/unknownParameter(_:)``.
public struct ParameterStore: Equatable, Sendable {
  /// The parameters in order. Optimisers update values in place; names never change.
  public internal(set) var parameters: [Parameter]
  private var positions: [String: Int]

  /// A store from parameters in the given order; names must be unique.
  public init(_ parameters: [Parameter]) throws(NetworkError) {
    var positions: [String: Int] = [:]
    for (i, p) in parameters.enumerated() {
      guard positions[p.name] == nil else { throw .duplicateParameter(p.name) }
      positions[p.name] = i
    }
    self.parameters = parameters
    self.positions = positions
  }

  /// The names, in order.
  public var names: [String] { parameters.map(\.name) }
  /// The values, in order.
  public var values: [Tensor] { parameters.map(\.value) }
  /// Number of parameter tensors.
  public var count: Int { parameters.count }
  /// Number of scalars over all parameters.
  public var scalarCount: Int { parameters.reduce(0) { $0 + $1.value.count } }

  /// Position of `name` in the order.
  public func position(of name: String) throws(NetworkError) -> Int {
    guard let i = positions[name] else { throw .unknownParameter(name) }
    return i
  }

  /// The value of the parameter called `name`.
  public func value(_ name: String) throws(NetworkError) -> Tensor {
    parameters[try position(of: name)].value
  }

  /// Replaces the value of `name` by one of the same shape (e.g. weights loaded from torch).
  public mutating func setValue(_ value: Tensor, for name: String) throws(NetworkError) {
    let i = try position(of: name)
    guard parameters[i].value.shape == value.shape else {
      throw .parameterShape(name: name, expected: parameters[i].value.shape, got: value.shape)
    }
    parameters[i].value = value
  }
}
