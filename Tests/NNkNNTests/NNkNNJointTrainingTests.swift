import Autodiff
import Foundation
import Networks
import Randomness
import Testing
import Tensors
@testable import NNkNN

/// NN-kNN with deep feature extractors (NNKNN-21): gradients through a ConvNet and a BiLSTM into
/// NN-kNN with sampled cases, the frozen variant, and the per-class sampling counts.
@Suite("NN-kNN with deep feature extractors")
struct NNkNNJointTrainingTests {
  /// 3 classes of 4 x 4 one-channel images as rows [n, 16], labels cycling.
  static func images(n: Int, seed: UInt64) -> (Tensor, [Int]) {
    var p = Problem(seed: seed)
    return (p.uniform([n, 16], -1, 1), (0..<n).map { $0 % 3 })
  }

  static func smallConvNet(seed: UInt64) throws -> Network {
    var g = Xoshiro256StarStar(seed: seed)
    return try Network(ConvolutionalNetworks.featureExtractor(inputChannels: 1, imageSize: (4, 4), widths: (2, 3, 4)), using: &g)
  }

  /// 3 classes of token-id rows [n, 5] over a vocabulary of 7 (0 = padding: some rows end early).
  static func sentences(n: Int, seed: UInt64) -> (Tensor, [Int]) {
    var g = Xoshiro256StarStar(seed: seed)
    var ids = Tensor.zeros([n, 5])
    for r in 0..<n {
      let length = 2 + Int(g.next() % 4)
      for t in 0..<length { ids[flat: r * 5 + t] = Double(1 + g.next() % 6) }
    }
    return (ids, (0..<n).map { $0 % 3 })
  }

  static func smallBiLSTM(seed: UInt64) throws -> Network {
    var g = Xoshiro256StarStar(seed: seed)
    let classifier = try BiLSTMClassifier(vocabulary: 7, embedding: 3, hidden: 2, classifierHidden: 2, classes: 3)
    return try Network(classifier.featureExtractor, using: &g)
  }

  /// A sampled model: `s` cases per pass, w weightings, B fixed; parameters perturbed off the symmetric start.
  static func model(cases: Tensor, labels: [Int], extractor: Network, sampled: Int, w: Int, trainable: Bool = true,
                    seed: UInt64) throws -> NNkNNModel {
    var c = NNkNNConfiguration.code(weightings: w, k: 2)
    c.sampledCases = sampled
    var model = try NNkNNModel(configuration: c, cases: cases, caseLabels: labels, classes: 3, defaultBias: 0.8,
                               stream: SeedStream(seed: seed), extractor: extractor, extractorTrainable: trainable)
    model.parameters = try perturbed(model.parameters, seed: seed, positive: false)
    return model
  }

  @Test("[NNKNN-21] gradients by central differences through a small ConvNet extractor into NN-kNN with sampled cases",
        arguments: [UInt64(1), 2, 3])
  func convNetGradients(seed: UInt64) throws {
    let (cases, labels) = Self.images(n: 12, seed: seed)
    let model = try Self.model(
      cases: cases, labels: labels, extractor: try Self.smallConvNet(seed: seed), sampled: 6, w: 2, seed: seed)
    var g = Xoshiro256StarStar(seed: seed + 100)
    let chosen = try model.sampler.draw(using: &g)
    #expect(chosen.count == 6)
    let queries = Self.images(n: 3, seed: seed + 7).0
    let f = lossFunction(model, caseIndices: chosen, labels: [0, 1, 2])
    // A smaller step than the default: the sigmoid's slope 8 / B = 10 makes the third derivative
    // large enough that h = 1e-5 leaves a truncation error near 1e-6.
    let report = try GradientChecker(step: 1e-6).checkDirections([queries] + model.parameters.values, trials: 8, seed: seed, f)
    print("gradcheck family=nnknn-convnet seed=\(seed) worst=\(report.maxError)")
    #expect(report.passed, "seed \(seed)\n\(report)")
  }

