/// Every way an evaluation protocol or metric can refuse its input (EVAL-19).
public enum EvaluationError: Error, Equatable, Sendable, CustomStringConvertible {
  case invalidSplits(splits: Int, samples: Int)
  case invalidFraction(Double)
  case invalidSeed(Int)
  case lengthMismatch(what: String, expected: Int, got: Int)
  case labelOutOfRange(label: Int, classes: Int)
  case empty(String)
  case invalidArgument(String)

  public var description: String {
    switch self {
    case let .invalidSplits(splits, samples):
      return "cannot make \(splits) folds of \(samples) samples (need 2 <= splits <= samples)"
    case let .invalidFraction(f): return "fraction \(f) is not in (0, 1)"
    case let .invalidSeed(s): return "seed \(s) is outside 0...2^32-1 (numpy's legacy RandomState range)"
    case let .lengthMismatch(what, expected, got): return "\(what): expected \(expected) entries, got \(got)"
    case let .labelOutOfRange(label, classes): return "label \(label) is outside 0..<\(classes)"
    case let .empty(what): return "\(what) is empty"
    case let .invalidArgument(message): return message
    }
  }
}
