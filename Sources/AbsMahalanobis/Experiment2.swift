import Foundation
import Networks
import Randomness
import Tensors
import UpdateRules

/// Experiment 2 of seed 003 (ABS-23, ABS-24): two-layer networks on MNIST with ReLU or Abs, with
/// and without bias sampling, trained by mini-batch SGD with momentum; learning curves and the
/// final test outputs of every model.
public struct Experiment2: Sendable {
  public let configuration: Experiment2Configuration
  public let data: MNISTSplits
  public let stream: SeedStream

  public init(configuration: Experiment2Configuration, data: MNISTSplits, stream: SeedStream) throws(AbsMahalanobisError) {
    try configuration.validate()
    guard data.training.width == configuration.inputWidth, data.test.width == configuration.inputWidth else {
      throw .dimensionMismatch(what: "image width", expected: configuration.inputWidth, got: data.training.width)
    }
    guard data.training.count >= 1, data.test.count >= 1 else { throw .data("no training or no test images") }
    for label in data.training.labels + data.test.labels where label < 0 || label >= configuration.classCount {
      throw .data("label \(label) outside 0..<\(configuration.classCount)")
    }
    self.configuration = configuration
    self.data = data
    self.stream = stream
  }

  /// One trained model: per-epoch curves and the final test logits.
  public struct ModelRun: Sendable {
    /// Mean training loss of each epoch (batch losses weighted by batch size, NET-19).
    public var trainingLoss: [Double]
    /// Test error rate 1 - accuracy after each epoch.
    public var testErrorRate: [Double]
    /// Mean test cross-entropy after each epoch.
    public var testLoss: [Double]
    /// Logits on the test set after the last epoch, row-major [test count, classes].
    public var testLogits: [Double]
    /// The index of the training image used for bias sampling (nil without sampling).
    public var sampledImage: Int?
  }

  /// The random stream of model `index` of a condition.
  public func modelStream(_ condition: NetworkCondition, index: Int) -> SeedStream {
    stream.child("models").child(condition.slug).child(index: index)
  }

  /// The initial network of a model (ABS-23): from the stream child "init", W1 [hidden, in] then
  /// W2 [classes, hidden] by Kaiming normal (fan-in, gain sqrt(2), NET-8, Box-Muller NET-10), all
  /// biases zero; with bias sampling, image number int(below: n) of the stream child "bias" (the
  /// normalised image z) and b1 = -(W1 z), one fused multiply-add chain in increasing pixel order,
  /// as the network's matrix product forms W1 z (FOUND-10), so that W1 z + b1 is exactly 0.
  public func initialNetwork(_ condition: NetworkCondition, index: Int) throws(AbsMahalanobisError) -> (TwoLayerNetwork, Int?) {
    let c = configuration
    let model = modelStream(condition, index: index)
    var generator = model.child("init").generator()
    let he = Initializer.kaimingNormal(mode: .fanIn, gain: 2.0.squareRoot())
    let w1: Tensor, w2: Tensor
    do {
      w1 = try he.tensor(shape: [c.hiddenWidth, c.inputWidth], using: &generator)
      w2 = try he.tensor(shape: [c.classCount, c.hiddenWidth], using: &generator)
    } catch { throw .invalidConfiguration("\(error)") }
    var b1 = [Double](repeating: 0, count: c.hiddenWidth)
    var sampled: Int?
    if condition.biasSampling {
      var biasGenerator = model.child("bias").generator()
      let row: Int
      do { row = try biasGenerator.int(below: data.training.count) } catch { throw .data("\(error)") }
      let z = data.training.row(row)
      for j in 0..<c.hiddenWidth {
        var s = 0.0
        for p in 0..<c.inputWidth { s = s.addingProduct(z[p], w1.scalars[j * c.inputWidth + p]) }
        b1[j] = -s
      }
      sampled = row
    }
    let network = try TwoLayerNetwork(inputWidth: c.inputWidth, hiddenWidth: c.hiddenWidth, outputWidth: c.classCount,
                                      activation: condition.activation, w1: w1.scalars, b1: b1, w2: w2.scalars,
                                      b2: [Double](repeating: 0, count: c.classCount))
    return (network, sampled)
  }

