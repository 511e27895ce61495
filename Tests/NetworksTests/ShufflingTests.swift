import Randomness
import Testing
@testable import Networks

/// A generator that replays a script of 64-bit words.
struct ScriptedSource: RandomSource {
  var words: [UInt64]
  var position = 0
  mutating func next() -> UInt64 {
    defer { position += 1 }
    return words[position]
  }
}

@Suite("Shuffled mini-batches")
struct ShufflingTests {
  @Test("[NET-18] bounded draws: the high word of next() * n, rejecting low words below (2^64 - n) mod n")
  func boundedIndex() {
    var top = ScriptedSource(words: [UInt64.max])
    #expect(Shuffling.boundedIndex(below: 10, using: &top) == 9)
    // n = 3: (2^64 - 3) mod 3 = 1, so a draw of 0 (low word 0 < 1) is rejected; 2^63 gives
    // 3 * 2^63 = 2^64 + 2^63: high word 1, low word 2^63, accepted.
    var script = ScriptedSource(words: [0, 1 << 63])
    #expect(Shuffling.boundedIndex(below: 3, using: &script) == 1 && script.position == 2)
    var g = Xoshiro256StarStar(seed: 5)
    var counts = [Int](repeating: 0, count: 7)
    for _ in 0..<70_000 { counts[Shuffling.boundedIndex(below: 7, using: &g)] += 1 }
    // Chi-square with 6 degrees of freedom: 99.9% quantile 22.5.
    let chi2 = counts.reduce(0.0) { $0 + Double(($1 - 10_000) * ($1 - 10_000)) / 10_000 }
    #expect(chi2 < 22.5, "counts \(counts)")
    var one = Xoshiro256StarStar(seed: 6)
    #expect((0..<100).allSatisfy { _ in Shuffling.boundedIndex(below: 1, using: &one) == 0 })
  }

  @Test("[NET-18] the permutation is Fisher-Yates from the top with bounded draws; batches are consecutive slices")
  func permutationAndBatches() {
    for seed: UInt64 in 1...5 {
      var g = Xoshiro256StarStar(seed: seed), twin = g
      let p = Shuffling.permutation(11, using: &g)
      var expected = Array(0..<11)
      for i in stride(from: 10, through: 1, by: -1) { expected.swapAt(i, Shuffling.boundedIndex(below: i + 1, using: &twin)) }
      #expect(p == expected, "seed \(seed)")
      #expect(p.sorted() == Array(0..<11))
      #expect(g.next() == twin.next())
    }
    var g = Xoshiro256StarStar(seed: 7), untouched = g
    #expect(Shuffling.permutation(1, using: &g) == [0] && Shuffling.permutation(0, using: &g) == [])
    #expect(g.next() == untouched.next())
    #expect(Shuffling.batches(Array(0..<10), batchSize: 4) == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]])
    #expect(Shuffling.batches([3, 1, 2], batchSize: 5) == [[3, 1, 2]])
  }
}