  @Test("[NNKNN-21] gradients by central differences through a small BiLSTM extractor into NN-kNN with sampled cases",
        arguments: [UInt64(1), 2, 3])
  func biLSTMGradients(seed: UInt64) throws {
    let (cases, labels) = Self.sentences(n: 12, seed: seed)
    let model = try Self.model(
      cases: cases, labels: labels, extractor: try Self.smallBiLSTM(seed: seed), sampled: 6, w: 4, seed: seed)
    var g = Xoshiro256StarStar(seed: seed + 100)
    let chosen = try model.sampler.draw(using: &g)
    let queries = Self.sentences(n: 3, seed: seed + 7).0
    // Token ids are not differentiable: the checked inputs are the parameters only.
    let f: CheckedFunction = { tape, leaves in
      let context = try ForwardContext(tape: tape, names: model.parameters.names, variables: leaves, mode: .training)
      return try model.record(
        queries: tape.variable(queries, name: "ids"), caseIndices: chosen, labels: [0, 1, 2], context: context
      ).loss!
    }
    let report = try GradientChecker(step: 1e-6).checkDirections(model.parameters.values, trials: 8, seed: seed, f)
    print("gradcheck family=nnknn-bilstm seed=\(seed) worst=\(report.maxError)")
    #expect(report.passed, "seed \(seed)\n\(report)")
  }

  @Test(
    "[NNKNN-21] a frozen extractor gets no gradient and does not change in training; its cached case features are its outputs",
    arguments: [UInt64(1), 2])
  func frozenExtractor(seed: UInt64) throws {
    let (cases, labels) = Self.images(n: 12, seed: seed)
    let extractor = try Self.smallConvNet(seed: seed)
    let frozen = try Self.model(
      cases: cases, labels: labels, extractor: extractor, sampled: 6, w: 1, trainable: false, seed: seed)
    #expect(frozen.frozenCaseFeatures == (try extractor.predict(cases)))
    #expect(frozen.groupNames.extractor.count == extractor.parameters.names.count)
    var g = Xoshiro256StarStar(seed: seed)
    let pass = try frozen.forward(try cases.rows(0..<4), labels: [0, 1, 2, 0], using: &g)
    let gradients = try pass.context.gradients(of: pass.loss!)
    for name in frozen.groupNames.extractor {
      #expect(gradients[name].map { $0.scalars.allSatisfy { $0 == 0 } } == true, "\(name) got a gradient although frozen")
    }
    #expect(gradients["cW"].map { $0.scalars.contains { $0 != 0 } } == true)
    var trainer = try NNkNNTrainer(model: frozen, settings: .codeLargeData(batchSize: 4))
    var stream = SeedStream(seed: seed).generator()
    for epoch in 1...2 { _ = try trainer.trainEpoch(queries: cases, labels: labels, epoch: epoch, using: &stream) }
    for name in frozen.groupNames.extractor {
      #expect(try trainer.model.parameters.value(name) == frozen.parameters.value(name), "\(name) moved although frozen")
    }
    #expect(try trainer.model.parameters.value("GW") != frozen.parameters.value("GW"))
    // The jointly trained twin moves its extractor.
    let joint = try Self.model(cases: cases, labels: labels, extractor: extractor, sampled: 6, w: 1, seed: seed)
    var jointTrainer = try NNkNNTrainer(model: joint, settings: .codeLargeData(batchSize: 4))
    _ = try jointTrainer.trainEpoch(queries: cases, labels: labels, epoch: 1, using: &stream)
    #expect(try jointTrainer.model.parameters.value("extractor.conv1.weight") != joint.parameters.value("extractor.conv1.weight"))
  }

  @Test(
    """
      [NNKNN-6] sampling draws s / C cases per class: 500 and 2,000 of 10 classes give 50 and 200 each, with replacement in a \
      small class
      """,
        arguments: [500, 2000])
  func samplingCounts(sampled: Int) throws {
    // 10 classes; class 9 has only 30 cases (drawn with replacement), the others 300.
    let labels = (0..<2730).map { $0 < 2700 ? $0 % 9 : 9 }
    let sampler = CaseSampler(count: sampled, caseLabels: labels, classes: 10)
    var g = Xoshiro256StarStar(seed: UInt64(sampled))
    for _ in 0..<3 {
      let chosen = try sampler.draw(using: &g)
      var perClass = [Int](repeating: 0, count: 10)
      for i in chosen { perClass[labels[i]] += 1 }
      #expect(perClass == [Int](repeating: sampled / 10, count: 10))
      let big = chosen.filter { labels[$0] == 0 }
      #expect(Set(big).count == big.count, "class 0 (300 cases) is drawn without replacement")
    }
  }

