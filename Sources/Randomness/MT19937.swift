/// The 32-bit Mersenne Twister MT19937 (Matsumoto and Nishimura 1998) with the classic
/// `init_genrand` seeding, bit-compatible with numpy's legacy `np.random.RandomState(seed)` for an
/// integer seed in 0...2^32 - 1 (RAND-4).
///
/// State: 624 words `key` and a position. Seeding: key[0] = seed,
/// key[i] = 1812433253 * (key[i-1] ^ (key[i-1] >> 30)) + i (mod 2^32), position = 624.
/// When the position reaches 624 the whole key is regenerated ("twist") with the matrix
/// 0x9908B0DF; each output word y = key[position] is tempered:
/// y ^= y >> 11; y ^= (y << 7) & 0x9D2C5680; y ^= (y << 15) & 0xEFC60000; y ^= y >> 18.
/// Property: seed 5489 gives 3499211612, 581869302, 3890346734 (the reference implementation's);
/// seed 42 gives 1608637542, 3421126067 (numpy's).
public struct MT19937: RandomSource, Sendable, Equatable {
  static let n = 624, m = 397
  static let matrixA: UInt32 = 0x9908_B0DF, upperMask: UInt32 = 0x8000_0000, lowerMask: UInt32 = 0x7FFF_FFFF

  /// The 624 state words.
  public private(set) var key: [UInt32]
  /// Index of the next word of `key` to temper; 624 means "twist first".
  public private(set) var position: Int

  /// `init_genrand(seed)`: what numpy's legacy `RandomState(seed)` does for an integer seed.
  public init(seed: UInt32) {
    var key = [UInt32](repeating: 0, count: Self.n)
    key[0] = seed
    for i in 1..<Self.n {
      key[i] = 1_812_433_253 &* (key[i - 1] ^ (key[i - 1] >> 30)) &+ UInt32(i)
    }
    self.key = key
    position = Self.n
  }

  /// Regenerates all 624 words at once (the reference `genrand_int32` refill).
  mutating func twist() {
    let n = Self.n, m = Self.m
    key.withUnsafeMutableBufferPointer { k in
      for i in 0..<n {
        let y = (k[i] & Self.upperMask) | (k[(i &+ 1) % n] & Self.lowerMask)
        // (0 &- (y & 1)) is all ones when y is odd: adds the matrix row without a branch.
        k[i] = k[(i &+ m) % n] ^ (y >> 1) ^ ((0 &- (y & 1)) & Self.matrixA)
      }
    }
    position = 0
  }

  /// The next tempered 32-bit output (numpy: `random_raw()` of the legacy bit generator) (RAND-4).
  public mutating func nextUInt32() -> UInt32 {
    if position >= Self.n { twist() }
    var y = key[position]
    position &+= 1
    y ^= y >> 11
    y ^= (y << 7) & 0x9D2C_5680
    y ^= (y << 15) & 0xEFC6_0000
    y ^= y >> 18
    return y
  }

  /// Two 32-bit outputs a then b, joined as `(a << 32) | b`: the first word is the high half,
  /// as in numpy's `mt19937_next64` (RAND-5).
  public mutating func next() -> UInt64 {
    let high = UInt64(nextUInt32())
    return (high << 32) | UInt64(nextUInt32())
  }

  /// numpy's double from MT19937: a = next32 >> 5, b = next32 >> 6,
  /// (a * 67108864 + b) / 2^53, uniform on [0, 1) with 53 bits (RAND-6).
  ///
  /// Not the same value as ``RandomSource/nextDouble()`` (which keeps the top 53 of the 64 bits
  /// of `next()`); use this one for numpy compatibility. Seed 42 gives 0.3745401188473625.
  public mutating func randomSample() -> Double {
    let a = Double(nextUInt32() >> 5), b = Double(nextUInt32() >> 6)
    return (a * 67_108_864 + b) / 9_007_199_254_740_992
  }
}
