import Datasets
import Foundation
import Networks
import Randomness
import Tensors

/// Experiment 1 of seed 003 (ABS-11 ... ABS-16): single linear nodes with ReLU or Abs regress the
/// Mahalanobis distance of a 2-D Gaussian; the trained nodes are sorted into Coherent, Adhoc and
/// Dead.
public struct Experiment1: Sendable {
  public let configuration: Experiment1Configuration
  /// The Gaussian the data come from (ABS-1).
  public let geometry: GaussianGeometry
  /// The data set, [n, d], shared by every model and condition (ABS-11).
  public let points: Tensor
  /// y_i = D_M(x_i) with the true mean and covariance (ABS-2).
  public let targets: [Double]
  /// The stream every random choice descends from (for ``Experiment1Seeding/seedStream``; the
  /// author's seedings draw from ``AuthorExperiment1/torchSeed`` instead and ignore it).
  public let stream: SeedStream
  /// Where the data and the initial models come from (ABS-40).
  public let seeding: Experiment1Seeding

  /// Draws the data set (ABS-11): n points from N(mu, Sigma) by ``Dataset/gaussian(count:mean:covariance:seed:)``
  /// seeded with the low 32 bits of `stream.child("data")`, and their distances.
  public init(configuration: Experiment1Configuration, stream: SeedStream) throws(AbsMahalanobisError) {
    try configuration.validate()
    let covariance: Tensor = try liftTensor { () throws(TensorError) in try Tensor(rows: configuration.covariance) }
    let geometry = try GaussianGeometry(mean: configuration.mean, covariance: covariance)
    let data: Dataset
    do {
      data = try Dataset.gaussian(count: configuration.pointCount, mean: configuration.mean, covariance: covariance,
                                  seed: UInt32(truncatingIfNeeded: stream.child("data").seed))
    } catch { throw .data("\(error)") }
    self.configuration = configuration
    self.geometry = geometry
    self.points = data.features
    self.targets = try geometry.distances(data.features)
    self.stream = stream
    self.seeding = .seedStream
  }

  /// Experiment 1 seeded as the author seeded it (ABS-40, ABS-41): `authorRun` takes their stored
  /// points and targets (``AuthorExperiment1/storedData(file:)``, so `pointCount` must be 1024);
  /// `authorCodeOnCPU` draws the points from `torch.manual_seed(3)` on the CPU
  /// (``AuthorExperiment1/cpuSample(count:mean:covariance:generator:)``) with targets D_M(x)
  /// (ABS-2, in double). Models are then drawn by ``initialNodes(_:_:)``.
  public init(configuration: Experiment1Configuration, seeding: Experiment1Seeding,
              authorData file: URL? = nil) throws(AbsMahalanobisError) {
    try configuration.validate()
    let covariance: Tensor = try liftTensor { () throws(TensorError) in try Tensor(rows: configuration.covariance) }
    let geometry = try GaussianGeometry(mean: configuration.mean, covariance: covariance)
    switch seeding {
    case .seedStream:
      throw .invalidConfiguration("the seed-stream protocol takes a stream: use init(configuration:stream:)")
    case .authorRun:
      let stored = try AuthorExperiment1.storedData(file: file)
      guard stored.points.shape[0] == configuration.pointCount else {
        throw .dimensionMismatch(what: "the author's stored points", expected: configuration.pointCount,
                                 got: stored.points.shape[0])
      }
      guard configuration.mean == [3, 2], configuration.covariance == [[2, -1], [-1, 1]] else {
        throw .invalidConfiguration("the author's stored points come from mean [3, 2] and covariance [[2, -1], [-1, 1]]")
      }
      (points, targets) = stored
    case .authorCodeOnCPU:
      var generator = TorchGenerator(seed: AuthorExperiment1.torchSeed, capability: AuthorExperiment1.capability)
      points = try AuthorExperiment1.cpuSample(count: configuration.pointCount, mean: configuration.mean,
                                               covariance: configuration.covariance, generator: &generator)
      targets = try geometry.distances(points)
    }
    self.configuration = configuration
    self.geometry = geometry
    self.stream = SeedStream(seed: AuthorExperiment1.torchSeed)
    self.seeding = seeding
  }

  /// One trained model: where it started, the trajectory and its class.
  public struct Outcome: Sendable, Equatable {
    public var initial: SingleNode
    /// The point z the initial boundary passes through (after any re-initialisation).
    public var boundaryPoint: [Double]
    /// Dead starts replaced by a fresh uniform z (ABS-12).
    public var reinitializations: Int
    public var losses: [Double]
    public var final: SingleNode
    public var finalLoss: Double { losses.last ?? .nan }
    public var preactivationAtMean: Double
    public var boundaryDistance: Double
    public var nodeClass: NodeClass
    public var geometricClass: NodeClass
  }

  /// The random stream of model `index` for an activation and condition (ABS-12).
  public func modelStream(_ activation: NodeActivation, _ condition: BiasCondition, index: Int) -> SeedStream {
    stream.child("models").child(condition.rawValue).child(activation.rawValue).child(index: index)
  }

