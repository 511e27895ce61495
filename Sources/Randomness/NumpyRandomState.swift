import Foundation

/// numpy's legacy `np.random.RandomState`: an ``MT19937`` plus the cached second normal of the
/// polar method. Seeded like `RandomState(seed)` for an integer seed in 0...2^32 - 1, every draw
/// below returns bit for bit what the numpy method of the same name returns (checked against
/// Fixtures/golden/mt19937.json) (RAND-4).
///
/// It is deliberately not a ``RandomSource``: its `shuffle` and bounded integers follow numpy's
/// legacy algorithms, which differ from the generic ones (RAND-12, RAND-17); keeping them on a
/// separate type means the two can never be confused by overload resolution.
public struct NumpyRandomState: Sendable {
  /// The bit generator (numpy: `RandomState._bit_generator`).
  public private(set) var bitGenerator: MT19937
  /// The second value of the last polar pair, returned by the next ``standardNormal()``
  /// (numpy: `has_gauss` / `gauss`). Part of the state: two states with the same
  /// `bitGenerator` but different caches give different normals.
  public private(set) var cachedNormal: Double?

  /// `RandomState(seed)` for a seed in 0...2^32 - 1.
  public init(seed: UInt32) {
    bitGenerator = MT19937(seed: seed)
    cachedNormal = nil
  }

  /// `RandomState(seed)` for a seed held in an Int; throws `.seedOutOfRange` outside
  /// 0...2^32 - 1, where numpy raises ValueError. (A separate label, so that a literal seed
  /// picks the non-throwing initialiser.)
  public init(validatingSeed seed: Int) throws(RandomnessError) {
    guard let s = UInt32(exactly: seed) else { throw .seedOutOfRange(seed) }
    self.init(seed: s)
  }

  /// One raw 32-bit MT19937 output (RAND-4).
  public mutating func nextUInt32() -> UInt32 { bitGenerator.nextUInt32() }

  /// One 64-bit draw `(first << 32) | second` (RAND-5).
  public mutating func nextUInt64() -> UInt64 { bitGenerator.next() }

  /// `random_sample()` / `rand()`: ((a >> 5) * 67108864 + (b >> 6)) / 2^53 (RAND-6).
  public mutating func randomSample() -> Double { bitGenerator.randomSample() }

  /// `standard_normal()` (legacy `legacy_gauss`): Marsaglia's polar method with a cache (RAND-9).
  ///
  /// If a value is cached, return it and clear the cache (no draw). Otherwise repeat
  /// x1 = 2 u1 - 1, x2 = 2 u2 - 1 (u from ``randomSample()``, u1 first), r2 = x1^2 + x2^2,
  /// until 0 < r2 < 1; f = sqrt(-2 log(r2) / r2); cache f * x1 and return f * x2.
  /// The cache survives other kinds of draws in between, as in numpy.
  public mutating func standardNormal() -> Double {
    if let cached = cachedNormal {
      cachedNormal = nil
      return cached
    }
    var x1 = 0.0, x2 = 0.0, r2 = 0.0
    repeat {
      x1 = 2 * randomSample() - 1
      x2 = 2 * randomSample() - 1
      r2 = x1 * x1 + x2 * x2
    } while r2 >= 1 || r2 == 0
    let f = (-2 * log(r2) / r2).squareRoot()
    cachedNormal = f * x1
    return f * x2
  }

  /// `uniform(low, high)`: low + (high - low) * randomSample() (RAND-10).
  ///
  /// As in numpy, `low > high` is allowed (values then lie in (high, low]) and `low == high`
  /// returns low; a non-finite low, high or width high - low throws `.nonFiniteParameter`
  /// (numpy raises OverflowError). One double is drawn either way.
  public mutating func uniform(low: Double, high: Double) throws(RandomnessError) -> Double {
    let width = high - low
    guard low.isFinite else { throw .nonFiniteParameter(name: "low", value: low) }
    guard high.isFinite else { throw .nonFiniteParameter(name: "high", value: high) }
    guard width.isFinite else { throw .nonFiniteParameter(name: "high - low", value: width) }
    return low + width * randomSample()
  }
}
