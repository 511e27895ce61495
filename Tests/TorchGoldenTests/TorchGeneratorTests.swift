import Foundation
import Testing
@testable import Randomness

/// Every generator path against goldens written by torch (Fixtures/golden/torch_random.json).
@Suite("PyTorch CPU generator")
struct TorchGeneratorTests {
  static let sizes = [1, 15, 16, 17, 1000]
  let golden = TorchGolden.shared

  @Test("[RAND-30] manual_seed: the MT19937 state equals torch's after seeding, the seed truncated to 32 bits")
  func seeding() {
    #expect(golden.common.seeds.map(\.seed) == ["0", "3", "1099511627783"])
    for c in golden.common.seeds {
      let g = TorchGenerator(seed: seedValue(c.seed), capability: .default)
      #expect(c.stateAfterSeed.initialSeed == c.seed)
      #expect(Array(g.engine.key.prefix(6)) == c.stateAfterSeed.keyHead, "seed \(c.seed)")
      let bytes = g.engine.key.flatMap { littleEndian(UInt64($0), 4) }
      #expect(UInt64(c.stateAfterSeed.keyFnv1a64) == SeedStream.fnv1a64(bytes), "seed \(c.seed)")
    }
  }

  @Test("[RAND-30] manualSeed restarts the stream and clears the cached normal")
  func reseeding() throws {
    var g = TorchGenerator(seed: 3, capability: .avx512)
    _ = try g.normal(count: 1, dtype: .float64)
    #expect(g.cachedNormal != nil)
    g.manualSeed(3)
    #expect(g.cachedNormal == nil)
    #expect(g.engine == TorchGenerator(seed: 3, capability: .avx512).engine)
  }

