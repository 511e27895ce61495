import Autodiff
import Networks
import Randomness
import Tensors

/// Optimiser settings (NNKNN-11): Adam with three parameter groups, each with its own learning
/// rate; L2 weight decay added to the gradient (torch.optim.Adam); optional clipping of the total
/// gradient norm (clip_grad_norm_).
public struct NNkNNOptimizerSettings: Sendable, Equatable {
  public var extractorLearningRate: Double
  public var glocalLearningRate: Double
  public var caseLearningRate: Double
  public var weightDecay: Double
  public var clipNorm: Double?
  public var batchSize: Int

  /// The paper's small-data setting: Adam lr 1e-2 for every group, no weight decay, no clipping.
  public static func paperSmallData(batchSize: Int) -> NNkNNOptimizerSettings {
    NNkNNOptimizerSettings(extractorLearningRate: 1e-2, glocalLearningRate: 1e-2, caseLearningRate: 1e-2,
                           weightDecay: 0, clipNorm: nil, batchSize: batchSize)
  }

  /// The authors' code for large data: 1e-4 extractor, 1e-3 glocal, 1e-4 case parameters,
  /// weight decay 1e-5, clipping at 0.5.
  public static func codeLargeData(batchSize: Int) -> NNkNNOptimizerSettings {
    NNkNNOptimizerSettings(extractorLearningRate: 1e-4, glocalLearningRate: 1e-3, caseLearningRate: 1e-4,
                           weightDecay: 1e-5, clipNorm: 0.5, batchSize: batchSize)
  }

  public init(extractorLearningRate: Double, glocalLearningRate: Double, caseLearningRate: Double,
              weightDecay: Double, clipNorm: Double?, batchSize: Int) {
    self.extractorLearningRate = extractorLearningRate; self.glocalLearningRate = glocalLearningRate
    self.caseLearningRate = caseLearningRate; self.weightDecay = weightDecay; self.clipNorm = clipNorm
    self.batchSize = batchSize
  }
}

/// A model of the NN-kNN family: parameters in a store and a recorded forward pass.
public protocol CaseActivationModel: Sendable {
  var parameters: ParameterStore { get set }
  var classes: Int { get }
  func forward<G: RandomSource>(_ queries: Tensor, labels: [Int]?, caseIndices: [Int]?, mode: ForwardContext.Mode,
                                using generator: inout G) throws(NNkNNError) -> NNkNNPass
}

/// A model with its optimiser state: what one cross-validation fold trains (NNKNN-11).
public struct NNkNNTrainer<Model: CaseActivationModel> {
  public var model: Model
  public var optimizer: Adam
  public let batchSize: Int
  public let clipNorm: Double?

  /// Adam over the given parameter groups (each name in at most one group; names in no group are
  /// not trained).
  public init(model: Model, groups: [ParameterGroup], weightDecay: Double, batchSize: Int, clipNorm: Double?) throws(NNkNNError) {
    guard batchSize >= 1 else {
      throw .invalidHyperparameter(name: "batchSize", value: Double(batchSize), accepted: ">= 1")
    }
    do {
      optimizer = try Adam(learningRate: groups.first?.learningRate ?? 1e-3, weightDecay: weightDecay, groups: groups)
    } catch { throw .network(error) }
    self.model = model
    self.batchSize = batchSize
    self.clipNorm = clipNorm
  }

