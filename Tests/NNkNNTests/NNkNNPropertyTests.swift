import Autodiff
import Evaluation
import Foundation
import Networks
import Randomness
import Testing
import Tensors
@testable import NNkNN

@Suite("NN-kNN properties")
struct NNkNNPropertyTests {
  func model(_ cases: Tensor, _ labels: [Int], classes: Int, w: Int = 1, k: Int = 2, seed: UInt64 = 1) throws -> NNkNNModel {
    try NNkNNModel(configuration: .code(weightings: w, k: k), cases: cases, caseLabels: labels, classes: classes,
                   defaultBias: try defaultBias(cases: cases, k: k), stream: SeedStream(seed: seed))
  }

  @Test(
    """
      [NNKNN-5] [NNKNN-7] activations lie in (0, 1); an identical case gives sigmoid(8 bias / B - 4) = sigmoid(4) at \
      initialisation
      """,
        arguments: [UInt64(1), 2, 3, 4])
  func activationRange(seed: UInt64) throws {
    var p = Problem(seed: seed)
    let (cases, labels) = p.cases(n: 9, d: 4, classes: 3)
    let m = try model(cases, labels, classes: 3, w: 2, seed: seed)
    var g = Xoshiro256StarStar(seed: seed)
    let pass = try m.forward(try cases.rows(0..<3), using: &g)
    #expect(pass.activations.value.scalars.allSatisfy { $0 > 0 && $0 < 1 }, "seed \(seed)")
    for i in 0..<3 { #expect(pass.activations.value.scalars[i * 9 + i] == Activation.sigmoid(4), "seed \(seed)") }
    #expect(try m.parameters.value("cW").scalars.allSatisfy { $0 == 0.5 })
    #expect(try m.parameters.value("bias").scalars.allSatisfy { $0 == m.defaultBias })
    #expect(try m.parameters.value("GW").scalars.allSatisfy { $0 >= 0 && $0 < 1 })
  }

  @Test(
    "[NNKNN-3] with equal feature weights the activation ranking is the plain Euclidean kNN ranking", arguments: [UInt64(1), 2, 3]
  )
  func rankingIsEuclidean(seed: UInt64) throws {
    var p = Problem(seed: seed)
    let (cases, labels) = p.cases(n: 12, d: 3, classes: 2)
    let m = try model(cases, labels, classes: 2)
    let queries = p.uniform([5, 3], 0, 3)
    var g = Xoshiro256StarStar(seed: seed)
    let pass = try m.forward(queries, using: &g)
    for i in 0..<5 {
      let euclid = (0..<12).map { c in
        (0..<3).reduce(0.0) { $0 + pow(queries.scalars[i * 3 + $1] - cases.scalars[c * 3 + $1], 2) }
      }
      let byDistance = (0..<12).sorted { euclid[$0] != euclid[$1] ? euclid[$0] < euclid[$1] : $0 < $1 }
      let act = Array(pass.activations.value.scalars[(i * 12)..<((i + 1) * 12)])
      let byActivation = (0..<12).sorted { act[$0] != act[$1] ? act[$0] > act[$1] : $0 < $1 }
      #expect(byDistance == byActivation, "seed \(seed) query \(i)")
    }
  }

  @Test(
    "[NNKNN-5] class activations are invariant under permuting the cases; permuting classes permutes them",
    arguments: [UInt64(1), 2, 3])
  func equivariance(seed: UInt64) throws {
    var p = Problem(seed: seed)
    let (cases, labels) = p.cases(n: 8, d: 2, classes: 3)
    var base = try model(cases, labels, classes: 3)
    base.parameters = try perturbed(base.parameters, seed: seed)
    let queries = p.uniform([4, 2], 0, 3)
    var g = Xoshiro256StarStar(seed: seed)
    let reference = try base.forward(queries, using: &g).classActivations.value
    // Permute cases (and their rows of cW, bias, caseWeight).
    let permutation = [3, 0, 7, 5, 1, 6, 2, 4]
    var moved = try model(try cases.rows(at: permutation), permutation.map { labels[$0] }, classes: 3)
    for name in ["cW", "bias", "caseWeight"] {
      let v = try base.parameters.value(name)
      let rows = try v.reshaped([8, -1]).rows(at: permutation).reshaped(v.shape)
      try moved.parameters.setValue(rows, for: name)
    }
    try moved.parameters.setValue(try base.parameters.value("GW"), for: "GW")
    let permuted = try moved.forward(queries, using: &g).classActivations.value
    #expect(zip(permuted.scalars, reference.scalars).allSatisfy { abs($0 - $1) <= 1e-14 }, "seed \(seed)")
    // Relabel classes l -> (l + 1) % 3: the class activation columns rotate.
    var relabelled = try model(cases, labels.map { ($0 + 1) % 3 }, classes: 3)
    relabelled.parameters = base.parameters
    let rotated = try relabelled.forward(queries, using: &g).classActivations.value
    for i in 0..<4 { for l in 0..<3 { #expect(rotated.scalars[i * 3 + (l + 1) % 3] == reference.scalars[i * 3 + l]) } }
  }

  @Test("[NNKNN-4] B on Zebra (a) and (b) matches the values computed by numpy (Fixtures/golden/zebra.json)")
  func zebraBias() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let data = try Data(contentsOf: root.appendingPathComponent("Fixtures/golden/zebra.json"))
    let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    for variant in ["a", "b"] {
      let entry = json[variant] as! [String: Any]
      let bits = (entry["xBits"] as! [String]).map { Double(bitPattern: UInt64($0, radix: 16)!) }
      let x = try Tensor(shape: [bits.count / 2, 2], scalars: bits)
      let expected = entry["B"] as! [String: Double]
      for k in [1, 5] {
        let b = try defaultBias(cases: x, k: k)
        #expect(abs(b - expected["\(k)"]!) <= 1e-12 * b, "Zebra (\(variant)) k \(k): \(b) vs \(expected["\(k)"]!)")
      }
    }
  }

  @Test(
    "[NNKNN-5] an untrained model with the k-th-NN B classifies well-separated clusters as kNN does", arguments: [UInt64(1), 2])
  func separatedClusters(seed: UInt64) throws {
    var p = Problem(seed: seed)
    var rows: [[Double]] = []
    var labels: [Int] = []
    for c in 0..<3 {
      for _ in 0..<6 { rows.append([Double(c) * 20 + p.generator.nextDouble(), p.generator.nextDouble()]); labels.append(c) }
    }
    let m = try model(try Tensor(rows: rows), labels, classes: 3, k: 3)
    let queries = try Tensor(rows: [[0.5, 0.5], [20.3, 0.2], [40.9, 0.8]])
    var g = Xoshiro256StarStar(seed: seed)
    #expect(try m.predict(queries, using: &g) == [0, 1, 2], "seed \(seed)")
  }

  @Test(
    "[NNKNN-6] sampling takes s / C cases per class, without replacement when possible, deterministically per seed",
    arguments: [UInt64(1), 2, 3])
  func sampling(seed: UInt64) throws {
    let labels = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 2]  // class 2 has one case: drawn with replacement
    let sampler = CaseSampler(count: 9, caseLabels: labels, classes: 3)
    var g1 = Xoshiro256StarStar(seed: seed), g2 = Xoshiro256StarStar(seed: seed)
    let a = try sampler.draw(using: &g1), b = try sampler.draw(using: &g2)
    #expect(a == b && a.count == 9)
    #expect(a.prefix(3).allSatisfy { labels[$0] == 0 } && Set(a.prefix(3)).count == 3, "seed \(seed): \(a)")
    #expect(a[3..<6].allSatisfy { labels[$0] == 1 } && Set(a[3..<6]).count == 3)
    #expect(a.suffix(3) == [12, 12, 12])
    #expect(CaseSampler(count: 20, caseLabels: labels, classes: 3).usesAllCases)
  }

  @Test("[NNKNN-13] explanations rank cases by activation and classes by activation; the top case of a self-query is itself")
  func explanation() throws {
    var p = Problem(seed: 3)
    let (cases, labels) = p.cases(n: 10, d: 2, classes: 2)
    let m = try model(cases, labels, classes: 2)
    var g = Xoshiro256StarStar(seed: 1)
    let pass = try m.forward(try cases.rows(4..<5), using: &g)
    let e = try pass.explanation(row: 0, caseLabels: labels, top: 4)
    #expect(e.topCases.count == 4 && e.topCases[0].index == 4 && e.topCases[0].distance == 0)
    #expect(zip(e.topCases, e.topCases.dropFirst()).allSatisfy { $0.activation >= $1.activation })
    #expect(e.classRanking[0].1 >= e.classRanking[1].1 && e.predicted == e.classRanking[0].0)
    #expect(try m.effectiveGlobalWeightings() == Tensor.ones([1, 2]))
  }

  @Test("[NNKNN-12] NN-kNN_O top-k keeps the k largest activations of each query at evaluation, ties to the lower index")
  func topK() {
    let mask = NNkNNOModel.topKMask(try! Tensor(rows: [[0.1, 0.9, 0.5, 0.9], [0.3, 0.3, 0.3, 0.1]]), k: 2)
    #expect(mask.scalars == [0, 1, 0, 1, 1, 1, 0, 0])
  }

  @Test("[NNKNN-20] bad input is refused with typed errors")
  func errors() throws {
    let cases = try Tensor(rows: [[0, 0], [1, 1], [2, 2]])
    #expect(throws: NNkNNError.invalidWeightings(0)) {
      _ = try NNkNNModel(configuration: .code(weightings: 0, k: 1), cases: cases,
                         caseLabels: [0, 1, 1], classes: 2, defaultBias: 1, stream: SeedStream(seed: 1))
    }
    #expect(throws: NNkNNError.emptyClass(1)) {
      _ = try NNkNNModel(configuration: .code(weightings: 1, k: 1), cases: cases,
                         caseLabels: [0, 0, 2], classes: 3, defaultBias: 1, stream: SeedStream(seed: 1))
    }
    #expect(throws: NNkNNError.invalidDefaultBias(0)) {
      _ = try NNkNNModel(configuration: .code(weightings: 1, k: 1), cases: cases,
                         caseLabels: [0, 1, 1], classes: 2, defaultBias: 0, stream: SeedStream(seed: 1))
    }
    #expect(throws: NNkNNError.invalidK(k: 3, cases: 3)) { _ = try defaultBias(cases: cases, k: 3) }
    #expect(throws: NNkNNError.notMatrix(argument: "cases", shape: [6])) { _ = try defaultBias(cases: Tensor.zeros([6]), k: 1) }
    #expect(throws: NNkNNError.labelCount(argument: "cases", rows: 3, labels: 2)) {
      _ = try NNkNNModel(configuration: .code(weightings: 1, k: 1), cases: cases, caseLabels: [0, 1], classes: 2,
                         defaultBias: 1, stream: SeedStream(seed: 1))
    }
    var slope = NNkNNConfiguration.code(weightings: 1, k: 1)
    slope.leakySlope = -1
    #expect(throws: NNkNNError.invalidHyperparameter(name: "leakySlope", value: -1, accepted: "finite and >= 0")) {
      _ = try NNkNNModel(configuration: slope, cases: cases, caseLabels: [0, 1, 1], classes: 2, defaultBias: 1,
                         stream: SeedStream(seed: 1))
    }
    var sampled = NNkNNConfiguration.code(weightings: 1, k: 1)
    sampled.sampledCases = 1
    #expect(throws: NNkNNError.tooFewSampledCases(sampled: 1, classes: 2)) {
      _ = try NNkNNModel(configuration: sampled, cases: cases, caseLabels: [0, 1, 1], classes: 2, defaultBias: 1,
                         stream: SeedStream(seed: 1))
    }
    let m = try NNkNNModel(configuration: .code(weightings: 1, k: 1), cases: cases,
                           caseLabels: [0, 1, 1], classes: 2, defaultBias: 1, stream: SeedStream(seed: 1))
    var g = Xoshiro256StarStar(seed: 1)
    #expect(throws: NNkNNError.featureMismatch(cases: 2, queries: 3)) { _ = try m.forward(Tensor.zeros([1, 3]), using: &g) }
    #expect(throws: NNkNNError.notMatrix(argument: "queries", shape: [2])) { _ = try m.forward(Tensor.zeros([2]), using: &g) }
    #expect(throws: NNkNNError.nonFinite(argument: "queries")) { _ = try m.forward(try Tensor(rows: [[.nan, 0]]), using: &g) }
    #expect(throws: NNkNNError.labelOutOfRange(label: 2, classes: 2)) {
      _ = try m.forward(Tensor.zeros([1, 2]), labels: [2], using: &g)
    }
    #expect(throws: NNkNNError.labelCount(argument: "queries", rows: 1, labels: 2)) {
      _ = try m.forward(Tensor.zeros([1, 2]), labels: [0, 1], using: &g)
    }
    // What a lower module refuses keeps its typed error, in the case naming the module: a case
    // index outside the case base is refused by the tape's row gather (TensorError).
    var lifted: TensorError?
    do { _ = try m.forward(Tensor.zeros([1, 2]), caseIndices: [0, 7], using: &g) } catch {
      if case let .tensor(inner) = error { lifted = inner }
    }
    #expect(lifted != nil, "a bad case index arrives as NNkNNError.tensor")
    let pass = try m.forward(Tensor.zeros([1, 2]), using: &g)
    #expect(throws: NNkNNError.rowOutOfRange(row: 1, rows: 1)) { _ = try pass.explanation(row: 1, caseLabels: [0, 1, 1]) }
  }

  @Test("[NNKNN-5] [NNKNN-9] 8 / B and -4: identical case sigmoid(4), one at distance B sigmoid(-4); ties to the lower class")
  func caseActivationConstants() throws {
    #expect(CaseActivation.slope(defaultBias: 2) == 4 && CaseActivation.offset == -4)
    // Weights start at 1 (NNKNN-7), so d is the plain Euclidean distance. B = 2, cases on the x axis
    // at 0 and 4; queries at 0 (identical to case 0), 2 (distance B from both: a tie), 3 (nearer case 1).
    let m = try NNkNNModel(configuration: .code(weightings: 1, k: 1), cases: try Tensor(rows: [[0, 0], [4, 0]]),
                           caseLabels: [0, 1], classes: 2, defaultBias: 2, stream: SeedStream(seed: 1))
    var g = Xoshiro256StarStar(seed: 1)
    let pass = try m.forward(try Tensor(rows: [[0, 0], [2, 0], [3, 0]]), using: &g)
    let a = pass.activations.value.scalars
    func sigmoid(_ x: Double) -> Double { 1 / (1 + Foundation.exp(-x)) }
    #expect(Swift.abs(a[0] - sigmoid(4)) < 1e-15 && Swift.abs(a[1] - sigmoid(-12)) < 1e-15, "\(a)")
    #expect(Swift.abs(a[2] - sigmoid(-4)) < 1e-15 && a[2] == a[3], "\(a)")
    #expect(pass.predictions == [0, 0, 1])
  }

  @Test("[NNKNN-11] training lowers the loss and is bit-identical for a seed; a diverging run stops with the epoch named")
  func training() throws {
    var p = Problem(seed: 5)
    let (cases, labels) = p.cases(n: 30, d: 2, classes: 2)
    func run() throws -> (NNkNNModel, NNkNNModel, Tensor) {
      let m = try model(cases, labels, classes: 2, w: 2)
      var trainer = try NNkNNTrainer(model: m, settings: .paperSmallData(batchSize: 8))
      var g = SeedStream(seed: 9).generator()
      for epoch in 1...25 { _ = try trainer.trainEpoch(queries: cases, labels: labels, epoch: epoch, using: &g) }
      return (m, trainer.model, try trainer.model.parameters.value("GW"))
    }
    let (initial, trained, weights) = try run()
    // The loss falls by more than noise: over the 30 cases, the per-case drop in cross-entropy
    // (initial model minus trained model) has a mean above 5 standard errors (sample standard
    // deviation / sqrt(30)). The labels are arbitrary (i % 2), so this is learning the case base.
    func caseLosses(_ m: NNkNNModel) throws -> [Double] {
      var pass = Xoshiro256StarStar(seed: 1)
      let lp = LogSoftmax.forward(try m.forward(cases, using: &pass).classActivations.value.scalars, rows: 30, width: 2)
      return labels.indices.map { -lp[$0 * 2 + labels[$0]] }
    }
    let drop = Summary(zip(try caseLosses(initial), try caseLosses(trained)).map { $0 - $1 })
    #expect(drop.mean > 5 * drop.std / Double(drop.n).squareRoot(), "per-case loss drop \(drop)")
    #expect(try run().2 == weights)
    var broken = try model(cases, labels, classes: 2)
    try broken.parameters.setValue(Tensor(repeating: 1e308, shape: [30]), for: "caseWeight")
    var trainer = try NNkNNTrainer(model: broken, settings: .paperSmallData(batchSize: 8))
    var g = SeedStream(seed: 1).generator()
    var named: Int?
    do { _ = try trainer.trainEpoch(queries: cases, labels: labels, epoch: 7, using: &g) } catch {
      if case let .diverged(epoch, _) = error { named = epoch }
    }
    #expect(named == 7, "the error names the epoch it happened in")
  }
}