  @Test("[RAND-32] rand and uniform_ match torch for float32 and float64, sizes 1 ... 1000, every capability")
  func uniform() throws {
    for c in golden.common.seeds {
      for n in Self.sizes {
        for dtype in TorchDType.allCases {
          var g = TorchGenerator(seed: seedValue(c.seed), capability: .default)
          #expect(c.paths["rand_\(dtype)_\(n)"]!.matches(try g.rand(count: n, dtype: dtype), float32: dtype == .float32),
                  "seed \(c.seed) n \(n) \(dtype)")
        }
      }
    }
    for capability in TorchCPUCapability.allCases {
      for c in golden.capability(capability).seeds {
        for n in Self.sizes {
          for dtype in TorchDType.allCases {
            var g = TorchGenerator(seed: seedValue(c.seed), capability: capability)
            let ours = try g.uniform(count: n, from: -0.7, to: 0.9, dtype: dtype)
            #expect(c.paths["uniform_m0.7_0.9_\(dtype)_\(n)"]!.matches(ours, float32: dtype == .float32),
                    "\(capability) seed \(c.seed) n \(n) \(dtype)")
          }
        }
      }
    }
  }

  @Test("[RAND-31] the capabilities differ where torch's builds differ: fused uniform bounds, the float32 normal path")
  func capabilitiesDiffer() throws {
    for dtype in TorchDType.allCases {
      var plain = TorchGenerator(seed: 0, capability: .default), fused = TorchGenerator(seed: 0, capability: .avx2)
      let a = try plain.uniform(count: 1000, from: -0.7, to: 0.9, dtype: dtype)
      let b = try fused.uniform(count: 1000, from: -0.7, to: 0.9, dtype: dtype)
      let differing = zip(a, b).filter { $0 != $1 }.count
      // About half the values round differently; none by more than a few units in the last place.
      #expect(differing > 300 && differing < 700, "\(dtype): \(differing) of 1000 differ")
      #expect(zip(a, b).allSatisfy { abs($0 - $1) <= (dtype == .float32 ? 1e-6 : 1e-15) })
    }
    var plain = TorchGenerator(seed: 0, capability: .default), vector = TorchGenerator(seed: 0, capability: .avx512)
    let a = try plain.normal(count: 1000, dtype: .float32), b = try vector.normal(count: 1000, dtype: .float32)
    #expect(a != b)
    #expect(zip(a, b).allSatisfy { abs($0 - $1) <= 1e-5 })
    var plain64 = TorchGenerator(seed: 0, capability: .default), vector64 = TorchGenerator(seed: 0, capability: .avx512)
    #expect(try plain64.normal(count: 1000, dtype: .float64) == vector64.normal(count: 1000, dtype: .float64))
  }

  @Test("[RAND-33] [RAND-34] randn and normal_ match torch: the scalar path below 16, the blocked path from 16, float64")
  func normalDouble() throws {
    for c in golden.common.seeds {
      for n in Self.sizes {
        var g = TorchGenerator(seed: seedValue(c.seed), capability: .avx512)
        #expect(c.paths["randn_float64_\(n)"]!.matches(try g.normal(count: n, dtype: .float64), float32: false),
                "seed \(c.seed) n \(n)")
      }
    }
    for capability in TorchCPUCapability.allCases {
      for c in golden.capability(capability).seeds {
        for n in Self.sizes {
          var g = TorchGenerator(seed: seedValue(c.seed), capability: capability)
          let ours = try g.normal(count: n, mean: 0.5, std: 0.3, dtype: .float64)
          #expect(c.paths["normal_0.5_0.3_float64_\(n)"]!.matches(ours, float32: false), "\(capability) seed \(c.seed) n \(n)")
        }
      }
    }
  }

  @Test("""
    [RAND-34] [RAND-35] randn and normal_ match torch for float32: libm under default, the AVX2 \
    polynomials under avx2 and avx512
    """)
  func normalFloat() throws {
    for capability in TorchCPUCapability.allCases {
      for c in golden.capability(capability).seeds {
        for n in Self.sizes {
          var g = TorchGenerator(seed: seedValue(c.seed), capability: capability)
          #expect(c.paths["randn_float32_\(n)"]!.matches(try g.normal(count: n, dtype: .float32), float32: true),
                  "\(capability) seed \(c.seed) n \(n)")
          var h = TorchGenerator(seed: seedValue(c.seed), capability: capability)
          #expect(c.paths["normal_0.5_0.3_float32_\(n)"]!.matches(try h.normal(count: n, mean: 0.5, std: 0.3, dtype: .float32),
                                                                  float32: true),
                  "\(capability) seed \(c.seed) n \(n)")
        }
      }
    }
  }

  @Test("[RAND-33] the cached partner survives uniform draws and the blocked path, and is used by the next scalar normal")
  func cachedPartner() throws {
    for c in golden.common.seeds {
      var g = TorchGenerator(seed: seedValue(c.seed), capability: .default)
      var ours = try g.normal(count: 3, dtype: .float64)
      ours += try g.rand(count: 2, dtype: .float64)
      ours += try g.normal(count: 1, dtype: .float64)
      ours += try g.normal(count: 17, dtype: .float64)
      ours += try g.normal(count: 1, dtype: .float64)
      #expect(c.paths["cache_sequence_randn3_rand2_randn1_randn17_randn1"]!.matches(ours, float32: false), "seed \(c.seed)")
    }
  }

  @Test("[RAND-36] [RAND-37] [RAND-38] randint (32- and 64-bit ranges), randperm and random_ match torch")
  func integers() throws {
    for c in golden.common.seeds {
      let s = seedValue(c.seed)
      for n in Self.sizes {
        var g = TorchGenerator(seed: s, capability: .default)
        #expect(c.paths["randint_m5_1000_\(n)"]!.matches(try g.randint(low: -5, high: 1000, count: n)), "seed \(s) n \(n)")
        g.manualSeed(s)
        #expect(c.paths["randint_0_2p40_\(n)"]!.matches(try g.randint(low: 0, high: 1 << 40, count: n)), "seed \(s) n \(n)")
        g.manualSeed(s)
        #expect(c.paths["randperm_\(n)"]!.matches(try g.randperm(n)), "seed \(s) n \(n)")
      }
      var g = TorchGenerator(seed: s, capability: .default)
      #expect(c.paths["random_int64_5"]!.matches((0..<5).map { _ in Int(g.randomInt64()) }), "seed \(s)")
    }
  }

  @Test("[RAND-37] randperm's inside-out algorithm is a permutation drawing two words per element")
  func insideOut() {
    var g = TorchGenerator(seed: 9, capability: .default)
    let p = g.insideOutShuffle(1000)
    #expect(p.sorted() == Array(0..<1000))
    var h = TorchGenerator(seed: 9, capability: .default)
    for _ in 0..<2000 { _ = h.random() }
    #expect(g.engine == h.engine)
    #expect(TorchGenerator.randpermSwapLimit == 214_748_364)
  }

  @Test("[RAND-39] bernoulli_(p) and bernoulli(p tensor, float32 and float64) match torch")
  func bernoulli() throws {
    for c in golden.common.seeds {
      let s = seedValue(c.seed)
      for n in Self.sizes {
        var g = TorchGenerator(seed: s, capability: .default)
        #expect(c.paths["bernoulli_0.3_\(n)"]!.matches(try g.bernoulli(count: n, p: 0.3), float32: true), "seed \(s) n \(n)")
        for dtype in TorchDType.allCases {
          // The golden's probabilities: i / (n - 1), rounded to the dtype.
          let p = (0..<n).map { i in n > 1 ? Double(i) / Double(n - 1) : 0 }.map { dtype == .float32 ? Double(Float($0)) : $0 }
          g.manualSeed(s)
          #expect(c.paths["bernoulli_p_tensor_\(dtype)_\(n)"]!.matches(try g.bernoulli(probabilities: p, dtype: dtype),
                                                                       float32: dtype == .float32),
                  "seed \(s) n \(n) \(dtype)")
        }
      }
    }
  }

  @Test("[RAND-22] [RAND-32] bad arguments throw before any draw")
  func errors() {
    var g = TorchGenerator(seed: 1, capability: .default)
    let before = g
    #expect(throws: RandomnessError.negativeCount(name: "count", value: -1)) { try g.rand(count: -1, dtype: .float32) }
    #expect(throws: RandomnessError.emptyInterval(low: 1, high: 0)) { try g.uniform(count: 3, from: 1, to: 0, dtype: .float64) }
    #expect(throws: RandomnessError.nonFiniteParameter(name: "from", value: -.infinity)) {
      try g.uniform(count: 3, from: -.infinity, to: 0, dtype: .float64)
    }
    #expect(throws: RandomnessError.negativeStandardDeviation(-1)) { try g.normal(count: 3, std: -1, dtype: .float64) }
    #expect(throws: RandomnessError.emptyIntegerRange(low: 4, high: 4)) { try g.randint(low: 4, high: 4, count: 2) }
    #expect(throws: RandomnessError.negativeCount(name: "n", value: -2)) { try g.randperm(-2) }
    #expect(throws: RandomnessError.probabilityOutOfRange(1.5)) { try g.bernoulli(count: 2, p: 1.5) }
    #expect(throws: RandomnessError.probabilityOutOfRange(-0.1)) { try g.bernoulli(probabilities: [0.5, -0.1], dtype: .float32) }
    #expect(g == before)
  }
}

/// randperm's large-n algorithm at torch's own threshold: 214,748,364 elements, a few minutes
/// and 1.7 GB, so it runs only when NN_LONG_TESTS is set (the small-n tests above cover the
/// algorithm on 1,000 elements without a torch golden).
@Suite("PyTorch randperm, large n")
struct TorchLargeRandpermTests {
  @Test("[RAND-37] randperm(214,748,364) equals torch's (weighted sum and sampled positions)",
        .enabled(if: ProcessInfo.processInfo.environment["NN_LONG_TESTS"] != nil, "set NN_LONG_TESTS=1 (a few minutes, 1.7 GB)"))
  func largeRandperm() throws {
    let golden = TorchGolden.shared.randpermLarge
    var g = TorchGenerator(seed: UInt64(golden.seed), capability: .default)
    let p = try g.randperm(golden.n)
    var weighted: UInt64 = 0
    for (i, v) in p.enumerated() { weighted = weighted &+ UInt64(i + 1) &* UInt64(v) }
    #expect(String(weighted) == golden.weightedSum)
    #expect(golden.positions.map { p[$0] } == golden.values)
  }
}
