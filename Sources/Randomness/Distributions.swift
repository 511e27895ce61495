import Foundation

/// Continuous and simple discrete distributions for any ``RandomSource``. Each draws from
/// ``RandomSource/nextDouble()``; each validates its parameters before drawing anything.
extension RandomSource {
  /// A double uniform on [a, b): a + (b - a) * nextDouble() (RAND-13).
  ///
  /// If rounding makes the sum reach b, b.nextDown is returned instead, so b itself never
  /// occurs. Throws `.nonFiniteParameter` for an infinite bound or an infinite width b - a,
  /// `.emptyInterval` for a == b. One 64-bit draw.
  public mutating func uniform(in range: Range<Double>) throws(RandomnessError) -> Double {
    let a = range.lowerBound, b = range.upperBound, width = b - a
    guard a.isFinite else { throw .nonFiniteParameter(name: "lower bound", value: a) }
    guard b.isFinite else { throw .nonFiniteParameter(name: "upper bound", value: b) }
    guard width.isFinite else { throw .nonFiniteParameter(name: "width", value: width) }
    guard a < b else { throw .emptyInterval(low: a, high: b) }
    let x = a + width * nextDouble()
    return x < b ? x : b.nextDown
  }

  /// A normal draw mean + std * z by Marsaglia's polar method, without a cache (RAND-14).
  ///
  /// Repeat x1 = 2 u1 - 1, x2 = 2 u2 - 1 (u = nextDouble(), u1 first), r2 = x1^2 + x2^2, until
  /// 0 < r2 < 1; z = x2 * sqrt(-2 log(r2) / r2). The partner x1 * sqrt(...) is discarded, so the
  /// source alone is the state (on average 2.55 draws per call); |z| < 12.1 because r2 >= 2^-104.
  /// std == 0 returns mean (after drawing, so the stream advances the same way). Throws
  /// `.nonFiniteParameter` for a non-finite mean or std, `.negativeStandardDeviation` for std < 0.
  public mutating func normal(mean: Double = 0, std: Double = 1) throws(RandomnessError) -> Double {
    guard mean.isFinite else { throw .nonFiniteParameter(name: "mean", value: mean) }
    guard std.isFinite else { throw .nonFiniteParameter(name: "std", value: std) }
    guard std >= 0 else { throw .negativeStandardDeviation(std) }
    var x1 = 0.0, x2 = 0.0, r2 = 0.0
    repeat {
      x1 = 2 * nextDouble() - 1
      x2 = 2 * nextDouble() - 1
      r2 = x1 * x1 + x2 * x2
    } while r2 >= 1 || r2 == 0
    return mean + std * (x2 * (-2 * log(r2) / r2).squareRoot())
  }

  /// true with probability p: nextDouble() < p (RAND-15).
  ///
  /// p = 0 is never true, p = 1 always (nextDouble() < 1). One draw whatever p is. Throws
  /// `.probabilityOutOfRange` for p outside [0, 1] or NaN.
  public mutating func bernoulli(_ p: Double) throws(RandomnessError) -> Bool {
    guard p >= 0 && p <= 1 else { throw .probabilityOutOfRange(p) }
    return nextDouble() < p
  }

  /// An index i drawn with probability w[i] / sum(w) by inverse CDF (RAND-16).
  ///
  /// u = nextDouble() * S with S the left-to-right sum of the weights; return the first i with
  /// u < c_i, c_i = w[0] + ... + w[i] summed in the same order. Class i owns the half-open
  /// interval [c_{i-1}, c_i): a u on a boundary goes to the later class, and a zero-weight class
  /// owns an empty interval, so it is never returned. Weights need not sum to 1. One draw.
  /// Throws `.invalidWeight` for a negative, infinite or NaN weight, `.unusableWeights` when the
  /// list is empty, all zero, or sums to infinity.
  public mutating func categorical(probabilities weights: [Double]) throws(RandomnessError) -> Int {
    var total = 0.0
    for (i, w) in weights.enumerated() {
      guard w.isFinite && w >= 0 else { throw .invalidWeight(index: i, value: w) }
      total += w
    }
    guard total > 0 && total.isFinite else { throw .unusableWeights(count: weights.count, sum: total) }
    let u = nextDouble() * total
    var cumulative = 0.0
    for (i, w) in weights.enumerated() {
      cumulative += w
      if u < cumulative { return i }
    }
    // Only reachable when u * S rounds up to S (S subnormal): take the last positive weight.
    return weights.lastIndex { $0 > 0 }!
  }
}
