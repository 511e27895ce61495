import Foundation
import Testing
@testable import Randomness

/// One seed's numpy outputs from Fixtures/golden/mt19937.json (written by make_mt19937.py).
struct MT19937Golden: Decodable {
  let seed: UInt32
  let raw32: [UInt32]
  let randomSample: [Double]
  let permutation10: [Int]
  let permutation150: [Int]
  let shuffleArange37: [Int]
  let standardNormal: [Double]
  let randint0to7: [Int]
  let randint0to1000: [Int]
  let randintMinus5to5: [Int]
  let randint0to2p40: [Int]
  let randintMinus2p62to2p62: [Int]
  let uint64Full: [UInt64]
  let uniformMinus8to8: [Double]
  let interleaved: [Double]
  let firstRandomSample: Double

  enum CodingKeys: String, CodingKey {
    case seed, raw32, permutation10, permutation150
    case randomSample = "random_sample", shuffleArange37 = "shuffle_arange37"
    case standardNormal = "standard_normal", randint0to7 = "randint_0_7"
    case randint0to1000 = "randint_0_1000", randintMinus5to5 = "randint_m5_5"
    case randint0to2p40 = "randint_0_2p40", randintMinus2p62to2p62 = "randint_m2p62_2p62"
    case uint64Full = "uint64_full", uniformMinus8to8 = "uniform_m8_8"
    case interleaved = "interleaved_normal_sample_normal_normal_randint10_normal"
    case firstRandomSample = "first_random_sample"
  }

  struct File: Decodable { let numpy: String; let cases: [MT19937Golden] }

  /// Reads the fixture; Tests/RandomnessTests/ThisFile.swift -> repository root is three levels up.
  static func load() throws -> [MT19937Golden] {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    let data = try Data(contentsOf: root.appendingPathComponent("Fixtures/golden/mt19937.json"))
    return try JSONDecoder().decode(File.self, from: data).cases
  }
}

/// Bit-level equality of two double arrays (so -0.0 vs 0.0 or a 1-ulp difference fails).
func sameBits(_ a: [Double], _ b: [Double]) -> Bool {
  a.map(\.bitPattern) == b.map(\.bitPattern)
}

@Suite("numpy legacy RandomState")
struct NumpyGoldenTests {
  @Test("[RAND-4] fixtures cover seeds 0, 1, 42 and 2^32 - 1")
  func fixtureSeeds() throws {
    #expect(try MT19937Golden.load().map(\.seed) == [0, 1, 42, UInt32.max])
  }

  @Test("[RAND-4] MT19937 matches the reference implementation for seed 5489, including output 10000")
  func referenceOutputs() {
    var g = MT19937(seed: 5489)
    #expect([g.nextUInt32(), g.nextUInt32(), g.nextUInt32()] == [3_499_211_612, 581_869_302, 3_890_346_734])
    for _ in 3..<9_999 { _ = g.nextUInt32() }
    #expect(g.nextUInt32() == 4_123_659_995)
  }

  @Test("[RAND-4] raw 32-bit outputs equal numpy's random_raw after RandomState(seed)")
  func rawOutputs() throws {
    for c in try MT19937Golden.load() {
      var g = MT19937(seed: c.seed)
      #expect((0..<20).map { _ in g.nextUInt32() } == c.raw32, "seed \(c.seed)")
    }
  }

  @Test("[RAND-5] next() is (first << 32) | second, equal to numpy's full-range uint64 randint")
  func sixtyFourBitOrder() throws {
    for c in try MT19937Golden.load() {
      var g = MT19937(seed: c.seed)
      #expect((0..<5).map { _ in g.next() } == c.uint64Full, "seed \(c.seed)")
      var h = MT19937(seed: c.seed)
      let words = (0..<2).map { _ in UInt64(h.nextUInt32()) }
      #expect(c.uint64Full[0] == words[0] << 32 | words[1], "seed \(c.seed)")
    }
  }

