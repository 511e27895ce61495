/// xoshiro256** (Blackman and Vigna 2018): the project's general-purpose generator (RAND-3).
///
/// Four 64-bit words of state, filled from the seed by ``SplitMix64`` (so that every 64-bit seed,
/// including 0, gives a valid non-zero state). Output: rotl(s1 * 5, 7) * 9; then
/// t = s1 << 17; s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 45).
public struct Xoshiro256StarStar: RandomSource, Sendable {
  /// The generator state (never all zero).
  public private(set) var state: (UInt64, UInt64, UInt64, UInt64)

  /// Seeds the four state words with four successive SplitMix64 outputs of `seed`.
  public init(seed: UInt64) {
    var mixer = SplitMix64(seed: seed)
    state = (mixer.next(), mixer.next(), mixer.next(), mixer.next())
  }

  static func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 &- k)) }

  public mutating func next() -> UInt64 {
    let result = Self.rotateLeft(state.1 &* 5, 7) &* 9
    let t = state.1 << 17
    state.2 ^= state.0
    state.3 ^= state.1
    state.1 ^= state.2
    state.0 ^= state.3
    state.2 ^= t
    state.3 = Self.rotateLeft(state.3, 45)
    return result
  }
}
