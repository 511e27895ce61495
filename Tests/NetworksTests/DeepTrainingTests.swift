import Foundation
import Randomness
import Testing
import Tensors
@testable import Autodiff
@testable import Networks

/// Training support for deep networks (NET-43 ... NET-45).
@Suite("Deep-network training")
struct DeepTrainingTests {
  @Test("[NET-43] step and cosine schedules: closed forms at known epochs; torch's recursive form agrees to rounding")
  func schedules() throws {
    let step = LearningRateSchedule.step(size: 3, gamma: 0.5, form: .closedForm)
    #expect(step.rates(epochs: 8, base: 0.8) == [0.8, 0.8, 0.8, 0.4, 0.4, 0.4, 0.2, 0.2])
    #expect(LearningRateSchedule.step(size: 3, gamma: 0.5).rates(epochs: 8, base: 0.8) == step.rates(epochs: 8, base: 0.8))
    let cosine = LearningRateSchedule.cosine(period: 4, minimum: 0.1, form: .closedForm).rates(epochs: 9, base: 1.1)
    // min + (base - min)(1 + cos(pi e / 4)) / 2: 1.1 at 0, 0.6 at 2, 0.1 at 4, back to 1.1 at 8.
    for (e, expected) in [(0, 1.1), (2, 0.6), (4, 0.1), (8, 1.1)] { #expect(abs(cosine[e] - expected) < 1e-15, "epoch \(e)") }
    let recursive = LearningRateSchedule.cosine(period: 4, minimum: 0.1).rates(epochs: 30, base: 1.1)
    let closed = LearningRateSchedule.cosine(period: 4, minimum: 0.1, form: .closedForm).rates(epochs: 30, base: 1.1)
    for e in 0..<30 { #expect(abs(recursive[e] - closed[e]) <= 1e-14, "epoch \(e): \(recursive[e]) vs \(closed[e])") }
    #expect(throws: NetworkError.self) { try LearningRateSchedule.step(size: 0, gamma: 0.1).validate() }
    #expect(throws: NetworkError.self) { try Trainer(epochs: 1, batchSize: 1, schedule: .cosine(period: 0)) }
  }

  @Test("""
    [NET-43] the trainer sets every group's rate before each epoch; optimisers report and accept \
    rates per group; weight decay applies
    """)
  func trainerSchedules() throws {
    var g = Xoshiro256StarStar(seed: 1)
    var network = try Network(try MLP.make(widths: [2, 3, 2], activation: .tanh), using: &g)
    var sgd = try SGD(learningRate: 0.1, weightDecay: 1e-3, groups: [ParameterGroup(["0.weight", "0.bias"]),
                                                                     ParameterGroup(["2.weight", "2.bias"], learningRate: 0.4)])
    #expect(sgd.learningRates == [0.1, 0.4])
    var other = sgd
    let trainer = try Trainer(epochs: 5, batchSize: 2, schedule: .step(size: 2, gamma: 0.1))
    var d = Draw(seed: 2)
    let x = d.uniform([4, 2])
    _ = try trainer.fit(&network, inputs: x, objective: .crossEntropy(labels: [0, 1, 1, 0]), optimizer: &sgd, random: &g)
    // After the last epoch (4) the rates are base * 0.1^2.
    #expect(zip(sgd.learningRates, [0.1 * 0.1 * 0.1, 0.4 * 0.1 * 0.1]).allSatisfy { abs($0 - $1) <= 1e-17 })
    try other.setLearningRates([0.5, 0.25])
    #expect(other.learningRates == [0.5, 0.25])
    #expect(throws: NetworkError.self) { try other.setLearningRates([0.1]) }
    #expect(throws: NetworkError.self) { try other.setLearningRates([0.1, -1]) }
    var adam = try Adam()
    try adam.setLearningRates([0.01])
    #expect(adam.learningRates == [0.01])
  }

  @Test("""
    [NET-44] augmentation: crop offsets and flips drawn per image in the documented order; zero \
    padding; the same seed gives the same batch
    """)
  func augmentation() throws {
    let batch = try Tensor(shape: [2, 1, 3, 3], scalars: (1...18).map(Double.init))
    let both = try Augmentation(cropPadding: 1, horizontalFlip: true)
    var g = Xoshiro256StarStar(seed: 3)
    let out = try both.apply(batch, using: &g)
    var replay = Xoshiro256StarStar(seed: 3)
    for image in 0..<2 {
      let top = Shuffling.boundedIndex(below: 3, using: &replay), left = Shuffling.boundedIndex(below: 3, using: &replay)
      let flip = replay.nextDouble() < 0.5
      for y in 0..<3 {
        for x in 0..<3 {
          let (sy, sx) = (top + y - 1, left + (flip ? 2 - x : x) - 1)
          let expected = (0..<3).contains(sy) && (0..<3).contains(sx) ? batch[image, 0, sy, sx] : 0
          #expect(out[image, 0, y, x] == expected)
        }
      }
    }
    #expect(g.next() == replay.next(), "three draws per image")
    var again = Xoshiro256StarStar(seed: 3)
    #expect(try both.apply(batch, using: &again) == out)
    var h = Xoshiro256StarStar(seed: 4)
    let flipped = try Augmentation(horizontalFlip: true).apply(batch, using: &h)
    #expect(flipped.scalars.sorted() == batch.scalars.sorted())
    #expect(try Augmentation(cropPadding: 0).apply(batch, using: &h) == batch)
    #expect(throws: NetworkError.self) { try Augmentation(cropPadding: -1) }
  }

  @Test("""
    [NET-44] a convolutional model trains with batch norm, augmentation and a cosine schedule, \
    deterministically; running statistics are committed
    """)
  func trainsDeterministically() throws {
    func run() throws -> (Network, TrainingHistory) {
      var g = Xoshiro256StarStar(seed: 5)
      let layer = try Sequential(named: [("conv", try Conv2d(1, 4, kernelSize: 3, padding: 1)), ("bn", try BatchNorm2d(4)),
                                         ("relu", ReLU()),
                                         ("pool", AdaptiveAvgPool2d()), ("flatten", Flatten()), ("fc", try Linear(4, 2))])
      var network = try Network(layer, using: &g)
      var d = Draw(seed: 6)
      var x = d.uniform([16, 1, 6, 6])
      let labels = (0..<16).map { $0 % 2 }
      for i in 0..<16 where labels[i] == 1 { for k in 0..<36 { x[flat: i * 36 + k] += 1 } }
      var optimizer = try SGD(learningRate: 0.2, momentum: 0.9, weightDecay: 5e-4)
      let trainer = try Trainer(epochs: 6, batchSize: 8, schedule: .cosine(period: 6),
                                augmentation: try Augmentation(cropPadding: 1, horizontalFlip: true))
      let history = try trainer.fit(&network, inputs: x, objective: .crossEntropy(labels: labels), optimizer: &optimizer,
                                    random: &g)
      return (network, history)
    }
    let (a, historyA) = try run()
    let (b, historyB) = try run()
    #expect(a.parameters == b.parameters && a.buffers == b.buffers && historyA == historyB)
    // Two balanced classes: a constant prediction has loss ln 2 = 0.69 (about the first epoch's).
    // After 6 epochs the loss must be below half of that, and below half of the first epoch's.
    #expect(historyA.losses.last! < log(2) / 2 && historyA.losses.last! < historyA.losses.first! / 2, "\(historyA.losses)")
    #expect(try a.buffers.value("bn.num_batches_tracked") == Tensor(scalar: 12))
    #expect(try a.buffers.value("bn.running_mean") != Tensor.zeros([4]))
  }

  @Test("[NET-44] a non-finite loss stops training naming the epoch and the step, and leaves parameters and buffers as they were")
  func nonFiniteLoss() throws {
    var g = Xoshiro256StarStar(seed: 7)
    let layer = Sequential(try Linear(2, 3), try BatchNorm1d(3), try Linear(3, 2))
    var network = try Network(layer, using: &g)
    let before = network
    var x = Tensor.ones([4, 2])
    x[3, 1] = .infinity
    var optimizer = try SGD(learningRate: 0.1)
    do {
      _ = try Trainer(epochs: 1, batchSize: 4, shuffle: false).fit(&network, inputs: x,
                                                                   objective: .crossEntropy(labels: [0, 1, 0, 1]),
                                                                    optimizer: &optimizer, random: &g)
      Issue.record("training did not stop")
    } catch let error as NetworkError {
      guard case let .nonFiniteLoss(epoch, step, value) = error else { Issue.record("unexpected \(error)"); return }
      #expect(epoch == 0 && step == 0 && !value.isFinite)
    }
    #expect(network.parameters == before.parameters && network.buffers == before.buffers)
  }

  @Test("[NET-45] predictions and tap features in batches equal the whole-batch evaluation bit for bit (evaluation mode)")
  func batchedEvaluation() throws {
    var g = Xoshiro256StarStar(seed: 8)
    var network = try Network(try ResNet.resnet18(inputChannels: 1, classes: 3, widthMultiplier: 1.0 / 16, stem: .smallImage),
                              using: &g)
    // Non-trivial running statistics.
    var d = Draw(seed: 9)
    let tape = Tape()
    let context = network.context(tape: tape, mode: .training)
    _ = try network(tape.variable(d.uniform([4, 1, 8, 8])), context: context)
    network.commitBuffers(from: context)
    let x = d.uniform([7, 1, 8, 8])
    #expect(try network.predict(x, batchSize: 3) == network.predict(x))
    let batched = try network.features(x, taps: ["layer2", "flatten"], batchSize: 2)
    let whole = try network.features(x, taps: ["layer2", "flatten"])
    #expect(batched == whole)
    #expect(throws: NetworkError.self) { try network.predict(x, batchSize: 0) }
  }
}

/// The pass `bench deep` times, at a small width (NET-49), and the tape's release of
/// cotangents during the backward sweep (FOUND-20), which keeps the cotangents asked for.
@Suite("Deep-network benchmark pass")
struct DeepBenchmarkPassTests {
  @Test("""
    [NET-49] the benchmark's training pass (ResNet18 small stem, 3 x 32 x 32) runs; released \
    cotangents do not change gradients, asked-for ones are kept
    """)
  func benchmarkPass() throws {
    var g = Xoshiro256StarStar(seed: 21)
    let network = try Network(try ResNet.resnet18(classes: 10, widthMultiplier: 1.0 / 16, stem: .smallImage), using: &g)
    var d = Draw(seed: 22)
    let x = d.uniform([2, 3, 32, 32])
    func sweep(_ targets: (Variable, Variable) -> [Variable]) throws -> [Tensor] {
      let tape = Tape()
      let context = network.context(tape: tape, mode: .training)
      context.requestTaps(["layer3"])
      let input = tape.variable(x)
      let loss = try Losses.crossEntropy(try network(input, context: context), labels: [3, 8])
      #expect(loss.value.isFinite)
      return try tape.gradients(of: loss, withRespectTo: targets(input, context.tapValues["layer3"]!))
    }
    let both = try sweep { input, tap in [tap, input] }
    let inputOnly = try sweep { input, _ in [input] }
    let tapOnly = try sweep { _, tap in [tap] }
    #expect(both[1] == inputOnly[0] && both[0] == tapOnly[0])
    #expect(both[0].shape == [2, 16, 8, 8] && both[0].scalars.contains { $0 != 0 })
  }
}
