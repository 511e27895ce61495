/// A deterministic source of random 64-bit words (RAND-1).
///
/// Every random choice in NeuralNeighbors flows from a value of a type conforming to this protocol,
/// created from an explicit seed; there is no global generator. Conforming to the standard
/// library's `RandomNumberGenerator` lets a source be passed where Swift expects one, but the
/// project's own draws (``nextDouble()``, the distributions) never go through standard-library
/// algorithms, whose exact output is not promised to stay the same across Swift versions.
public protocol RandomSource: RandomNumberGenerator {
  /// The next 64 uniformly distributed bits.
  mutating func next() -> UInt64
}

extension RandomSource {
  /// A double uniform on [0, 1) with 53 random bits: `(next() >> 11) * 2^-53` (RAND-1).
  ///
  /// Property: the result is a multiple of 2^-53 in [0, 1 - 2^-53].
  @inlinable
  public mutating func nextDouble() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }
}