  /// One epoch over the given queries (usually the case base itself): shuffled mini-batches from
  /// `generator` (RAND-17), one Adam step per batch. Returns the mean batch loss. A non-finite
  /// loss or gradient stops training with ``NNkNNError/diverged(epoch:group:)``.
  public mutating func trainEpoch<G: RandomSource>(queries: Tensor, labels: [Int], epoch: Int,
                                                   using generator: inout G) throws(NNkNNError) -> Double {
    guard queries.shape.count == 2 else { throw .notMatrix(argument: "queries", shape: queries.shape) }
    guard labels.count == queries.shape[0] else {
      throw .labelCount(argument: "queries", rows: queries.shape[0], labels: labels.count)
    }
    var order = Array(0..<labels.count)
    generator.shuffle(&order)
    var total = 0.0
    var batches = 0
    var start = 0
    while start < order.count {
      let batch = Array(order[start..<min(order.count, start + batchSize)])
      start += batchSize
      let rows: Tensor
      do { rows = try queries.rows(at: batch) } catch { throw .tensor(error) }
      let pass = try model.forward(rows, labels: batch.map { labels[$0] }, caseIndices: nil, mode: .training, using: &generator)
      guard let loss = pass.loss, loss.value.scalars[0].isFinite else { throw .diverged(epoch: epoch, group: "loss") }
      var gradients: ParameterGradients
      do { gradients = try pass.context.gradients(of: loss) } catch { throw .network(error) }
      for (name, g) in zip(gradients.names, gradients.values) where !g.isFinite {
        throw .diverged(epoch: epoch, group: name)
      }
      do {
        if let clip = clipNorm { _ = try clipGradientNorm(&gradients, maxNorm: clip) }
        try optimizer.step(&model.parameters, gradients: gradients)
      } catch { throw .network(error) }
      total += loss.value.scalars[0]
      batches += 1
    }
    return total / Double(max(batches, 1))
  }
}

extension NNkNNTrainer where Model == NNkNNModel {
  /// The three groups of the extended model (NNKNN-11): extractor (when trainable), glocal
  /// weights, case parameters, with the settings' learning rates.
  public init(model: NNkNNModel, settings: NNkNNOptimizerSettings) throws(NNkNNError) {
    let names = model.groupNames
    var groups = [ParameterGroup(names.glocal, learningRate: settings.glocalLearningRate),
                  ParameterGroup(names.cases, learningRate: settings.caseLearningRate)]
    if model.extractorTrainable, !names.extractor.isEmpty {
      groups.insert(ParameterGroup(names.extractor, learningRate: settings.extractorLearningRate), at: 0)
    }
    try self.init(model: model, groups: groups, weightDecay: settings.weightDecay, batchSize: settings.batchSize,
                  clipNorm: settings.clipNorm)
  }
}

extension CaseActivationModel {
  /// Class activations [m, C] for `queries`, evaluated in batches of `batchSize` (bounded memory);
  /// with case sampling, each batch draws its own cases from `generator`, as the authors' code does.
  public func classActivations<G: RandomSource>(_ queries: Tensor, batchSize: Int = 256,
                                                using generator: inout G) throws(NNkNNError) -> Tensor {
    guard queries.shape.count == 2 else { throw .notMatrix(argument: "queries", shape: queries.shape) }
    guard batchSize >= 1 else {
      throw .invalidHyperparameter(name: "batchSize", value: Double(batchSize), accepted: ">= 1")
    }
    var scalars: [Double] = []
    var start = 0
    let m = queries.shape[0]
    while start < m {
      let rows: Tensor
      do { rows = try queries.rows(start..<min(m, start + batchSize)) } catch { throw .tensor(error) }
      scalars += try forward(rows, labels: nil, caseIndices: nil, mode: .evaluation, using: &generator).classActivations.value
        .scalars
      start += batchSize
    }
    do { return try Tensor(shape: [m, classes], scalars: scalars) } catch { throw .tensor(error) }
  }

  /// Predicted classes for `queries`: argmax of ``classActivations(_:batchSize:using:)``, ties to
  /// the lowest class (FOUND-4).
  public func predict<G: RandomSource>(_ queries: Tensor, batchSize: Int = 256,
                                       using generator: inout G) throws(NNkNNError) -> [Int] {
    let scores = try classActivations(queries, batchSize: batchSize, using: &generator)
    let c = classes
    return (0..<scores.shape[0]).map { row in
      var best = 0
      for k in 1..<max(c, 1) where scores.scalars[row * c + k] > scores.scalars[row * c + best] { best = k }
      return best
    }
  }

  /// Fraction of `queries` classified as `labels`.
  public func accuracy<G: RandomSource>(_ queries: Tensor, labels: [Int],
                                        using generator: inout G) throws(NNkNNError) -> Double {
    let predicted = try predict(queries, using: &generator)
    return Double(zip(predicted, labels).filter { $0 == $1 }.count) / Double(max(labels.count, 1))
  }
}