  /// Trains one model (ABS-24). Each epoch: a permutation of the training rows (NET-18) from the
  /// stream child "shuffle", batches of `batchSize` (the last one shorter), per batch the closed
  /// form loss and gradients (ABS-22) and one SGD step with momentum (NET-13's rule); then the
  /// test set is evaluated in blocks of 1,000 rows. A non-finite batch loss stops with
  /// ``AbsMahalanobisError/nonFiniteLoss(model:step:value:)`` (step = epoch * batches + batch).
  public func train(_ condition: NetworkCondition, index: Int,
                    onEpoch: (() -> Void)? = nil) throws(AbsMahalanobisError) -> ModelRun {
    let c = configuration
    var (network, sampled) = try initialNetwork(condition, index: index)
    var shuffle = modelStream(condition, index: index).child("shuffle").generator()
    var optimizer = MomentumSGD(learningRate: c.learningRate, momentum: c.momentum)
    let n = data.training.count
    var run = ModelRun(trainingLoss: [], testErrorRate: [], testLoss: [], testLogits: [], sampledImage: sampled)
    for epoch in 0..<c.epochs {
      let batches = Shuffling.batches(Shuffling.permutation(n, using: &shuffle), batchSize: c.batchSize)
      var total = 0.0
      for (b, rows) in batches.enumerated() {
        let x = data.training.gather(rows)
        let labels = rows.map { data.training.labels[$0] }
        let (loss, gradients) = network.lossAndGradients(x, rows: rows.count, labels: labels)
        guard loss.isFinite else { throw .nonFiniteLoss(model: index, step: epoch * batches.count + b, value: loss) }
        total += loss * Double(rows.count)
        optimizer.step(&network, gradients)
      }
      run.trainingLoss.append(total / Double(n))
      let logits = Self.logits(network, data.test)
      let predictions = TwoLayerNetwork.predictions(logits, classes: c.classCount)
      let wrong = zip(predictions, data.test.labels).filter { $0 != $1 }.count
      run.testErrorRate.append(Double(wrong) / Double(data.test.count))
      run.testLoss.append(TwoLayerNetwork.sampleCrossEntropies(logits, labels: data.test.labels, classes: c.classCount)
        .reduce(0, +) / Double(data.test.count))
      if epoch == c.epochs - 1 { run.testLogits = logits }
      onEpoch?()
    }
    return run
  }

  /// Logits for every image, computed in blocks of 1,000 rows.
  public static func logits(_ network: TwoLayerNetwork, _ images: NormalizedImages) -> [Double] {
    var result: [Double] = []
    result.reserveCapacity(images.count * network.outputWidth)
    var start = 0
    while start < images.count {
      let end = Swift.min(images.count, start + 1000)
      let block = Array(images.pixels[(start * images.width)..<(end * images.width)])
      result += network.logits(block, rows: end - start)
      start = end
    }
    return result
  }

  /// Trains every model of every condition; models run in parallel over ``Parallelism/threads``
  /// (each from its own streams, so results do not depend on the thread count).
  public func run(onEpoch: (@Sendable () -> Void)? = nil) throws(AbsMahalanobisError) -> [NetworkCondition: [ModelRun]] {
    let jobs = configuration.conditions.flatMap { condition in (0..<configuration.modelsPerCondition).map { (condition, $0) } }
    var results = [Result<ModelRun, AbsMahalanobisError>?](repeating: nil, count: jobs.count)
    results.withUnsafeMutableBufferPointer { buffer in
      let slots = buffer
      Parallelism.forEachChunk(jobs.count) { job in
        slots[job] = Result { () throws(AbsMahalanobisError) -> ModelRun in
          try train(jobs[job].0, index: jobs[job].1, onEpoch: onEpoch)
        }
      }
    }
    var runs: [NetworkCondition: [ModelRun]] = [:]
    for (job, result) in zip(jobs, results) {
      switch result! {
      case let .success(run): runs[job.0, default: []].append(run)
      case let .failure(error): throw error
      }
    }
    return runs
  }
}

/// PyTorch's SGD with momentum (NET-13: no weight decay, no dampening, no Nesterov) on the four
/// parameter arrays of a ``TwoLayerNetwork``: UpdateRules' ``SGDRule``, the one SGD step of the
/// project (NET-120), applied to w1, b1, w2 and b2 with one momentum buffer each.
struct MomentumSGD {
  let learningRate: Double
  let rule: SGDRule
  var buffers: [[Double]?] = [nil, nil, nil, nil]

  init(learningRate: Double, momentum: Double) {
    self.learningRate = learningRate
    rule = SGDRule(momentum: momentum)
  }

  mutating func step(_ network: inout TwoLayerNetwork, _ g: TwoLayerNetwork.Gradients) {
    rule.update(&network.w1, gradient: g.w1, buffer: &buffers[0], learningRate: learningRate, weightDecay: 0)
    rule.update(&network.b1, gradient: g.b1, buffer: &buffers[1], learningRate: learningRate, weightDecay: 0)
    rule.update(&network.w2, gradient: g.w2, buffer: &buffers[2], learningRate: learningRate, weightDecay: 0)
    rule.update(&network.b2, gradient: g.b2, buffer: &buffers[3], learningRate: learningRate, weightDecay: 0)
  }
}
