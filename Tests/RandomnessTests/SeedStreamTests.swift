import Testing
@testable import Randomness

@Suite("Seed streams")
struct SeedStreamTests {
  static func draws(_ stream: SeedStream, _ count: Int = 8) -> [UInt64] {
    var g = stream.generator()
    return (0..<count).map { _ in g.next() }
  }

  @Test("[RAND-20] FNV-1a 64 matches the standard test vectors")
  func fnvVectors() {
    #expect(SeedStream.fnv1a64("".utf8) == 0xCBF2_9CE4_8422_2325)
    #expect(SeedStream.fnv1a64("a".utf8) == 0xAF63_DC4C_8601_EC8C)
    #expect(SeedStream.fnv1a64("foobar".utf8) == 0x8594_4171_F739_67E8)
  }

  @Test("[RAND-20] [RAND-21] derived seeds equal an independent Python computation of the formula")
  func pinnedSeeds() {
    #expect(SeedStream(seed: 0).child("train").seed == 0x5E16_D807_5BAE_DFFE)
    #expect(SeedStream(seed: 42).child(index: 3).seed == 0xA9A4_6E9E_AB7D_AC3C)
    #expect(SeedStream(seed: 7).child("data").child(index: -1).seed == 0xFF7B_251E_2C14_9A4C)
    #expect(SeedStream(seed: 1).child("é").seed == 0xF662_977D_8AEB_485D)
  }

  @Test("[RAND-20] distinct names give distinct streams; the same path gives identical streams")
  func distinctAndRepeatable() {
    for seed: UInt64 in [0, 1, 42, .max] {
      let root = SeedStream(seed: seed)
      let names = ["train", "test", "init", "data", "", "a", "b", "ab", "ba", "train "]
      let seeds = names.map { root.child($0).seed } + (0..<10).map { root.child(index: $0).seed } + [seed]
      #expect(Set(seeds).count == seeds.count, "seed \(seed)")
      let firsts = names.map { Self.draws(root.child($0), 1)[0] }
      #expect(Set(firsts).count == names.count, "seed \(seed)")
      #expect(Self.draws(root.child("data").child(index: 4)) == Self.draws(SeedStream(seed: seed).child("data").child(index: 4)))
      #expect(root.child("x").child("y") != root.child("y").child("x"), "seed \(seed)")
    }
  }

  @Test("[RAND-21] children do not depend on the order of creation or on draws elsewhere")
  func orderIndependence() {
    let root = SeedStream(seed: 2025)
    // Order 1: make a, draw from it, then b.
    let a1 = root.child("a")
    var ga = a1.generator()
    for _ in 0..<1000 { _ = ga.next() }
    let b1 = root.child("b")
    // Order 2: make b and several others first, never touch a.
    let b2 = root.child("b")
    _ = (0..<5).map { root.child(index: $0) }
    let a2 = root.child("a")
    #expect(Self.draws(b1) == Self.draws(b2))
    #expect(Self.draws(a1) == Self.draws(a2))
    #expect(Self.draws(root) == Self.draws(SeedStream(seed: 2025)))
    var plain = Xoshiro256StarStar(seed: 2025)
    #expect(Self.draws(root, 1) == [plain.next()])
  }

  @Test("[RAND-21] index children: negative indices allowed and distinct; equal indices identical")
  func indexChildren() {
    for seed: UInt64 in 0..<20 {
      let root = SeedStream(seed: seed)
      let seeds = (-20..<20).map { root.child(index: $0).seed }
      #expect(Set(seeds).count == 40, "seed \(seed)")
      #expect(root.child(index: 7) == root.child(index: 7), "seed \(seed)")
    }
  }
}
