/// SplitMix64 (Steele, Lea and Flood 2014), used to expand one 64-bit seed into the state of
/// other generators (RAND-2).
///
/// state += 0x9E3779B97F4A7C15; z = state; z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
/// z = (z ^ (z >> 27)) * 0x94D049BB133111EB; return z ^ (z >> 31). All arithmetic wraps mod 2^64.
/// Property: seed 0 gives 0xE220A8397B1DCDAF as its first output (the reference implementation's).
public struct SplitMix64: RandomSource, Sendable {
  /// The running counter.
  public private(set) var state: UInt64

  public init(seed: UInt64) { state = seed }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    return Self.mix(state)
  }

  /// The output function ("finaliser") alone: z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
  /// z = (z ^ (z >> 27)) * 0x94D049BB133111EB; z ^ (z >> 31). A bijection of UInt64 in which
  /// every input bit affects every output bit; ``SeedStream`` uses it to derive seeds (RAND-2).
  @inlinable
  public static func mix(_ value: UInt64) -> UInt64 {
    var z = value
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
