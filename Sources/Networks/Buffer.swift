import Tensors

/// A named tensor that is part of a model's state but not trained (NET-30): PyTorch's buffers,
/// such as BatchNorm's `running_mean`, `running_var` and `num_batches_tracked`. The name is
/// the `state_dict` key ("layer1.0.bn1.running_mean"). Integer buffers (torch's int64
/// `num_batches_tracked`) are held as Double, exact up to 2^53.
public struct Buffer: Equatable, Sendable {
  public let name: String
  public var value: Tensor

  public init(name: String, value: Tensor) {
    self.name = name
    self.value = value
  }
}

/// The buffers of a model, in a fixed order with unique names (NET-30): the order of the layer's
/// ``Layer/bufferSpecs``, which is torch's `named_buffers()` order for the same module tree.
/// Optimisers never see buffers; training-mode forward passes propose new values through the
/// ``ForwardContext`` and the caller commits them (``Network/commitBuffers(from:)``).
public struct BufferStore: Equatable, Sendable {
  public private(set) var buffers: [Buffer]
  private var positions: [String: Int]

  /// A store from buffers in the given order; names must be unique.
  public init(_ buffers: [Buffer]) throws(NetworkError) {
    var positions: [String: Int] = [:]
    for (i, b) in buffers.enumerated() {
      guard positions[b.name] == nil else { throw .duplicateParameter(b.name) }
      positions[b.name] = i
    }
    self.buffers = buffers
    self.positions = positions
  }

  /// The names, in order.
  public var names: [String] { buffers.map(\.name) }
  public var count: Int { buffers.count }

  /// The value of the buffer called `name`.
  public func value(_ name: String) throws(NetworkError) -> Tensor {
    guard let i = positions[name] else { throw .unknownBuffer(name) }
    return buffers[i].value
  }

  /// The store with no buffers.
  public static let empty = BufferStore()

  private init() {
    buffers = []
    positions = [:]
  }

  /// Replaces a value without checks (the context has checked name and shape).
  mutating func replaceValue(_ value: Tensor, at name: String) {
    if let i = positions[name] { buffers[i].value = value }
  }

  /// Whether a buffer called `name` exists.
  public func contains(_ name: String) -> Bool { positions[name] != nil }

  /// Replaces the value of `name` by one of the same shape.
  public mutating func setValue(_ value: Tensor, for name: String) throws(NetworkError) {
    guard let i = positions[name] else { throw .unknownBuffer(name) }
    guard buffers[i].value.shape == value.shape else {
      throw .parameterShape(name: name, expected: buffers[i].value.shape, got: value.shape)
    }
    buffers[i].value = value
  }
}
