import Evaluation
import Foundation
import Randomness
import Testing
import Tensors
@testable import AbsMahalanobis
@testable import Networks

@Suite("Experiment 2: initialisation, training, metrics, k-means")
struct Experiment2Tests {
  /// A tiny MNIST-like problem: 3 classes of noisy prototypes in 12 pixels.
  static func images(count: Int, seed: UInt64) throws -> NormalizedImages {
    var draw = Draw(seed: seed)
    let prototypes = (0..<3).map { _ in draw.vector(12, -1, 2) }
    var pixels: [Double] = [], labels: [Int] = []
    for i in 0..<count {
      let c = i % 3
      labels.append(c)
      pixels += prototypes[c].map { $0 + draw.uniform(-0.3, 0.3) }
    }
    return try NormalizedImages(pixels: pixels, labels: labels, width: 12)
  }

  static func configuration() -> Experiment2Configuration {
    var c = Experiment2Configuration.paper
    c.inputWidth = 12; c.hiddenWidth = 6; c.classCount = 3
    c.epochs = 3; c.batchSize = 8; c.modelsPerCondition = 2; c.learningRate = 0.05
    c.kMeansPerClass = 2; c.kMeansIterations = 20
    return c
  }

  static func experiment() throws -> Experiment2 {
    let data = MNISTSplits(training: try images(count: 60, seed: 1), test: try images(count: 30, seed: 2), source: "synthetic")
    return try Experiment2(configuration: configuration(), data: data, stream: SeedStream(seed: 5))
  }

