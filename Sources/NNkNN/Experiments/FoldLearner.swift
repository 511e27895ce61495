import Autodiff
import Networks
import Randomness
import Tensors

/// Something trained epoch by epoch on one fold and scored by accuracy (NNKNN-16): the NN-kNN
/// models and the NNet baseline. Values: the selection policy keeps the best epoch by copying.
public protocol FoldLearner {
  /// One epoch over rows `indices` of `x` (labels `y` indexed the same way).
  mutating func trainEpoch(_ x: Tensor, _ y: [Int], indices: [Int], epoch: Int) throws
  /// Accuracy on rows `indices`.
  func accuracy(_ x: Tensor, _ y: [Int], indices: [Int]) throws -> Double
}

/// An NN-kNN model (extended or original) with its Adam state and its fold's streams.
public struct CaseModelLearner<Model: CaseActivationModel>: FoldLearner {
  public var trainer: NNkNNTrainer<Model>
  var epochs: Xoshiro256StarStar
  let evaluationStream: SeedStream

  public init(trainer: NNkNNTrainer<Model>, stream: SeedStream) {
    self.trainer = trainer
    self.epochs = stream.child("epochs").generator()
    self.evaluationStream = stream.child("evaluation")
  }

  public mutating func trainEpoch(_ x: Tensor, _ y: [Int], indices: [Int], epoch: Int) throws {
    _ = try trainer.trainEpoch(queries: try x.rows(at: indices), labels: indices.map { y[$0] }, epoch: epoch, using: &epochs)
  }

  /// Case sampling at evaluation draws from a stream fixed per fold, so the score of a model
  /// does not depend on how many times it was scored before.
  public func accuracy(_ x: Tensor, _ y: [Int], indices: [Int]) throws -> Double {
    var generator = evaluationStream.generator()
    return try trainer.model.accuracy(try x.rows(at: indices), labels: indices.map { y[$0] }, using: &generator)
  }
}

/// The NNet baseline (NNKNN-17): an MLP with leakyReLU hidden layers, cross-entropy, Adam.
public struct NetworkLearner: FoldLearner {
  public var network: Network
  var optimizer: Adam
  let batchSize: Int
  var epochs: Xoshiro256StarStar

  public init(inputWidth: Int, hidden: [Int], classes: Int, slope: Double, learningRate: Double, batchSize: Int,
              stream: SeedStream) throws {
    var generator = stream.child("initialisation").generator()
    network = try Network(try MLP.make(widths: [inputWidth] + hidden + [classes], activation: .leakyReLU(slope: slope)),
                          using: &generator)
    optimizer = try Adam(learningRate: learningRate)
    self.batchSize = batchSize
    epochs = stream.child("epochs").generator()
  }

  public mutating func trainEpoch(_ x: Tensor, _ y: [Int], indices: [Int], epoch: Int) throws {
    var order = indices
    epochs.shuffle(&order)
    var start = 0
    while start < order.count {
      let batch = Array(order[start..<min(order.count, start + batchSize)])
      start += batchSize
      let tape = Tape()
      let context = ForwardContext(tape: tape, parameters: network.parameters, mode: .training)
      let logits = try network(tape.variable(try x.rows(at: batch)), context: context)
      let loss = try logits.crossEntropy(labels: batch.map { y[$0] })
      guard loss.value.scalars[0].isFinite else { throw NNkNNError.diverged(epoch: epoch, group: "NNet") }
      try optimizer.step(&network.parameters, gradients: try context.gradients(of: loss))
    }
  }

  public func accuracy(_ x: Tensor, _ y: [Int], indices: [Int]) throws -> Double {
    let predicted = try network.predict(try x.rows(at: indices)).argmax(axis: 1)
    return Double(zip(predicted, indices).filter { $0 == y[$1] }.count) / Double(max(indices.count, 1))
  }
}
