/// A node in a tree of named random streams: the seed of a child depends only on its parent's
/// seed and its own name (or index), never on what else was drawn or created (RAND-20).
///
/// Give each consumer its own path (`root.child("data").child("split")`,
/// `root.child("init").child(index: layer)`) and adding a draw, a child or a whole consumer in
/// one place never shifts the numbers seen anywhere else. A value type: creating a child does
/// not change the parent, so the order in which children are made cannot matter.
public struct SeedStream: Hashable, Sendable {
  /// This node's 64-bit seed.
  public let seed: UInt64

  public init(seed: UInt64) { self.seed = seed }

  /// The child called `name` (RAND-20):
  /// seed = mix(fnv1a64(utf8(name), start: mix(parent) ^ 0x6E616D65)), with mix the SplitMix64
  /// finaliser ``SplitMix64/mix(_:)`` and fnv1a64 the FNV-1a 64 loop h = (h ^ byte) * 0x100000001B3
  /// run from the given start instead of the usual offset basis 0xCBF29CE484222325.
  ///
  /// Every step is a bijection of the 64-bit state, so for a fixed name distinct parents always
  /// have distinct children; distinct names under one parent collide only by a 64-bit accident.
  /// The start constant is "name" in ASCII; index children use "indx" so the two kinds differ.
  public func child(_ name: String) -> SeedStream {
    SeedStream(seed: Self.derive(parent: seed, domain: 0x6E61_6D65, bytes: name.utf8))
  }

  /// The child number `index` (RAND-21): as ``child(_:)`` with start mix(parent) ^ 0x696E6478
  /// ("indx") and, as bytes, the 8 little-endian bytes of the index's 64-bit two's complement.
  /// Negative indices are allowed and distinct from all others.
  public func child(index: Int) -> SeedStream {
    let word = UInt64(bitPattern: Int64(index))
    let bytes = (0..<8).map { UInt8(truncatingIfNeeded: word >> (8 * UInt64($0))) }
    return SeedStream(seed: Self.derive(parent: seed, domain: 0x696E_6478, bytes: bytes))
  }

  /// A fresh generator for this node: `Xoshiro256StarStar(seed: seed)` (RAND-21). Each call
  /// starts the same stream again.
  public func generator() -> Xoshiro256StarStar { Xoshiro256StarStar(seed: seed) }

  static func derive(parent: UInt64, domain: UInt64, bytes: some Sequence<UInt8>) -> UInt64 {
    SplitMix64.mix(fnv1a64(bytes, start: SplitMix64.mix(parent) ^ domain))
  }

  /// FNV-1a 64: for each byte, h = (h ^ byte) * 0x100000001B3 mod 2^64 (RAND-20). With the
  /// default start (the offset basis) it is the standard hash: "" -> 0xCBF29CE484222325,
  /// "a" -> 0xAF63DC4C8601EC8C.
  static func fnv1a64(_ bytes: some Sequence<UInt8>, start: UInt64 = 0xCBF2_9CE4_8422_2325) -> UInt64 {
    var h = start
    for byte in bytes { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
    return h
  }
}
