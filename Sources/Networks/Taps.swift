import Autodiff
import Randomness
import Tensors

/// Named taps and batched evaluation (NET-32, NET-45): every block's output addressable by a
/// stable name the model lists in order (`layer.tapNames`), as torchvision's
/// `create_feature_extractor` addresses graph nodes.
extension Network {
  /// The names of every tap of this model, in recording order (NET-32).
  public var tapNames: [String] { layer.tapNames }

  /// Checks that each name is a tap of this model.
  public func validateTaps(_ names: [String]) throws(NetworkError) {
    let available = Set(tapNames)
    for name in names where !available.contains(name) { throw .unknownTap(name, available: tapNames) }
  }

  /// The values of the taps `names` for input `x` (NET-32). The pass stops as soon as all are
  /// recorded, so asking for an early tap does not run the rest of the model. Evaluation mode by
  /// default; a training-mode pass here proposes buffer updates that are discarded.
  /// Errors: a name the model does not list (``NetworkError/unknownTap(_:available:)``), and
  /// anything the layers throw.
  public func features(_ x: Tensor, taps names: [String], mode: ForwardContext.Mode = .evaluation,
                       random: (any RandomSource)? = nil) throws -> [String: Tensor] {
    try validateTaps(names)
    if names.isEmpty { return [:] }
    let tape = Tape()
    let context = context(tape: tape, mode: mode, random: random)
    context.requestTaps(names, stopWhenRecorded: true)
    do {
      _ = try layer(tape.variable(x, name: "input"), context: context)
    } catch is TapsRecorded {}
    return context.tapValues.mapValues(\.value)
  }

  /// ``features(_:taps:mode:random:)`` in evaluation mode over the rows of `inputs` [n, ...]
  /// taken `batchSize` at a time, each tap's batches stacked along axis 0 (NET-45). Every row
  /// is evaluated on its own tape in evaluation mode, so the result does not depend on the
  /// batch size beyond the kernels' summation order (BatchNorm uses running statistics).
  public func features(_ inputs: Tensor, taps names: [String], batchSize: Int) throws -> [String: Tensor] {
    let batches = try Self.batches(of: inputs, size: batchSize)
    var parts: [String: [Tensor]] = [:]
    for rows in batches {
      let batch = try lift { () throws(TensorError) in try inputs.rows(rows) }
      for (name, value) in try features(batch, taps: names) { parts[name, default: []].append(value) }
    }
    var result: [String: Tensor] = [:]
    for (name, values) in parts { result[name] = try lift { () throws(TensorError) in try Tensor.concatenateRows(values) } }
    return result
  }

  /// The model's outputs for the rows of `inputs` [n, ...], `batchSize` rows at a time, in
  /// evaluation mode, stacked along axis 0 (NET-45).
  public func predict(_ inputs: Tensor, batchSize: Int) throws -> Tensor {
    var parts: [Tensor] = []
    for rows in try Self.batches(of: inputs, size: batchSize) {
      parts.append(try predict(try lift { () throws(TensorError) in try inputs.rows(rows) }))
    }
    return try lift { () throws(TensorError) in try Tensor.concatenateRows(parts) }
  }

  /// Consecutive row ranges of `size` covering 0..<n (the last may be shorter).
  static func batches(of inputs: Tensor, size: Int) throws(NetworkError) -> [Range<Int>] {
    guard size >= 1 else { throw .invalidTraining("batchSize = \(size): must be >= 1") }
    guard inputs.rank >= 1, inputs.shape[0] >= 1 else { throw .invalidTraining("inputs of shape \(inputs.shape) have no rows") }
    let n = inputs.shape[0]
    return stride(from: 0, to: n, by: size).map { $0..<Swift.min(n, $0 + size) }
  }
}
