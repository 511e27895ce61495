import Tensors

/// Gradients keyed by parameter name, in the store's order (NET-2). Produced by
/// ``ForwardContext/gradients(of:)``; consumed by optimisers and ``clipGradientNorm(_:maxNorm:)``.
public struct ParameterGradients: Equatable, Sendable {
  /// Parameter names, in the order of the store the context was bound to.
  public let names: [String]
  /// One gradient per name, each of its parameter's shape.
  public internal(set) var values: [Tensor]
  private let positions: [String: Int]

  /// Gradients for the given names (unique), one tensor each.
  public init(names: [String], values: [Tensor]) throws(NetworkError) {
    guard names.count == values.count else { throw .valueCount(names: names.count, values: values.count) }
    var positions: [String: Int] = [:]
    for (i, n) in names.enumerated() {
      guard positions[n] == nil else { throw .duplicateParameter(n) }
      positions[n] = i
    }
    self.names = names
    self.values = values
    self.positions = positions
  }

  /// The gradient of parameter `name`, or nil if absent.
  public subscript(name: String) -> Tensor? {
    positions[name].map { values[$0] }
  }

  /// The gradient of `name`, checked against the parameter's shape and for finiteness.
  func checked(_ name: String, shape: [Int]) throws(NetworkError) -> Tensor {
    guard let g = self[name] else { throw .missingGradient(name) }
    guard g.shape == shape else { throw .parameterShape(name: name, expected: shape, got: g.shape) }
    if let k = g.scalars.firstIndex(where: { !$0.isFinite }) {
      throw .nonFiniteGradient(name: name, index: k, value: g.scalars[k])
    }
    return g
  }
}
