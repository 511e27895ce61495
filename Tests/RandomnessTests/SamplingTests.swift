import Testing
@testable import Randomness

@Suite("Sampling")
struct SamplingTests {
  @Test("[RAND-17] Fisher-Yates shuffle gives a permutation, and all 6 orders of 3 items occur")
  func shuffleIsPermutation() {
    for seed: UInt64 in 0..<50 {
      var g = Xoshiro256StarStar(seed: seed)
      var x = Array(0..<(Int(seed) * 7 % 40))
      g.shuffle(&x)
      #expect(x.sorted() == Array(0..<x.count), "seed \(seed)")
    }
    var g = Xoshiro256StarStar(seed: 99)
    var seen = Set<[Int]>()
    for _ in 0..<200 {
      var x = [0, 1, 2]
      g.shuffle(&x)
      seen.insert(x)
    }
    #expect(seen.count == 6)
  }

  @Test("[RAND-18] sampling without replacement gives k distinct indices in 0..<n")
  func withoutReplacement() throws {
    for seed: UInt64 in 0..<100 {
      var g = Xoshiro256StarStar(seed: seed)
      let n = Int(seed % 30), k = n == 0 ? 0 : Int(seed * 13 % UInt64(n + 1))
      let s = try g.sampleWithoutReplacement(k, from: n)
      #expect(s.count == k && Set(s).count == k && s.allSatisfy { (0..<n).contains($0) },
              "seed \(seed), n \(n), k \(k), got \(s)")
    }
    var g = Xoshiro256StarStar(seed: 1)
    let big = try g.sampleWithoutReplacement(1000, from: Int.max)
    #expect(Set(big).count == 1000)
  }

  @Test("[RAND-18] the sparse sampler equals the first k steps of a dense forward Fisher-Yates")
  func sparseEqualsDense() throws {
    for seed: UInt64 in 0..<30 {
      var a = Xoshiro256StarStar(seed: seed), b = Xoshiro256StarStar(seed: seed)
      let n = 25, k = 12
      var dense = Array(0..<n)
      for i in 0..<k { dense.swapAt(i, i + (try b.int(below: n - i))) }
      #expect(try a.sampleWithoutReplacement(k, from: n) == Array(dense[0..<k]), "seed \(seed)")
    }
  }

  @Test("[RAND-18] k = n is a full permutation; every index is equally likely in first place")
  func fullSample() throws {
    var g = Xoshiro256StarStar(seed: 2024)
    var first = [Int](repeating: 0, count: 5)
    for _ in 0..<2500 {
      let s = try g.sampleWithoutReplacement(5, from: 5)
      #expect(s.sorted() == [0, 1, 2, 3, 4])
      first[s[0]] += 1
    }
    #expect(first.allSatisfy { abs($0 - 500) < 100 }, "counts \(first)")
  }

  @Test("[RAND-19] sampling with replacement stays in range and has mean near (n - 1) / 2")
  func withReplacement() throws {
    for seed: UInt64 in 0..<20 {
      var g = Xoshiro256StarStar(seed: seed)
      let s = try g.sampleWithReplacement(2000, from: 11)
      #expect(s.allSatisfy { (0..<11).contains($0) }, "seed \(seed)")
      #expect(abs(Double(s.reduce(0, +)) / 2000 - 5) < 0.4, "seed \(seed)")
    }
    var g = Xoshiro256StarStar(seed: 0)
    #expect(try g.sampleWithReplacement(0, from: 0) == [])
  }
}
