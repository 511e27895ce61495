/// Everything that can be wrong with the arguments of a draw (RAND-22).
///
/// Each case carries the offending value, so a message says what was passed, not only that it
/// was bad. No function in this module traps or returns NaN on bad input; it throws one of these.
public enum RandomnessError: Error, Equatable, Sendable, CustomStringConvertible {
  /// An upper bound `n` for `int(below:)` or a with-replacement sample that is not at least 1.
  case nonPositiveBound(Int)
  /// A count (`k` of a sample, `n` of a population or a permutation) that is negative.
  case negativeCount(name: String, value: Int)
  /// A sample without replacement of `k` items from only `n`.
  case sampleLargerThanPopulation(k: Int, n: Int)
  /// A probability that is NaN or outside [0, 1].
  case probabilityOutOfRange(Double)
  /// A categorical weight that is negative, infinite or NaN, with its index.
  case invalidWeight(index: Int, value: Double)
  /// Categorical weights that sum to zero (`count` classes; 0 means the list was empty) or to
  /// infinity (`sum` tells which).
  case unusableWeights(count: Int, sum: Double)
  /// A real parameter (a bound, a mean, a width) that is infinite or NaN.
  case nonFiniteParameter(name: String, value: Double)
  /// A standard deviation below zero.
  case negativeStandardDeviation(Double)
  /// A real interval with no room: `low >= high` for `uniform(in:)`.
  case emptyInterval(low: Double, high: Double)
  /// An integer range with no values: `low >= high` for `randint(low:high:)`.
  case emptyIntegerRange(low: Int, high: Int)
  /// A numpy legacy seed outside 0...2^32 - 1.
  case seedOutOfRange(Int)

  public var description: String {
    switch self {
    case .nonPositiveBound(let n): "bound n = \(n) must be at least 1"
    case .negativeCount(let name, let value): "\(name) = \(value) must not be negative"
    case .sampleLargerThanPopulation(let k, let n): "cannot draw k = \(k) distinct items from n = \(n)"
    case .probabilityOutOfRange(let p): "probability p = \(p) is not in [0, 1]"
    case .invalidWeight(let index, let value): "weight[\(index)] = \(value) is negative or not finite"
    case .unusableWeights(let count, let sum): "weights of \(count) classes sum to \(sum); need a finite positive sum"
    case .nonFiniteParameter(let name, let value): "\(name) = \(value) is not finite"
    case .negativeStandardDeviation(let s): "standard deviation \(s) is negative"
    case .emptyInterval(let low, let high): "interval [\(low), \(high)) is empty"
    case .emptyIntegerRange(let low, let high): "integer range [\(low), \(high)) is empty"
    case .seedOutOfRange(let s): "seed \(s) is outside 0...4294967295"
    }
  }
}