  @Test("[NNKNN-22] image standardisation: one population mean and std over every training pixel, applied to both splits")
  func standardization() throws {
    let training = try Tensor(shape: [2, 2], scalars: [0, 2, 4, 6])   // mean 3, population std sqrt(5)
    let s = try ImageStandardization(training: training)
    #expect(s.mean == 3 && s.standardDeviation == 5.0.squareRoot())
    #expect(s.apply(try Tensor(shape: [1, 2], scalars: [3, 3 + 5.0.squareRoot()])).scalars == [0, 1])
    #expect(throws: NNkNNError.self) { try ImageStandardization(training: Tensor.ones([2, 2])) }
  }

  @Test("[NNKNN-23] top-r class shares: the true class's rank with ties to the lower class; r = 1 is the accuracy")
  func topShares() throws {
    // Rows: truth ranked 1st, 2nd, 3rd, and tied with a lower class (so 2nd).
    let scores = try Tensor(shape: [4, 3], scalars: [0.9, 0.1, 0.0,  0.5, 0.7, 0.1,  0.3, 0.2, 0.1,  0.4, 0.4, 0.0])
    let shares = try topClassShares(classActivations: scores, labels: [0, 0, 2, 1], ranks: 3)
    #expect(shares == [0.25, 0.75, 1.0])
    #expect(try topClassShares(classActivations: scores, labels: [0, 0, 2, 1], ranks: 1) == [0.25])  // ranks below a position
    #expect(throws: NNkNNError.self) { try topClassShares(classActivations: scores, labels: [0, 0, 3, 1], ranks: 2) }
  }

  @Test(
    """
      [NNKNN-25] a joint pass runs the extractor on the batch and the s sampled cases; a frozen one on the batch only (cases \
      cached once)
      """
  )
  func extractorRows() throws {
    let (cases, labels) = Self.images(n: 12, seed: 5)
    let counter = RowCounter()
    var g = Xoshiro256StarStar(seed: 5)
    let counted = try Network(CountingLayer(inner: try ConvolutionalNetworks.featureExtractor(inputChannels: 1, imageSize: (4, 4),
          widths: (2, 3, 4)), counter: counter), using: &g)
    let joint = try Self.model(cases: cases, labels: labels, extractor: counted, sampled: 6, w: 1, seed: 5)
    #expect(counter.rows == 1)  // the width probe at construction
    var draw = Xoshiro256StarStar(seed: 6)
    _ = try joint.forward(try cases.rows(0..<3), labels: [0, 1, 2], using: &draw)
    #expect(counter.rows == 1 + 3 + 6)
    let frozen = try Self.model(cases: cases, labels: labels, extractor: counted, sampled: 6, w: 1, trainable: false, seed: 5)
    #expect(counter.rows == 10 + 12)  // every case once, at construction
    _ = try frozen.forward(try cases.rows(0..<3), labels: [0, 1, 2], using: &draw)
    #expect(counter.rows == 22 + 3)
  }
}

/// Counts the rows a layer is applied to (how many images pass through an extractor).
final class RowCounter: @unchecked Sendable {
  private let lock = NSLock()
  private var count = 0
  var rows: Int { lock.withLock { count } }
  func add(_ n: Int) { lock.withLock { count += n } }
}

struct CountingLayer: LayerContainer {
  let inner: Sequential
  let counter: RowCounter
  var description: String { "Counting(\(inner))" }
  var namedChildren: [(name: String, layer: any Layer)] { inner.namedChildren }
  func callAsFunction(_ x: Variable, context: ForwardContext) throws -> Variable {
    counter.add(x.shape[0])
    return try inner(x, context: context)
  }
}
