import Testing
@testable import Randomness

@Suite("Randomness errors")
struct RandomnessErrorTests {
  @Test("[RAND-22] bad arguments throw typed errors that name the value")
  func badInputs() {
    var g = Xoshiro256StarStar(seed: 0)
    #expect(throws: RandomnessError.nonPositiveBound(0)) { try g.int(below: 0) }
    #expect(throws: RandomnessError.nonPositiveBound(-3)) { try g.int(below: -3) }
    #expect(throws: RandomnessError.probabilityOutOfRange(1.5)) { try g.bernoulli(1.5) }
    #expect(throws: RandomnessError.probabilityOutOfRange(-0.1)) { try g.bernoulli(-0.1) }
    #expect(throws: RandomnessError.self) { try g.bernoulli(.nan) }
    #expect(throws: RandomnessError.invalidWeight(index: 1, value: -1)) { try g.categorical(probabilities: [1, -1]) }
    #expect(throws: RandomnessError.invalidWeight(index: 0, value: .infinity)) { try g.categorical(probabilities: [.infinity]) }
    #expect(throws: RandomnessError.self) { try g.categorical(probabilities: [.nan, 1]) }
    #expect(throws: RandomnessError.unusableWeights(count: 3, sum: 0)) { try g.categorical(probabilities: [0, 0, 0]) }
    #expect(throws: RandomnessError.unusableWeights(count: 0, sum: 0)) { try g.categorical(probabilities: []) }
    #expect(throws: RandomnessError.unusableWeights(count: 2, sum: .infinity)) {
      try g.categorical(probabilities: [.greatestFiniteMagnitude, .greatestFiniteMagnitude])
    }
    #expect(throws: RandomnessError.sampleLargerThanPopulation(k: 6, n: 5)) { try g.sampleWithoutReplacement(6, from: 5) }
    #expect(throws: RandomnessError.negativeCount(name: "k", value: -1)) { try g.sampleWithoutReplacement(-1, from: 5) }
    #expect(throws: RandomnessError.negativeCount(name: "n", value: -2)) { try g.sampleWithoutReplacement(0, from: -2) }
    #expect(throws: RandomnessError.nonPositiveBound(0)) { try g.sampleWithReplacement(3, from: 0) }
    #expect(throws: RandomnessError.negativeCount(name: "k", value: -4)) { try g.sampleWithReplacement(-4, from: 3) }
    #expect(throws: RandomnessError.emptyInterval(low: 2, high: 2)) { try g.uniform(in: 2..<2) }
    #expect(throws: RandomnessError.nonFiniteParameter(name: "upper bound", value: .infinity)) {
      try g.uniform(in: 0..<Double.infinity)
    }
    #expect(throws: RandomnessError.nonFiniteParameter(name: "width", value: .infinity)) {
      try g.uniform(in: -Double.greatestFiniteMagnitude..<Double.greatestFiniteMagnitude)
    }
    #expect(throws: RandomnessError.negativeStandardDeviation(-1)) { try g.normal(mean: 0, std: -1) }
    #expect(throws: RandomnessError.self) { try g.normal(mean: .nan, std: 1) }
    #expect(throws: RandomnessError.nonFiniteParameter(name: "std", value: .infinity)) { try g.normal(mean: 0, std: .infinity) }
  }

  @Test("[RAND-22] numpy legacy state rejects what numpy rejects")
  func legacyBadInputs() throws {
    var r = NumpyRandomState(seed: 0)
    #expect(throws: RandomnessError.seedOutOfRange(-1)) { try NumpyRandomState(validatingSeed: -1) }
    #expect(throws: RandomnessError.seedOutOfRange(1 << 32)) { try NumpyRandomState(validatingSeed: 1 << 32) }
    #expect(throws: RandomnessError.emptyIntegerRange(low: 3, high: 3)) { try r.randint(low: 3, high: 3) }
    #expect(throws: RandomnessError.emptyIntegerRange(low: 0, high: 0)) { try r.randint(0) }
    #expect(throws: RandomnessError.negativeCount(name: "n", value: -1)) { try r.permutation(-1) }
    #expect(throws: RandomnessError.nonFiniteParameter(name: "high - low", value: .infinity)) {
      try r.uniform(low: -Double.greatestFiniteMagnitude, high: Double.greatestFiniteMagnitude)
    }
    #expect(throws: RandomnessError.self) { try r.uniform(low: .nan, high: 1) }
    var valid = try NumpyRandomState(validatingSeed: 42)
    #expect(valid.randomSample() == 0.3745401188473625)
    // A rejected call draws nothing.
    var fresh = NumpyRandomState(seed: 0)
    #expect(r.nextUInt32() == fresh.nextUInt32())
  }

  @Test("[RAND-22] messages name the offending value")
  func messages() {
    #expect(RandomnessError.probabilityOutOfRange(1.5).description.contains("1.5"))
    #expect(RandomnessError.invalidWeight(index: 4, value: -2).description.contains("weight[4] = -2.0"))
    #expect(RandomnessError.sampleLargerThanPopulation(k: 6, n: 5).description.contains("k = 6"))
  }
}
