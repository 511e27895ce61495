import Foundation
import Randomness
import Testing
import Tensors
@testable import Autodiff
@testable import Networks

@Suite("Training loop")
struct TrainerTests {
  /// Two Gaussian-ish blobs in the plane: class 0 around (-1, -1), class 1 around (1, 1).
  func blobs(seed: UInt64, n: Int = 64) -> (Tensor, [Int]) {
    var d = Draw(seed: seed)
    let labels = (0..<n).map { $0 % 2 }
    var x = d.uniform([n, 2], -0.8, 0.8)
    for i in 0..<n {
      let centre = labels[i] == 0 ? -1.0 : 1.0
      x[i, 0] += centre
      x[i, 1] += centre
    }
    return (x, labels)
  }

  func train(seed: UInt64, epochs: Int = 20, dropout: Double? = nil) throws -> (Network, TrainingHistory, Int) {
    let (x, y) = blobs(seed: 100)
    var g = Xoshiro256StarStar(seed: seed)
    var network = try Network(try MLP.make(widths: [2, 8, 2], activation: .relu, dropout: dropout), using: &g)
    var adam = try Adam(learningRate: 0.05)
    var batches = 0
    let history = try Trainer(epochs: epochs, batchSize: 16).fit(&network, inputs: x, objective: .crossEntropy(labels: y),
                                                                 optimizer: &adam, random: &g, onBatch: { _ in batches += 1 })
    return (network, history, batches)
  }

  @Test("[NET-19] the same seed gives bit-identical parameters and losses; another seed does not")
  func determinism() throws {
    let (a, ha, _) = try train(seed: 1, epochs: 5, dropout: 0.2)
    let (b, hb, _) = try train(seed: 1, epochs: 5, dropout: 0.2)
    let (c, hc, _) = try train(seed: 2, epochs: 5, dropout: 0.2)
    #expect(a.parameters == b.parameters && ha == hb)
    #expect(a.parameters != c.parameters && ha.losses != hc.losses)
  }

  @Test("[NET-19] training reduces the loss on a separable problem; the progress hook sees every batch")
  func learns() throws {
    let (network, history, batches) = try train(seed: 3)
    #expect(history.epochsRun == 20 && history.stopReason == .completed && batches == 20 * 4)
    #expect(history.losses.last! < 0.1 && history.losses.last! < history.losses.first! / 3, "losses \(history.losses)")
    let (x, y) = blobs(seed: 100)
    let predicted = try network.predict(x).argmax(axis: 1)
    #expect(zip(predicted, y).filter { $0 != $1 }.count <= 2)
  }

  @Test("[NET-19] one full batch: the epoch loss is the loss at the starting parameters; no shuffle and no dropout draw nothing")
  func epochLossAndStream() throws {
    var d = Draw(seed: 4)
    let x = d.uniform([10, 3]), t = d.uniform([10, 2])
    var g = Xoshiro256StarStar(seed: 5)
    var network = try Network(try MLP.make(widths: [3, 4, 2], activation: .tanh), using: &g)
    let start = network
    let loss0 = try Losses.meanSquaredError(Variable.constantForTest(try start.predict(x)), targets: t).value.scalars[0]
    var stream = Xoshiro256StarStar(seed: 6)
    let untouched = stream
    var sgd = try SGD(learningRate: 0.1)
    var seen: [EpochSummary] = []
    let history = try Trainer(epochs: 2, batchSize: 10, shuffle: false).fit(
      &network, inputs: x, objective: .meanSquaredError(targets: t), optimizer: &sgd, random: &stream,
      onEpoch: { summary, _ in seen.append(summary); return .proceed })
    #expect(history.losses[0] == loss0)
    #expect(seen.map(\.epoch) == [0, 1] && seen.allSatisfy { $0.batches == 1 })
    #expect(stream.state == untouched.state)
    #expect(network.parameters != start.parameters)
  }

  @Test("[NET-19] the callback can stop training; its metrics are recorded")
  func stopRequest() throws {
    let (x, y) = blobs(seed: 7, n: 20)
    var g = Xoshiro256StarStar(seed: 8)
    var network = try Network(try MLP.make(widths: [2, 3, 2], activation: .sigmoid), using: &g)
    var sgd = try SGD(learningRate: 0.1, momentum: 0.9)
    let history = try Trainer(epochs: 10, batchSize: 7).fit(
      &network, inputs: x, objective: .crossEntropy(labels: y), optimizer: &sgd, random: &g,
      onEpoch: { s, _ in EpochDecision(metric: Double(s.epoch) * 10, stop: s.epoch == 2) })
    #expect(history.stopReason == .requested(epoch: 2) && history.epochsRun == 3)
    #expect(history.metrics == [0, 10, 20])
  }

