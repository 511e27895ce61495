import Testing
@testable import Randomness

/// Property tests over many seeded cases; each failure message carries its seed. Moment checks
/// allow 5 standard errors of the statistic for the sample size at hand (a false alarm about once
/// in 1.7 million per check for a normal statistic), written out beside each check.
@Suite("Distributions")
struct DistributionTests {
  /// 5 standard errors of a mean of n draws with standard deviation `sd`.
  func bound(sd: Double, n: Int) -> Double { 5 * sd / Double(n).squareRoot() }

  @Test("[RAND-12] int(below:) stays in 0..<n and hits every value for small n")
  func boundedIntegers() throws {
    for seed: UInt64 in 0..<20 {
      var g = Xoshiro256StarStar(seed: seed)
      for n in [1, 2, 3, 7, 10, 1000, Int.max] {
        for _ in 0..<200 {
          let v = try g.int(below: n)
          #expect(v >= 0 && v < n, "seed \(seed), n \(n), got \(v)")
        }
      }
      var counts = [Int](repeating: 0, count: 7)
      for _ in 0..<700 { counts[try g.int(below: 7)] += 1 }
      // Each count is Binomial(700, 1/7): mean 100, sd sqrt(700 (1/7) (6/7)) = 9.26.
      #expect(counts.allSatisfy { abs(Double($0) - 100) < 5 * (700.0 / 7 * 6 / 7).squareRoot() },
              "seed \(seed), counts \(counts)")
    }
  }

  @Test("[RAND-12] int(below:) is Lemire's method: the high word of next() * n when no rejection")
  func lemireValue() throws {
    var g = Xoshiro256StarStar(seed: 11), h = Xoshiro256StarStar(seed: 11)
    let word = h.next()
    #expect(try g.int(below: 10) == Int(UInt64(10).multipliedFullWidth(by: word).high))
  }

  @Test("[RAND-13] uniform(in:) stays in [a, b), never returns b, and has the right mean")
  func uniformInterval() throws {
    for seed: UInt64 in 0..<20 {
      var g = Xoshiro256StarStar(seed: seed)
      var sum = 0.0
      for _ in 0..<2000 {
        let x = try g.uniform(in: -3..<5)
        #expect(x >= -3 && x < 5, "seed \(seed), got \(x)")
        sum += x
      }
      // U[-3, 5): mean 1, sd 8 / sqrt(12) = 2.31; 2000 draws: standard error 0.052.
      #expect(abs(sum / 2000 - 1) < bound(sd: 8 / 12.0.squareRoot(), n: 2000), "seed \(seed), mean \(sum / 2000)")
      // A one-ulp interval: only a is possible.
      let a = 1.0, b = a.nextUp
      #expect(try g.uniform(in: a..<b) == a, "seed \(seed)")
    }
  }

  @Test("[RAND-14] normal(mean:std:) has the requested mean and standard deviation")
  func normalMoments() throws {
    for seed: UInt64 in 0..<10 {
      var g = Xoshiro256StarStar(seed: seed)
      let xs = try (0..<4000).map { _ in try g.normal(mean: 2, std: 3) }
      let mean = xs.reduce(0, +) / Double(xs.count)
      let variance = xs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(xs.count - 1)
      // 4000 draws: the mean's standard error is 3 / sqrt(4000) = 0.047; the sample standard
      // deviation's is about sigma / sqrt(2 (n - 1)) = 0.034.
      #expect(abs(mean - 2) < bound(sd: 3, n: 4000), "seed \(seed), mean \(mean)")
      #expect(abs(variance.squareRoot() - 3) < bound(sd: 3, n: 2 * 3999), "seed \(seed), std \(variance.squareRoot())")
      #expect(xs.allSatisfy { abs($0 - 2) < 12.1 * 3 }, "seed \(seed)")
    }
  }

  @Test("[RAND-14] std 0 returns the mean but still advances the stream like std 1")
  func normalZeroStd() throws {
    var a = Xoshiro256StarStar(seed: 5), b = Xoshiro256StarStar(seed: 5)
    #expect(try a.normal(mean: 4, std: 0) == 4)
    _ = try b.normal()
    #expect(a.next() == b.next())
  }

  @Test("[RAND-15] bernoulli(p) is never true at 0, always at 1, and near p in between")
  func bernoulli() throws {
    for seed: UInt64 in 0..<10 {
      var g = Xoshiro256StarStar(seed: seed)
      var hits = 0
      for _ in 0..<4000 where try g.bernoulli(0.3) { hits += 1 }
      // The rate of 4000 draws has standard error sqrt(0.3 * 0.7 / 4000) = 0.0072.
      #expect(abs(Double(hits) / 4000 - 0.3) < bound(sd: (0.3 * 0.7).squareRoot(), n: 4000),
              "seed \(seed), rate \(Double(hits) / 4000)")
      for _ in 0..<100 {
        #expect(try !g.bernoulli(0), "seed \(seed)")
        #expect(try g.bernoulli(1), "seed \(seed)")
      }
    }
  }

  @Test("[RAND-16] categorical never picks a zero-weight class and follows the weights")
  func categorical() throws {
    let weights = [0, 1, 0, 3, 0, 0, 6, 0]
    for seed: UInt64 in 0..<20 {
      var g = Xoshiro256StarStar(seed: seed)
      var counts = [Int](repeating: 0, count: weights.count)
      for _ in 0..<2000 { counts[try g.categorical(probabilities: weights.map(Double.init))] += 1 }
      for (i, w) in weights.enumerated() where w == 0 {
        #expect(counts[i] == 0, "seed \(seed), class \(i) has weight 0 but was drawn \(counts[i]) times")
      }
      // Class 6 has probability 0.6: over 2000 draws its rate has standard error 0.011.
      #expect(abs(Double(counts[6]) / 2000 - 0.6) < bound(sd: (0.6 * 0.4).squareRoot(), n: 2000),
              "seed \(seed), counts \(counts)")
      #expect(try g.categorical(probabilities: [0, 0, .leastNonzeroMagnitude]) == 2, "seed \(seed)")
    }
  }

  @Test("[RAND-16] categorical is the inverse CDF: u on a class boundary goes to the later class")
  func categoricalBoundary() throws {
    // A source whose next() gives nextDouble() == 0.25 exactly.
    struct Fixed: RandomSource { mutating func next() -> UInt64 { UInt64(1) << 62 } }
    var f = Fixed()
    #expect(f.nextDouble() == 0.25)
    #expect(try f.categorical(probabilities: [1, 3]) == 1)
    #expect(try f.categorical(probabilities: [1, 0, 3]) == 2)
    #expect(try f.categorical(probabilities: [2, 6]) == 1)
    #expect(try f.categorical(probabilities: [1.01, 3]) == 0)
  }
}