  @Test("[ABS-20] the configuration holds Table 4's values; scales change only epochs, models and data; bad values are errors")
  func configuration() throws {
    let c = Experiment2Configuration.paper
    #expect(c.epochs == 50 && c.learningRate == 0.001 && c.momentum == 0.9 && c.batchSize == 64 && c.hiddenWidth == 128)
    #expect(c.inputWidth == 784 && c.classCount == 10 && c.modelsPerCondition == 10 && c.conditions.count == 4)
    #expect(c.pixelMean == 0.1307 && c.pixelStd == 0.3081 && c.requiresFullMNIST && c.trainingLimit == nil)
    let d = Experiment2Configuration.forScale(.default)
    #expect(d.epochs == 10 && d.trainingLimit == 5000 && d.testLimit == 1000 && !d.requiresFullMNIST
        && d.modelsPerCondition == 10)
    #expect(NetworkCondition.all.map(\.description) == ["ReLU", "ReLU + bias sampling", "Abs", "Abs + bias sampling"])
    var bad = c
    bad.batchSize = 0
    #expect(throws: AbsMahalanobisError.self) { try bad.validate() }
  }

  @Test("""
    [ABS-21] MNIST normalisation: (x / 255 - 0.1307) / 0.3081; the shipped slice loads at default \
    scale, paper scale needs full MNIST
    """)
  func data() throws {
    var c = Experiment2Configuration.forScale(.smoke)
    let splits = try MNISTSplits.load(c, directories: [repositoryRoot.appendingPathComponent("Fixtures")])
    #expect(splits.training.count == 1000 && splits.test.count == 200 && splits.training.width == 784)
    #expect(splits.training.pixels.min()! == (0 - 0.1307) / 0.3081 && splits.training.pixels.max()! == (1 - 0.1307) / 0.3081)
    c.requiresFullMNIST = true
    #expect { try MNISTSplits.load(c, directories: [repositoryRoot.appendingPathComponent("Fixtures")]) } throws: { error in
      if case let .data(message) = error as? AbsMahalanobisError { return message.contains("full MNIST") }
      return false
    }
  }

  @Test("""
    [ABS-23] initialisation: He-normal weights, zero biases, bias sampling puts every hidden \
    boundary through the sampled image
    """)
  func initialisation() throws {
    let e = try Self.experiment()
    let (plain, none) = try e.initialNetwork(NetworkCondition(.relu, biasSampling: false), index: 0)
    #expect(none == nil && plain.b1.allSatisfy { $0 == 0 } && plain.b2.allSatisfy { $0 == 0 })
    let (sampled, row) = try e.initialNetwork(NetworkCondition(.abs, biasSampling: true), index: 1)
    let z = e.data.training.row(try #require(row))
    let h = sampled.forward(z, rows: 1).h
    #expect(h.allSatisfy { $0 == 0 }, "W1 z + b1 must be exactly 0: \(h)")
    #expect(sampled.b2.allSatisfy { $0 == 0 })
    // The weights are Kaiming normal, std = sqrt(2) / sqrt(fan_in = 12), drawn from the "init"
    // child: written out here from NET-10's Box-Muller pairs, 0 + std * z row-major.
    var g = e.modelStream(NetworkCondition(.abs, biasSampling: true), index: 1).child("init").generator()
    let std = 2.0.squareRoot() / 12.0.squareRoot()
    var w1: [Double] = []
    while w1.count < 6 * 12 {
      let u1 = 1 - g.nextDouble(), u2 = g.nextDouble()
      let r = (-2 * log(u1)).squareRoot()
      w1 += [0 + std * (r * cos(2 * Double.pi * u2)), 0 + std * (r * sin(2 * Double.pi * u2))]
    }
    #expect(sampled.w1 == w1)
    // Large-sample check of the spread on the real shapes: the mean of n = 100,352 squared normal
    // weights estimates sigma^2 = 2 / 784 with relative standard error sqrt(2 / n) = 0.45%; allow 5.
    var big = Xoshiro256StarStar(seed: 3)
    let w = try Initializer.kaimingNormal(mode: .fanIn, gain: 2.0.squareRoot()).tensor(shape: [128, 784], using: &big).scalars
    let variance = w.reduce(0) { $0 + $1 * $1 } / Double(w.count)
    #expect(abs(variance - 2.0 / 784) < 5 * (2.0 / Double(w.count)).squareRoot() * 2.0 / 784, "variance \(variance)")
  }

  @Test("""
    [ABS-24] training is deterministic, independent of the thread count, and lowers the loss; \
    curves have one entry per epoch
    """)
  func training() throws {
    let e = try Self.experiment()
    let serial = try Parallelism.withThreads(1) { try e.run() }
    let parallel = try Parallelism.withThreads(2) { try e.run() }
    for condition in NetworkCondition.all {
      let (a, b) = (serial[condition]!, parallel[condition]!)
      #expect(a.map(\.testLogits) == b.map(\.testLogits) && a.map(\.trainingLoss) == b.map(\.trainingLoss), "\(condition)")
      for (index, run) in a.enumerated() {
        #expect(run.trainingLoss.count == 3 && run.testErrorRate.count == 3 && run.testLoss.count == 3)
        #expect(run.testLogits.count == 30 * 3)
        // The loss falls by more than noise: an epoch's training loss is a mean over the 60
        // images, so its standard error is about s / sqrt(60), s = the standard deviation of the
        // initial network's per-image losses; the third epoch's must lie 5 of them below the first's.
        let start = try e.initialNetwork(condition, index: index).0.logits(e.data.training.pixels, rows: 60)
        let spread = Summary(TwoLayerNetwork.sampleCrossEntropies(start, labels: e.data.training.labels, classes: 3))
        #expect(run.trainingLoss[2] < run.trainingLoss[0] - 5 * spread.std / 60.0.squareRoot(),
                "\(condition): \(run.trainingLoss)")
        #expect((run.sampledImage != nil) == condition.biasSampling)
      }
    }
  }

  @Test("[ABS-24] a diverging network stops with a typed error naming model and step")
  func divergence() throws {
    var c = Self.configuration()
    c.learningRate = 1e12
    c.conditions = [NetworkCondition(.abs, biasSampling: false)]
    let data = MNISTSplits(training: try Self.images(count: 60, seed: 1), test: try Self.images(count: 30, seed: 2),
                           source: "synthetic")
    let e = try Experiment2(configuration: c, data: data, stream: SeedStream(seed: 5))
    var named: (model: Int, step: Int)?
    do { _ = try e.train(c.conditions[0], index: 1) } catch {
      if case let .nonFiniteLoss(model, step, _) = error { named = (model, step) }
    }
    // The step counted independently: model 1's run replayed batch by batch (batches of 8 by
    // stride over the epoch's permutation) with Networks' SGD on a parameter store.
    var (network, _) = try e.initialNetwork(c.conditions[0], index: 1)
    var shuffle = e.modelStream(c.conditions[0], index: 1).child("shuffle").generator()
    var sgd = try SGD(learningRate: c.learningRate, momentum: c.momentum)
    var store = try ParameterStore([Parameter(name: "w1", value: try Tensor(shape: [6, 12], scalars: network.w1)),
                                    Parameter(name: "b1", value: Tensor(network.b1)),
                                    Parameter(name: "w2", value: try Tensor(shape: [3, 6], scalars: network.w2)),
                                    Parameter(name: "b2", value: Tensor(network.b2))])
    var counted = 0
    var firstNonFinite: Int?
    replay: for _ in 0..<c.epochs {
      let order = Shuffling.permutation(60, using: &shuffle)
      for start in stride(from: 0, to: 60, by: 8) {
        let rows = Array(order[start..<min(60, start + 8)])
        let (loss, g) = network.lossAndGradients(data.training.gather(rows), rows: rows.count,
                                                 labels: rows.map { data.training.labels[$0] })
        if !loss.isFinite { firstNonFinite = counted; break replay }
        try sgd.step(&store, gradients: try ParameterGradients(names: ["w1", "b1", "w2", "b2"], values: [
          try Tensor(shape: [6, 12], scalars: g.w1), Tensor(g.b1), try Tensor(shape: [3, 6], scalars: g.w2), Tensor(g.b2)]))
        (network.w1, network.b1) = (try store.value("w1").scalars, try store.value("b1").scalars)
        (network.w2, network.b2) = (try store.value("w2").scalars, try store.value("b2").scalars)
        counted += 1
      }
    }
    let expected = try #require(firstNonFinite, "the replay diverges too")
    #expect(named?.model == 1 && named?.step == expected, "named \(String(describing: named)), replay \(expected)")
  }

  @Test("[ABS-25] ensemble metrics on a hand-made example: accuracies, macro scores, E counts, unique, consistent, voting")
  func ensemble() throws {
    // 4 points, 2 classes, 3 models (logits per row: [class 0, class 1]).
    let labels = [0, 1, 1, 0]
    let logits = [[1, 0, 0, 1, 0, 1, 1, 0],      // predicts [0, 1, 1, 0]: all right
                  [0, 1, 0, 1, 0, 1, 0, 1],      // predicts [1, 1, 1, 1]: wrong on 0 and 3
                  [0, 1, 1, 0, 0, 1, 1, 0.0]]    // predicts [1, 0, 1, 0]: wrong on 0 and 1
    let m = try EnsembleMetrics(logits: logits, labels: labels, classes: 2)
    #expect(m.accuracies == [1, 0.5, 0.5] && m.errorCounts == [0, 2, 2])
    #expect(m.errorsPerPoint == [2, 1, 0, 1])
    #expect(m.uniqueErrors == 3 && m.consistentErrors == 0 && m.votingErrors == 1 && m.averageErrorCount == 4.0 / 3)
    #expect(m.precisions[0] == 1 && m.recalls[0] == 1 && m.f1Scores[0] == 1)
    // Model 1 never predicts class 0 (precision and recall 0 there); class 1: precision 1/2, recall 1.
    #expect(m.precisions[1] == 0.25 && m.recalls[1] == 0.5 && abs(m.f1Scores[1] - 1.0 / 3) < 1e-15)
    // Model 2: both classes precision 1/2 and recall 1/2.
    #expect(m.precisions[2] == 0.5 && m.recalls[2] == 0.5 && m.f1Scores[2] == 0.5)
    let ce = log(1 + exp(-1.0))
    #expect(abs(m.testErrors[0] - ce) < 1e-15)
    #expect(throws: AbsMahalanobisError.self) { try EnsembleMetrics(logits: [[1, 2, 3]], labels: labels, classes: 2) }
    #expect(throws: AbsMahalanobisError.self) {
      try EnsembleMetrics(logits: [[.nan, 0, 0, 1, 1, 0, 0, 1]], labels: labels, classes: 2)
    }
  }

  @Test("[ABS-26] L2 errors: argmin over classes of the summed squared outputs")
  func l2() throws {
    // Logits are -act: squares 4 and 1 favour class 1 for point 0 although model 0 votes class 0.
    let logits: [[Double]] = [[-1, -1.5, -3, 0], [-1.9, 0, -3, -0.1]]
    let m = try EnsembleMetrics(logits: logits, labels: [1, 1], classes: 2)
    // S(point 0) = [1 + 3.61, 2.25 + 0] -> class 1 (right); S(point 1) = [9 + 9, 0 + 0.01] -> class 1 (right).
    #expect(m.l2Errors == 0)
    let wrong = try EnsembleMetrics(logits: logits, labels: [0, 0], classes: 2)
    #expect(wrong.l2Errors == 2)
  }

  @Test("[ABS-27] k-means finds separated clusters and classifies by the nearest centroid; it is reproducible")
  func kMeans() throws {
    let training = try Self.images(count: 90, seed: 11)
    let k = try KMeansClassifier(training: training, classes: 3, perClass: 2, iterations: 50, stream: SeedStream(seed: 4))
    #expect(k.centroids.count == 3 * 2 * 12)
    #expect(try k.predict(Self.images(count: 30, seed: 11)) == (0..<30).map { $0 % 3 })
    let again = try KMeansClassifier(training: training, classes: 3, perClass: 2, iterations: 50, stream: SeedStream(seed: 4))
    #expect(again.centroids == k.centroids)
    #expect(k.iterationsRun.allSatisfy { $0 >= 1 && $0 <= 50 })
    #expect(throws: AbsMahalanobisError.self) {
      try KMeansClassifier(training: training, classes: 3, perClass: 31, iterations: 5, stream: SeedStream(seed: 4))
    }
    // Every centroid is the mean of the points assigned to it at convergence (Lloyd's fixed point).
    let members = (0..<90).filter { training.labels[$0] == 0 }
    let points = training.gather(members)
    let assignment = KMeansClassifier.nearest(points, count: members.count, Array(k.centroids[0..<24]), k: 2, width: 12)
    for j in 0..<2 where assignment.contains(j) {
      let mine = assignment.indices.filter { assignment[$0] == j }
      let mean = (0..<12).map { p in mine.reduce(0.0) { $0 + points[$1 * 12 + p] } / Double(mine.count) }
      #expect(zip(mean, k.centroids[(j * 12)..<(j * 12 + 12)]).allSatisfy { abs($0 - $1) < 1e-12 })
    }
  }

  @Test("[ABS-28] figure 2 draws each condition's curve in each panel, in its colour, on a log axis with ticks inside the decade")
  func figure() throws {
    let curves: [(String, [Double], [Double])] = [("ReLU", [1, 0.5, 0.2], [0.3, 0.1, 0.05]),
                                                  ("Abs", [1.2, 0.4, 0.1], [0.2, 0.08, 0.04])]
    let svg = Figure2.svg(curves: curves, title: "t")
    #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>\n"))
    #expect(svg.contains(">Average training loss<") && svg.contains(">Average test error (1 - accuracy)<"))
    // One polyline per (panel, condition): three points, in the condition's colour.
    let polylines = svg.components(separatedBy: "<polyline points=\"").dropFirst().map { element in
      let points = element.prefix { $0 != "\"" }.split(separator: " ").map { $0.split(separator: ",").map { Double($0)! } }
      let colour = element.components(separatedBy: "stroke=\"")[1].prefix { $0 != "\"" }
      return (points, String(colour))
    }
    #expect(polylines.map(\.1) == [Figure2.colors[0], Figure2.colors[1], Figure2.colors[0], Figure2.colors[1]])
    #expect(polylines.allSatisfy { $0.0.count == 3 })
    // Left panel (x from 70 to 450, y from 50 to 330): training losses 0.1 ... 1.2 on the axis from
    // 0.1 to 2 (the ticks at or around the data), so 1 lies at 50 + 280 log(2 / 1) / log(20).
    let left = polylines[0].0
    #expect(left.map { $0[0] } == [70, 260, 450])
    let y = { (v: Double) in 50 + 280 * log10(2 / v) / log10(20.0) }
    #expect(zip(left.map { $0[1] }, [1, 0.5, 0.2].map(y)).allSatisfy { abs($0 - $1) <= 0.05 }, "\(left)")
    // Abs's lowest training loss (0.1) lies on the panel's bottom edge, its highest (1.2) inside.
    #expect(abs(polylines[1].0[2][1] - 330) <= 0.05 && polylines[1].0[0][1] > 50)
    // Ticks inside the decade: the right panel spans 0.04 ... 0.3 (under 1.5 decades), every tick labelled.
    // (Axis labels are the right-aligned texts; epoch numbers are centred.)
    let axisLabel = { (label: String) in svg.contains("text-anchor=\"end\" fill=\"black\">\(label)</text>") }
    for label in ["0.04", "0.05", "0.06", "0.07", "0.08", "0.09", "0.1", "0.2", "0.3"] { #expect(axisLabel(label), "\(label)") }
    // The left panel spans 0.1 ... 2 (1.3 decades): 0.1, 0.2, ..., 1, 2 all labelled.
    #expect(axisLabel("0.6") && axisLabel("1") && axisLabel("2") && !axisLabel("3"))
    #expect(svg.contains(">ReLU<") && svg.contains(">Abs<"))
  }

  @Test("[ABS-28] the log axis runs from the tick below the data to the tick above; wide ranges label 1, 2 and 5 only")
  func logAxis() throws {
    let axis = try #require(LogAxis([0.023, 0.68]))
    #expect(axis.low == 0.02 && axis.high == 0.7)
    #expect(axis.ticks.compactMap(\.label) == ["0.02", "0.05", "0.1", "0.2", "0.5"])
    #expect(axis.ticks.count == 15 && axis.ticks.filter(\.isDecade).map(\.value) == [0.1])
    let exact = try #require(LogAxis([0.3]))
    #expect(exact.ticks.map(\.label) == ["0.3", "0.4"])
    #expect(LogAxis([]) == nil && LogAxis([0]) == nil)
    #expect(LogAxis.label(-5, 2) == "2e-5" && LogAxis.label(2, 3) == "300")
  }
}