  @Test("[NET-20] early stopping: patience counts epochs without improvement; the best parameters come back")
  func earlyStopping() throws {
    let (x, y) = blobs(seed: 9, n: 20)
    var g = Xoshiro256StarStar(seed: 10)
    var network = try Network(try MLP.make(widths: [2, 3, 2], activation: .tanh), using: &g)
    var sgd = try SGD(learningRate: 0.1)
    let script = [5.0, 4.0, 4.5, 3.95, 4.1, 3.99, 1.0]  // minDelta 0.1: epoch 3 is no improvement
    var snapshots: [ParameterStore] = []
    let rule = try EarlyStopping(patience: 3, minDelta: 0.1)
    let history = try Trainer(epochs: 20, batchSize: 5, earlyStopping: rule).fit(
      &network, inputs: x, objective: .crossEntropy(labels: y), optimizer: &sgd, random: &g,
      onEpoch: { s, net in snapshots.append(net.parameters); return EpochDecision(metric: script[s.epoch]) })
    #expect(history.stopReason == .earlyStopping(epoch: 4) && history.bestEpoch == 1 && history.epochsRun == 5)
    #expect(network.parameters == snapshots[1])

    // Maximise: the best is the largest; no restore keeps the last parameters.
    var g2 = Xoshiro256StarStar(seed: 11)
    var network2 = try Network(try MLP.make(widths: [2, 3, 2], activation: .tanh), using: &g2)
    let up = [0.5, 0.7, 0.6, 0.65]
    var last: ParameterStore?
    let history2 = try Trainer(epochs: 4, batchSize: 20,
                               earlyStopping: try EarlyStopping(patience: 5, goal: .maximize, restoreBest: false)).fit(
      &network2, inputs: x, objective: .crossEntropy(labels: y), optimizer: &sgd, random: &g2,
      onEpoch: { s, net in last = net.parameters; return EpochDecision(metric: up[s.epoch]) })
    #expect(history2.bestEpoch == 1 && history2.stopReason == .completed && network2.parameters == last)
    #expect(throws: NetworkError.missingMetric(epoch: 0)) {
      try Trainer(epochs: 2, batchSize: 20, earlyStopping: try EarlyStopping(patience: 1, goal: .maximize)).fit(
        &network2, inputs: x, objective: .crossEntropy(labels: y), optimizer: &sgd, random: &g2)
    }
    #expect(throws: NetworkError.nonFiniteMetric(epoch: 0, value: .infinity)) {
      try Trainer(epochs: 2, batchSize: 20, earlyStopping: rule).fit(
        &network2, inputs: x, objective: .crossEntropy(labels: y), optimizer: &sgd, random: &g2,
        onEpoch: { _, _ in EpochDecision(metric: .infinity) })
    }
  }

  @Test("[NET-19] bad training input is refused: batch size, epochs, targets, rows, a NaN loss")
  func errors() throws {
    let (x, y) = blobs(seed: 12, n: 6)
    var g = Xoshiro256StarStar(seed: 13)
    var network = try Network(try MLP.make(widths: [2, 2], activation: .relu), using: &g)
    var sgd = try SGD(learningRate: 0.1)
    #expect(throws: NetworkError.invalidTraining("batchSize = 0: must be >= 1")) { try Trainer(epochs: 1, batchSize: 0) }
    #expect(throws: NetworkError.self) { try Trainer(epochs: -1, batchSize: 1) }
    #expect(throws: NetworkError.self) { try EarlyStopping(patience: 0) }
    let trainer = try Trainer(epochs: 1, batchSize: 2)
    #expect(throws: NetworkError.targetCount(expected: 6, got: 5)) {
      try trainer.fit(&network, inputs: x, objective: .crossEntropy(labels: Array(y.prefix(5))), optimizer: &sgd, random: &g)
    }
    #expect(throws: NetworkError.self) {
      try trainer.fit(&network, inputs: Tensor.zeros([0, 2]), objective: .crossEntropy(labels: []), optimizer: &sgd, random: &g)
    }
    #expect(throws: NetworkError.inputWidth(layer: "Linear(in: 2, out: 2)", expected: 2, got: 3)) {
      try trainer.fit(&network, inputs: Tensor.zeros([6, 3]), objective: .crossEntropy(labels: y), optimizer: &sgd, random: &g)
    }
    let before = network.parameters
    #expect(throws: NetworkError.nonFiniteLoss(epoch: 0, batch: 0, value: .infinity)) {
      try trainer.fit(&network, inputs: x, objective: .custom({ out, _ in out.sum() * 0 + .infinity }), optimizer: &sgd,
                      random: &g)
    }
    #expect(network.parameters == before)
  }
}

extension Variable {
  /// A leaf on a fresh tape, for computing a loss value outside training.
  static func constantForTest(_ t: Tensor) -> Variable { Tape().variable(t) }
}
