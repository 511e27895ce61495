import Formats
import Tensors

/// Every way the Networks module refuses its input (NET-22). Each case carries what was wrong
/// (the layer, the parameter name, the value and what is accepted), so the message alone says
/// what to fix. Tensor-level failures inside a forward pass arrive wrapped in ``tensor(_:)``.
public enum NetworkError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The input's last extent is not the width the layer was built for.
  case inputWidth(layer: String, expected: Int, got: Int)
  /// The input does not have the rank the layer needs (Linear takes [n, in]).
  case inputRank(layer: String, expected: Int, shape: [Int])
  /// A dropout probability outside [0, 1).
  case dropoutProbability(Double)
  /// Layer widths that cannot build a network (fewer than two, or one below 1).
  case invalidWidths([Int])
  /// A parameter name the store (or the bound context) does not hold.
  case unknownParameter(String)
  /// Two parameters with the same name.
  case duplicateParameter(String)
  /// A parameter listed by two optimiser groups.
  case parameterInSeveralGroups(String)
  /// A value or gradient whose shape is not the parameter's.
  case parameterShape(name: String, expected: [Int], got: [Int])
  /// Parameters that do not match the layer's declared parameters (names or order).
  case parameterNames(expected: [String], got: [String])
  /// A different number of names and tensors.
  case valueCount(names: Int, values: Int)
  /// No gradient was given for a parameter an optimiser must update.
  case missingGradient(String)
  /// A NaN or infinity in a gradient handed to an optimiser.
  case nonFiniteGradient(name: String, index: Int, value: Double)
  /// The total gradient norm is NaN or infinite, so it cannot be clipped.
  case nonFiniteGradientNorm(Double)
  /// A hyperparameter outside its domain (learning rate < 0, beta outside [0, 1), ...).
  case invalidHyperparameter(name: String, value: Double, accepted: String)
  /// An initialiser that cannot fill this tensor (bad bounds, negative std, ...).
  case invalidInitializer(String)
  /// Xavier and Kaiming need a tensor of rank >= 2 to define fan-in and fan-out.
  case fanUndefined(shape: [Int])
  /// A layer with parameters that has no torch-exact initialisation (NET-102).
  case noTorchInitialization(layer: String)
  /// A layer that draws random numbers in training mode found no stream in the context.
  case missingRandomStream(layer: String)
  /// A layer replaced the context's random stream by one of another type.
  case randomStreamReplaced
  /// Training data that cannot be split into batches (no rows, a bad batch size or epoch count).
  case invalidTraining(String)
  /// Targets whose count is not the number of input rows.
  case targetCount(expected: Int, got: Int)
  /// The loss of a batch was NaN or infinite.
  case nonFiniteLoss(epoch: Int, batch: Int, value: Double)
  /// Early stopping in maximise mode needs the callback to report a metric.
  case missingMetric(epoch: Int)
  /// The metric reported for early stopping is NaN or infinite.
  case nonFiniteMetric(epoch: Int, value: Double)
  /// A buffer name the store (or the bound context) does not hold (NET-30).
  case unknownBuffer(String)
  /// A buffer update proposed in evaluation mode, or with the wrong shape (NET-30).
  case invalidBufferUpdate(name: String, reason: String)
  /// A tap name the model does not list (NET-32); `available` is the model's list.
  case unknownTap(String, available: [String])
  /// The input's channel extent (axis 1) is not the one the layer was built for (NET-33).
  case inputChannels(layer: String, expected: Int, got: Int)
  /// A layer configuration PyTorch would refuse (a pooling pad over half the kernel, a width
  /// multiplier that leaves no channel, ...).
  case invalidLayer(layer: String, reason: String)
  /// Training-mode batch normalisation over one value per channel (NET-36; torch: "Expected
  /// more than 1 value per channel when training").
  case batchNormSingleValue(layer: String, shape: [Int])
  /// A learning-rate schedule asked of an optimiser, or a schedule value, that cannot be used (NET-43).
  case invalidSchedule(String)
  /// A state dict whose names are not the model's (NET-77): the model's names the file lacks and
  /// the file's names the model lacks (torch's "Missing key(s)" / "Unexpected key(s)").
  case stateDictMismatch(missing: [String], unexpected: [String])
  /// A state-dict value the model cannot take (a fractional `num_batches_tracked`, NET-77).
  case invalidStateValue(name: String, reason: String)
  /// A weight file that could not be read or written (FMT-3, FMT-4).
  case weightFile(SafetensorsError)
  /// A tensor operation failed inside a layer or a loss.
  case tensor(TensorError)

  public var description: String {
    switch self {
    case let .inputWidth(layer, e, g): return "\(layer): input has width \(g), the layer expects \(e)"
    case let .inputRank(layer, e, s): return "\(layer): expected an input of rank \(e), got shape \(s)"
    case let .dropoutProbability(p): return "dropout probability \(p) is outside [0, 1)"
    case let .invalidWidths(w): return "widths \(w): need at least two widths, each >= 1"
    case let .unknownParameter(n): return "unknown parameter '\(n)'"
    case let .duplicateParameter(n): return "parameter '\(n)' appears twice"
    case let .parameterInSeveralGroups(n): return "parameter '\(n)' is listed by more than one group"
    case let .parameterShape(n, e, g): return "parameter '\(n)' has shape \(e), got \(g)"
    case let .parameterNames(e, g): return "parameters \(g) do not match the layer's \(e)"
    case let .valueCount(n, v): return "\(n) names but \(v) tensors"
    case let .missingGradient(n): return "no gradient for parameter '\(n)'"
    case let .nonFiniteGradient(n, i, v): return "gradient of '\(n)' has non-finite value \(v) at flat index \(i)"
    case let .nonFiniteGradientNorm(v): return "total gradient norm is \(v): cannot clip a non-finite norm"
    case let .invalidHyperparameter(n, v, a): return "\(n) = \(v): must be \(a)"
    case let .invalidInitializer(r): return "initialiser: \(r)"
    case let .fanUndefined(s): return "fan-in and fan-out are undefined for shape \(s) (rank < 2)"
    case let .noTorchInitialization(layer):
      return "\(layer) has no torch initialisation: build its parameters with TorchModules or Initializer.torchTensor"
    case let .missingRandomStream(layer): return "\(layer) in training mode needs a random stream in the context"
    case .randomStreamReplaced: return "a layer replaced the context's random stream with one of another type"
    case let .invalidTraining(r): return "training: \(r)"
    case let .targetCount(e, g): return "targets: expected \(e) (one per input row), got \(g)"
    case let .nonFiniteLoss(e, b, v): return "epoch \(e) batch \(b): loss is \(v)"
    case let .missingMetric(e): return "epoch \(e): early stopping in maximise mode needs a metric from the callback"
    case let .nonFiniteMetric(e, v): return "epoch \(e): metric is \(v)"
    case let .unknownBuffer(n): return "unknown buffer '\(n)'"
    case let .invalidBufferUpdate(n, r): return "buffer '\(n)': \(r)"
    case let .unknownTap(n, a):
      return
        """
          unknown tap '\(n)'; the model lists \(a.count) taps: \
          \(a.prefix(12).joined(separator: ", "))\(a.count > 12 ? ", ..." : "")
          """
    case let .inputChannels(layer, e, g): return "\(layer): input has \(g) channels, the layer expects \(e)"
    case let .invalidLayer(layer, r): return "\(layer): \(r)"
    case let .batchNormSingleValue(layer, s):
      return "\(layer): expected more than 1 value per channel when training, got input of shape \(s)"
    case let .invalidSchedule(r): return "learning-rate schedule: \(r)"
    case let .stateDictMismatch(m, u):
      let missing =
        m.isEmpty ? "" : "missing \(m.count) name(s): \(m.prefix(8).joined(separator: ", "))\(m.count > 8 ? ", ..." : "")"
      let unexpected =
        u.isEmpty ? "" : "unexpected \(u.count) name(s): \(u.prefix(8).joined(separator: ", "))\(u.count > 8 ? ", ..." : "")"
      return "state dict does not match the model: " + [missing, unexpected].filter { !$0.isEmpty }.joined(separator: "; ")
    case let .invalidStateValue(n, r): return "state dict entry '\(n)': \(r)"
    case let .weightFile(error): return error.description
    case let .tensor(error): return error.description
    }
  }
}

/// Runs a tensor operation, converting its error to ``NetworkError/tensor(_:)``.
@inline(__always)
func lift<T>(_ body: () throws(TensorError) -> T) throws(NetworkError) -> T {
  do { return try body() } catch { throw .tensor(error) }
}
