import AbsMahalanobis
import Foundation
import Randomness
import Tensors
import Testing

/// The Abs-node author's Experiment 1 regenerated from their seed, against torch's own run of
/// their loop (Fixtures/golden/torch_random.json, `author_experiment1`).
@Suite("Abs-node Experiment 1 from the author's seed")
struct AuthorExperiment1Tests {
  let golden = TorchGolden.shared.capability(AuthorExperiment1.capability).authorExperiment1

  @Test("[ABS-40] the author's stored points: 1,024 float32 points and targets, the sample's loss levels")
  func storedData() throws {
    let (points, targets) = try AuthorExperiment1.storedData()
    #expect(points.shape == [1024, 2] && targets.count == 1024)
    #expect(Array(points.scalars.prefix(2)) == [3.6029422283172607, 1.167069911956787])
    #expect(points.scalars.allSatisfy { Double(Float($0)) == $0 } && targets.allSatisfy { Double(Float($0)) == $0 })
    // The loss levels the notes quote for the author's sample: predicting 0, predicting the mean.
    let meanSquare = targets.reduce(0) { $0 + $1 * $1 } / 1024, mean = targets.reduce(0, +) / 1024
    #expect(abs(meanSquare - 2.053) < 5e-4 && abs(meanSquare - mean * mean - 0.450) < 5e-4)
    #expect(throws: AbsMahalanobisError.self) {
      try AuthorExperiment1.storedData(file: URL(fileURLWithPath: "/nonexistent.json"))
    }
  }

  @Test("""
    [ABS-41] the author's code on a CPU: the 1,024 points of MultivariateNormal.sample after \
    torch.manual_seed(3), bit for bit
    """)
  func cpuData() throws {
    let e = try Experiment1(configuration: .paper, seeding: .authorCodeOnCPU)
    let first = golden.cpuData.firstPoints.flatMap { $0 }
    #expect(Array(e.points.scalars.prefix(first.count)).map(\.bitPattern) == first.map(\.bitPattern))
    #expect(golden.cpuData.all.matches(e.points.scalars, float32: true))
    #expect(AuthorExperiment1.scaleTril.map(Double.init) == golden.cpuData.scaleTril)
    // The stream after the data is where torch's is: its next double uniform.
    var g = TorchGenerator(seed: AuthorExperiment1.torchSeed, capability: AuthorExperiment1.capability)
    _ = try AuthorExperiment1.cpuSample(count: 1024, mean: [3, 2], covariance: [[2, -1], [-1, 1]], generator: &g)
    #expect(try g.rand(count: 1, dtype: .float64) == [golden.cpuData.nextRandFloat64])
  }

  @Test("[ABS-42] every initial weight and bias of the four runs equals torch's run of the author's loop on their data")
  func initialModels() throws {
    let e = try Experiment1(configuration: .paper, seeding: .authorRun)
    for condition in BiasCondition.allCases {
      for activation in NodeActivation.allCases {
        let run = golden.models["\(condition.rawValue)_\(activation.rawValue)"]!
        let starts = try e.initialNodes(activation, condition)
        let label = "\(condition) \(activation)"
        #expect(run.weights.matches(starts.flatMap(\.node.weight), float32: true), "\(label)")
        #expect(run.biases.matches(starts.map(\.node.bias), float32: true), "\(label)")
        #expect(starts.map(\.reinitializations).reduce(0, +) == run.reinitialisations, "\(label)")
        #expect(starts.prefix(5).map { $0.node.weight + [$0.node.bias] } == run.firstModels, "\(label)")
      }
    }
  }

  @Test("""
    [ABS-43] trained from the author's data and regenerated initial weights, the first models of \
    both data-sampled runs end in the author's stored classes, with the stored losses to 2e-3
    """)
  func dataSampledClasses() throws {
    var c = Experiment1Configuration.paper
    c.modelsPerCondition = 20  // the first 20 of each run: the stream of the first models does not depend on the count
    let e = try Experiment1(configuration: c, seeding: .authorRun)
    let stored = try AuthorExperiment1.storedOutcomes()
    #expect(stored["data_relu"]!.classes.filter { $0 == .dead }.count == 4)
    for activation in NodeActivation.allCases {
      let outcomes = try e.run(activation, .data)
      let theirs = stored[AuthorExperiment1.runKey(.data, activation)]!
      #expect(outcomes.map(\.nodeClass) == Array(theirs.classes.prefix(20)), "\(activation)")
      let worst = zip(outcomes.map(\.finalLoss), theirs.finalLosses).map { abs($0 - $1) }.max()!
      #expect(worst < 2e-3, "\(activation): \(worst)")
    }
  }
}
