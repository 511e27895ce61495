import Autodiff
import Foundation
import Networks
import Randomness
import Testing
import Tensors
@testable import NNkNN

@Suite("NN-kNN structure and extractor")
struct NNkNNExtractorTests {
  @Test("[NNKNN-1] the parameter store holds GW [w, d], cW [n, w], bias [n], caseWeight [n] in that order, then the extractor's")
  func parameterLayout() throws {
    var p = Problem(seed: 1)
    let (cases, labels) = p.cases(n: 5, d: 3, classes: 2)
    var g = Xoshiro256StarStar(seed: 2)
    let extractor = try Network(MLP.make(widths: [3, 4, 2], activation: .tanh), using: &g)
    let model = try NNkNNModel(configuration: .code(weightings: 2, k: 1), cases: cases, caseLabels: labels, classes: 2,
                               defaultBias: 1, stream: SeedStream(seed: 1), extractor: extractor)
    #expect(Array(model.parameters.names.prefix(4)) == ["GW", "cW", "bias", "caseWeight"])
    #expect(try model.parameters.value("GW").shape == [2, 2])  // d = the extractor's output width
    #expect(try model.parameters.value("cW").shape == [5, 2])
    #expect(model.groupNames.extractor == extractor.parameters.names.map { "extractor." + $0 })
  }

  @Test(
    "[NNKNN-10] gradients flow through a jointly trained MLP extractor (checker), and a frozen one is left out of the optimiser",
    arguments: [UInt64(1), 2])
  func extractorGradients(seed: UInt64) throws {
    var p = Problem(seed: seed)
    let (cases, labels) = p.cases(n: 6, d: 3, classes: 2)
    var g = Xoshiro256StarStar(seed: seed)
    let extractor = try Network(MLP.make(widths: [3, 4, 2], activation: .tanh), using: &g)
    var model = try NNkNNModel(configuration: .code(weightings: 2, k: 2), cases: cases, caseLabels: labels, classes: 2,
                               defaultBias: 1.5, stream: SeedStream(seed: seed), extractor: extractor)
    model.parameters = try perturbed(model.parameters, seed: seed, positive: false)
    let queries = p.uniform([3, 3], 4, 5)
    let f = lossFunction(model, caseIndices: Array(0..<6), labels: [0, 1, 0])
    let report = try GradientChecker().checkDirections([queries] + model.parameters.values, trials: 8, seed: seed, f)
    print("gradcheck family=nnknn-extractor seed=\(seed) worst=\(report.maxError)")
    #expect(report.passed, "seed \(seed)\n\(report)")
    let frozen = try NNkNNModel(configuration: .code(weightings: 2, k: 2), cases: cases, caseLabels: labels, classes: 2,
                                defaultBias: 1.5, stream: SeedStream(seed: seed), extractor: extractor, extractorTrainable: false)
    var trainer = try NNkNNTrainer(model: frozen, settings: .paperSmallData(batchSize: 3))
    var stream = SeedStream(seed: 4).generator()
    _ = try trainer.trainEpoch(queries: cases, labels: labels, epoch: 1, using: &stream)
    for name in frozen.groupNames.extractor {
      #expect(try trainer.model.parameters.value(name) == frozen.parameters.value(name), "\(name) moved although frozen")
    }
    #expect(try trainer.model.parameters.value("GW") != frozen.parameters.value("GW"))
  }
}