  /// The initial node of model `index` (ABS-12): W [1, d] from Xavier uniform (gain 1) drawn
  /// first; then z, uniform in [-r, r)^d (d draws, RAND-13) or data point number int(below: n)
  /// (RAND-12); b = -(W z) with the products added in increasing j. While the node outputs 0 at
  /// every data point, a new uniform z is drawn and b recomputed, W kept (the author's code).
  public func initialNode(_ activation: NodeActivation, _ condition: BiasCondition, index: Int) throws(AbsMahalanobisError)
    -> (node: SingleNode, z: [Double], reinitializations: Int) {
    var generator = modelStream(activation, condition, index: index).generator()
    let d = geometry.dimension
    let weight: Tensor
    do { weight = try Initializer.xavierUniform(gain: 1).tensor(shape: [1, d], using: &generator) } catch {
      throw .invalidConfiguration("\(error)")
    }
    var z: [Double]
    switch condition {
    case .uniform: z = try uniformPoint(&generator)
    case .data:
      let row: Int
      do { row = try generator.int(below: points.shape[0]) } catch { throw .data("\(error)") }
      z = points.row(row)
    }
    var node = SingleNode(weight: weight.scalars, bias: Self.biasThrough(z, weight: weight.scalars), activation: activation)
    var reinitializations = 0
    while node.isDead(points: points.scalars) {
      guard reinitializations < configuration.maximumReinitializations else {
        throw .invalidConfiguration("model \(index): still dead after \(reinitializations) re-initialisations")
      }
      z = try uniformPoint(&generator)
      node.bias = Self.biasThrough(z, weight: node.weight)
      reinitializations += 1
    }
    return (node, z, reinitializations)
  }

  func uniformPoint(_ generator: inout Xoshiro256StarStar) throws(AbsMahalanobisError) -> [Double] {
    let r = configuration.uniformHalfWidth
    var z: [Double] = []
    for _ in 0..<geometry.dimension {
      do { z.append(try generator.uniform(in: -r..<r)) } catch { throw .invalidConfiguration("\(error)") }
    }
    return z
  }

  /// b = -(W z), the bias whose boundary passes through z (eq. 11 and 13 of the seed).
  public static func biasThrough(_ z: [Double], weight: [Double]) -> Double {
    var s = 0.0
    for j in 0..<weight.count { s += weight[j] * z[j] }
    return -s
  }

  /// The initial nodes of every model of one activation and condition (ABS-12, ABS-42): for the
  /// seed-stream protocol ``initialNode(_:_:index:)`` per model; for the author's seedings one
  /// `torch.manual_seed(3)` stream per run (each of their runs was its own process), after the
  /// points it drew for `authorCodeOnCPU`, through
  /// ``AuthorExperiment1/initialNodes(_:_:points:dimension:count:steps:uniformHalfWidth:maximumReinitializations:generator:)``.
  public func initialNodes(_ activation: NodeActivation,
                           _ condition: BiasCondition) throws(AbsMahalanobisError) -> [AuthorExperiment1.Start] {
    let c = configuration
    switch seeding {
    case .seedStream:
      var starts: [AuthorExperiment1.Start] = []
      for index in 0..<c.modelsPerCondition { starts.append(try initialNode(activation, condition, index: index)) }
      return starts
    case .authorRun, .authorCodeOnCPU:
      var generator = TorchGenerator(seed: AuthorExperiment1.torchSeed, capability: AuthorExperiment1.capability)
      if seeding == .authorCodeOnCPU {
        _ = try AuthorExperiment1.cpuSample(count: c.pointCount, mean: c.mean, covariance: c.covariance, generator: &generator)
      }
      return try AuthorExperiment1.initialNodes(activation, condition, points: points.scalars, dimension: geometry.dimension,
                                                count: c.modelsPerCondition, steps: c.steps, uniformHalfWidth: c.uniformHalfWidth,
                                                maximumReinitializations: c.maximumReinitializations, generator: &generator)
    }
  }

  /// The classifier of ABS-15 with this configuration's thresholds.
  public var classifier: NodeClassifier {
    NodeClassifier(mean: configuration.mean, coherenceThreshold: configuration.coherenceThreshold,
                   deadLossThreshold: configuration.deadLossThreshold, deadRule: configuration.deadRule)
  }

  /// Initialises, trains and classifies every model of one activation and condition. The starts
  /// are drawn first (``initialNodes(_:_:)``); training draws nothing, so the models then train in
  /// parallel (``Parallelism``) with results that do not depend on the thread count.
  public func run(_ activation: NodeActivation, _ condition: BiasCondition,
                  onModel: (@Sendable () -> Void)? = nil) throws(AbsMahalanobisError) -> [Outcome] {
    let count = configuration.modelsPerCondition
    let trainer = NodeTrainer(learningRate: configuration.learningRate, momentum: configuration.momentum,
                              steps: configuration.steps)
    let classifier = self.classifier
    let starts = try initialNodes(activation, condition)
    var results = [Result<Outcome, AbsMahalanobisError>?](repeating: nil, count: count)
    results.withUnsafeMutableBufferPointer { buffer in
      let slots = buffer
      Parallelism.forEachChunk(count) { index in
        slots[index] = Result { () throws(AbsMahalanobisError) -> Outcome in
          let start = starts[index]
          let trajectory = try trainer.train(start.node, points: points.scalars, targets: targets, model: index)
          let final = trajectory.final
          onModel?()
          return Outcome(initial: start.node, boundaryPoint: start.z, reinitializations: start.reinitializations,
                         losses: trajectory.losses, final: final,
                         preactivationAtMean: classifier.preactivationAtMean(final),
                         boundaryDistance: classifier.boundaryDistance(final),
                         nodeClass: classifier.classify(final, finalLoss: trajectory.finalLoss),
                         geometricClass: classifier.classifyGeometrically(final, finalLoss: trajectory.finalLoss))
        }
      }
    }
    var outcomes: [Outcome] = []
    for result in results {
      switch result! {
      case let .success(outcome): outcomes.append(outcome)
      case let .failure(error): throw error
      }
    }
    return outcomes
  }
}
