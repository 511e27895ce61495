import Foundation
import Formats
import Tensors

/// One entry of a model's state (NET-77): a parameter or a buffer under its `state_dict` name.
public struct StateEntry: Equatable, Sendable {
  public let name: String
  public let value: Tensor
  /// Whether torch holds it as int64 (`num_batches_tracked`).
  public let integer: Bool
}

/// PyTorch's `state_dict` and `load_state_dict`, exchanged as safetensors (NET-77, FMT-1): a model
/// trained in PyTorch and saved there loads here and computes torch's outputs (NET-80).
///
/// Names are torch's (NET-1, NET-30). Order is torch's `state_dict()` order: each module's
/// parameters, then its buffers, module by module; here a module's buffers follow the last
/// parameter with the same prefix ("bn1.weight", "bn1.bias", "bn1.running_mean", ...).
extension Network {
  /// Every parameter and buffer in torch's `state_dict()` order.
  public var stateDict: [StateEntry] {
    let bufferSpecs = layer.bufferSpecs
    var buffers = Array(zip(bufferSpecs, buffers.buffers))
    var result: [StateEntry] = []
    func module(_ name: String) -> Substring { name.lastIndex(of: ".").map { name[..<$0] } ?? "" }
    func flushBuffers(of prefix: Substring) {
      result += buffers.filter { module($0.0.name) == prefix }.map {
        StateEntry(name: $0.1.name, value: $0.1.value, integer: $0.0.integer)
      }
      buffers.removeAll { module($0.0.name) == prefix }
    }
    let parameters = parameters.parameters
    for (i, p) in parameters.enumerated() {
      result.append(StateEntry(name: p.name, value: p.value, integer: false))
      if i + 1 == parameters.count || module(parameters[i + 1].name) != module(p.name) { flushBuffers(of: module(p.name)) }
    }
    return result + buffers.map { StateEntry(name: $0.1.name, value: $0.1.value, integer: $0.0.integer) }
  }

  /// The state dict as a safetensors file (NET-77): floating-point tensors in `dtype` (F64, exact;
  /// or F32, rounded to nearest, as torch's float32 models hold them), integer buffers as I64.
  /// Errors: a dtype other than F64 and F32, a value the dtype cannot hold.
  public func safetensors(dtype: SafetensorsDType = .F64, metadata: [(key: String, value: String)] = []) throws(NetworkError)
    -> SafetensorsFile
  {
    guard dtype == .F64 || dtype == .F32 else {
      throw .weightFile(.unwritableDType(tensor: "(every floating-point tensor)", dtype: dtype.rawValue))
    }
    let file = SafetensorsFile(
      tensors: stateDict.map { SafetensorsTensor(name: $0.name, dtype: $0.integer ? .I64 : dtype, value: $0.value) },
      metadata: metadata)
    // Check now that every value fits, so that `save` never fails half-way.
    do { _ = try file.serialized() } catch { throw .weightFile(error) }
    return file
  }

  /// Writes the state dict to `url` as safetensors, atomically (``safetensors(dtype:metadata:)``).
  public func save(to url: URL, dtype: SafetensorsDType = .F64, metadata: [(key: String, value: String)] = [])
    throws(NetworkError)
  {
    do {
      try safetensors(
        dtype: dtype,
        metadata: metadata
      ).write(to: url)
    } catch let error as NetworkError { throw error } catch {
      throw .weightFile(error as? SafetensorsError ?? .io(path: url.path, reason: "\(error)"))
    }
  }

  /// torch's `load_state_dict(state, strict)` (NET-77): every parameter and buffer takes the
  /// file's tensor of the same name, whatever its dtype (values converted exactly, FMT-2).
  /// Strict (the default, as torch): the file's names must be exactly the model's, else
  /// ``NetworkError/stateDictMismatch(missing:unexpected:)`` lists both differences. Not strict:
  /// names absent from the file keep their values and names the model lacks are ignored.
  /// Every matched tensor must have the model's shape (``NetworkError/parameterShape(name:expected:got:)``)
  /// and integer buffers whole values (``NetworkError/invalidStateValue(name:reason:)``). Nothing
  /// changes unless everything loads.
  public mutating func loadStateDict(_ file: SafetensorsFile, strict: Bool = true) throws(NetworkError) {
    var incoming: [String: Tensor] = [:]
    for t in file.tensors { incoming[t.name] = t.value }
    let specs = layer.parameterSpecs + layer.bufferSpecs
    if strict {
      let known = Set(specs.map(\.name))
      let missing = specs.map(\.name).filter { incoming[$0] == nil }
      let unexpected = file.tensors.map(\.name).filter { !known.contains($0) }
      guard missing.isEmpty, unexpected.isEmpty else { throw .stateDictMismatch(missing: missing, unexpected: unexpected) }
    }
    var parameters = self.parameters, buffers = self.buffers
    for spec in specs {
      guard let value = incoming[spec.name] else { continue }
      guard value.shape == spec.shape else { throw .parameterShape(name: spec.name, expected: spec.shape, got: value.shape) }
      if spec.integer, let bad = value.scalars.first(where: { $0 != $0.rounded() }) {
        throw .invalidStateValue(name: spec.name, reason: "holds \(bad); it is an integer in torch")
      }
      if buffers.contains(spec.name) {
        try buffers.setValue(value, for: spec.name)
      } else {
        try parameters.setValue(value, for: spec.name)
      }
    }
    (self.parameters, self.buffers) = (parameters, buffers)
  }

  /// ``loadStateDict(_:strict:)`` from a safetensors file at `url`.
  public mutating func load(contentsOf url: URL, strict: Bool = true) throws(NetworkError) {
    let file: SafetensorsFile
    do { file = try SafetensorsFile(contentsOf: url) } catch { throw .weightFile(error) }
    try loadStateDict(file, strict: strict)
  }

  /// `layer` with every parameter and buffer from `file` (strict, NET-77): how a model trained in
  /// PyTorch is brought here.
  public init(_ layer: any Layer, stateDict file: SafetensorsFile) throws(NetworkError) {
    let parameters = try ParameterStore(layer.parameterSpecs.map { Parameter(name: $0.name, value: Tensor.zeros($0.shape)) })
    self = try Network(layer, parameters: parameters)
    try loadStateDict(file)
  }
}