  @Test("[RAND-6] randomSample equals numpy's random_sample bit for bit (seed 42: 0.3745401188473625)")
  func randomSample() throws {
    var s = NumpyRandomState(seed: 42)
    #expect(s.randomSample().bitPattern == (0.3745401188473625).bitPattern)
    #expect(s.randomSample().bitPattern == (0.9507143064099162).bitPattern)
    for c in try MT19937Golden.load() {
      var r = NumpyRandomState(seed: c.seed)
      #expect(sameBits((0..<20).map { _ in r.randomSample() }, c.randomSample), "seed \(c.seed)")
      #expect(c.firstRandomSample == c.randomSample[0])
    }
  }

  @Test("[RAND-8] permutation(10), permutation(150) and shuffle(arange(37)) equal numpy's")
  func shuffleAndPermutation() throws {
    for c in try MT19937Golden.load() {
      var a = NumpyRandomState(seed: c.seed), b = NumpyRandomState(seed: c.seed)
      #expect(try a.permutation(10) == c.permutation10, "seed \(c.seed)")
      #expect(try b.permutation(150) == c.permutation150, "seed \(c.seed)")
      var r = NumpyRandomState(seed: c.seed)
      var x = Array(0..<37)
      r.shuffle(&x)
      #expect(x == c.shuffleArange37, "seed \(c.seed)")
    }
  }

  @Test("[RAND-9] standardNormal equals numpy's legacy standard_normal, cache included")
  func standardNormal() throws {
    for c in try MT19937Golden.load() {
      var r = NumpyRandomState(seed: c.seed)
      #expect(sameBits((0..<20).map { _ in r.standardNormal() }, c.standardNormal), "seed \(c.seed)")
      // normal, sample, normal (cached), normal, randint(0, 10), normal (cached).
      var s = NumpyRandomState(seed: c.seed)
      let n1 = s.standardNormal()
      #expect(s.cachedNormal != nil)
      let mixed = [n1, s.randomSample(), s.standardNormal(), s.standardNormal(),
                   Double(try s.randint(10)), s.standardNormal()]
      #expect(sameBits(mixed, c.interleaved), "seed \(c.seed)")
    }
  }

  @Test("[RAND-7] [RAND-11] randint equals numpy's legacy int64 randint on 32- and 64-bit ranges")
  func randint() throws {
    let cases: [(Int, Int, KeyPath<MT19937Golden, [Int]>)] = [
      (0, 7, \.randint0to7), (0, 1000, \.randint0to1000), (-5, 5, \.randintMinus5to5),
      (0, 1 << 40, \.randint0to2p40), (-(1 << 62), 1 << 62, \.randintMinus2p62to2p62),
    ]
    for c in try MT19937Golden.load() {
      for (low, high, path) in cases {
        var r = NumpyRandomState(seed: c.seed)
        let expected = c[keyPath: path]
        let got = try (0..<expected.count).map { _ in try r.randint(low: low, high: high) }
        #expect(got == expected, "seed \(c.seed), randint(\(low), \(high))")
      }
    }
  }

  @Test("[RAND-10] uniform(-8, 8) equals numpy's legacy uniform bit for bit")
  func uniform() throws {
    for c in try MT19937Golden.load() {
      var r = NumpyRandomState(seed: c.seed)
      let got = try (0..<10).map { _ in try r.uniform(low: -8, high: 8) }
      #expect(sameBits(got, c.uniformMinus8to8), "seed \(c.seed)")
    }
  }

  @Test("[RAND-7] legacyInterval(0) draws nothing; randint on a one-value range returns low")
  func degenerateRanges() throws {
    var a = NumpyRandomState(seed: 3), b = NumpyRandomState(seed: 3)
    #expect(a.legacyInterval(max: 0) == 0)
    #expect(try a.randint(low: 9, high: 10) == 9)
    #expect(a.nextUInt32() == b.nextUInt32())
    // Full Int range: width 2^64 - 2, all-ones mask, so the value is Int.min + next() (wrapping).
    var full = NumpyRandomState(seed: 3), raw = MT19937(seed: 3)
    let expected = Int(bitPattern: UInt(bitPattern: Int.min) &+ UInt(raw.next()))
    #expect(try full.randint(low: Int.min, high: Int.max) == expected)
  }
}
