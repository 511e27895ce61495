/// Every way the NN-kNN models refuse their input (NNKNN-20).
public enum NNkNNError: Error, Equatable, Sendable, CustomStringConvertible {
  case invalidWeightings(Int)
  case invalidK(k: Int, reason: String)
  case emptyClass(Int)
  case featureMismatch(cases: Int, queries: Int)
  case invalidDefaultBias(Double)
  case nonFinite(String)
  case labelOutOfRange(label: Int, classes: Int)
  case shape(String)
  case diverged(epoch: Int, group: String)
  case invalidArgument(String)

  public var description: String {
    switch self {
    case let .invalidWeightings(w): return "the number of global weightings w must be at least 1, got \(w)"
    case let .invalidK(k, reason): return "k = \(k): \(reason)"
    case let .emptyClass(c): return "class \(c) has no cases"
    case let .featureMismatch(cases, queries): return "cases have \(cases) features but queries have \(queries)"
    case let .invalidDefaultBias(b): return "the default bias B must be positive and finite, got \(b)"
    case let .nonFinite(what): return "\(what) contains NaN or infinity"
    case let .labelOutOfRange(label, classes): return "label \(label) is outside 0..<\(classes)"
    case let .shape(message): return message
    case let .diverged(epoch, group): return "training diverged at epoch \(epoch): the loss or the gradient of the \(group) parameters is not finite"
    case let .invalidArgument(message): return message
    }
  }
}
