import Datasets
import Dispatch
import Evaluation
import Foundation
import Networks
import Randomness
import Tensors

/// One run of Papernot & McDaniel's DkNN script on MNIST (REPRO-50, DKNN-8): train the CNN, attack
/// the test points with FGSM, find every query's neighbours in one streamed pass over the training
/// images, calibrate, predict.
struct DkNNMNISTRun: Sendable {
  let configuration: DkNNMNISTConfiguration
  let source: String
  let fallbackNotice: String?
  let trainingCount: Int
  let testLabels: [Int]
  let trainingLosses: [Double]
  /// Softmax predictions of the test points, clean and attacked.
  let softmaxClean: [Int], softmaxAdversarial: [Int]
  /// FGSM: how many pixels moved by eps, were clipped, stayed.
  let perturbation: (moved: Int, clipped: Int, unchanged: Int)
  /// Neighbour labels of the calibration points and both test sets, for any calibration variant.
  let trainingLabels: [Int]
  let calibrationLabels: [Int]
  let calibrationNeighbors: LayerNeighbors, cleanNeighbors: LayerNeighbors, adversarialNeighbors: LayerNeighbors
  /// Seconds per phase, in order.
  let phases: [(String, Double)]
  let threads: Int

  init(_ context: RunContext) throws {
    let c = DkNNMNISTConfiguration.forScale(context.scale)
    let found: MNISTSearch.Found
    do {
      found = try MNISTSearch.load(directories: context.dataDirectories, trainingLimit: c.trainingLimit, testLimit: c.testLimit,
                                   requireFull: c.requiresFullMNIST)
    } catch where error.absent {
      throw ReportError.missingData(
        table: "dknn-mnist", file: "train-images-idx3-ubyte.gz (and the training labels and t10k files)",
        searched: context.dataDirectories.map(\.path), hint: error.message)
    } catch { throw ReportError.failed(table: "dknn-mnist", reason: error.message) }
    if let notice = found.fallbackNotice { context.notice(notice) }
    guard found.test.count > c.calibrationCount, found.training.count >= c.k else {
      throw ReportError.failed(
        table: "dknn-mnist", reason: "\(found.training.count) training and \(found.test.count) test images are too few")
    }
    let stream = SeedStream(seed: context.seed).child("dknn").child("mnist")
    var phases: [(String, Double)] = []
    func phase<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
      let start = DispatchTime.now().uptimeNanoseconds
      defer { phases.append((name, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)) }
      return try body()
    }

    let training = try Self.images(found.training), test = try Self.images(found.test)
    var torchInit = stream.child("init").generator()
    var network = try Network(try ConvolutionalNetworks.papernotMNIST(filters: c.filters), using: &torchInit)
    var initGenerator = stream.child("cleverhans-init").generator()
    try c.initialization.apply(to: &network, using: &initGenerator)

    // Training (the script's flags): Adam, cross-entropy, shuffled batches.
    let trainer = try Trainer(epochs: c.epochs, batchSize: c.batchSize)
    var optimizer = try Adam(learningRate: c.learningRate)
    var shuffle = stream.child("shuffle").generator()
    let steps = c.epochs * ((training.shape[0] + c.batchSize - 1) / c.batchSize)
    let trainingProgress = context.progress("dknn-mnist training (batches)", total: steps)
    let history = try phase("training") {
      try trainer.fit(&network, inputs: training, objective: .crossEntropy(labels: found.training.labels), optimizer: &optimizer,
                      random: &shuffle, onBatch: { _ in trainingProgress.advance() })
    }

    // Calibration points and test points; the test points attacked with FGSM (own predictions as labels).
    let calibration = try test.rows(0..<c.calibrationCount)
    let testPoints = try test.rows(c.calibrationCount..<test.shape[0])
    let model = network
    let adversarial = try phase("FGSM") {
      try FGSM.perturb(model, inputs: testPoints, epsilon: c.epsilon, bounds: 0...1, batchSize: c.batchSize)
    }
    let (softmaxClean, softmaxAdversarial) = try phase("softmax predictions") {
      (
        try Self.predictions(model, testPoints, batchSize: c.batchSize),
        try Self.predictions(model, adversarial, batchSize: c.batchSize)
      )
    }

    // The DkNN: centres (first pass over the training images), then every query's neighbours (second pass).
    let widths = try LayerRepresentations.extract(model, inputs: try training.rows(0..<1), layers: c.layers, batchSize: 1).widths
    let dknn = try StreamedDkNN(network: model, layers: c.layers, space: c.space, k: c.k, batchSize: c.batchSize,
                                chunkRows: StreamedDkNN.chunkRows(widths: widths, budgetBytes: c.chunkBudgetBytes, k: c.k))
    let passes = context.progress("dknn-mnist representations (training images, two passes)", total: 2 * training.shape[0])
    let transform = try phase("training centres (first pass)") {
      try dknn.transform(training: training) { passes.advance(by: $0) }
    }
    let queries = try phase("query representations") {
      var builder = RepresentationBuilder(expectedRows: calibration.shape[0] + 2 * testPoints.shape[0])
      for part in [calibration, testPoints, adversarial] { try dknn.append(part, transform: transform, to: &builder) }
      return try builder.build()
    }
    let neighbors = try phase("neighbour search (second pass)") {
      try dknn.neighbors(training: training, transform: transform, queries: queries) { passes.advance(by: $0) }
    }
    let (m, t) = (calibration.shape[0], testPoints.shape[0])

    configuration = c
    source = found.source
    fallbackNotice = found.fallbackNotice
    trainingCount = training.shape[0]
    testLabels = Array(found.test.labels[c.calibrationCount...])
    trainingLosses = history.losses
    self.softmaxClean = softmaxClean
    self.softmaxAdversarial = softmaxAdversarial
    perturbation = Self.count(testPoints, adversarial, epsilon: c.epsilon)
    trainingLabels = found.training.labels
    calibrationLabels = Array(found.test.labels[0..<c.calibrationCount])
    calibrationNeighbors = neighbors.queries(0..<m)
    cleanNeighbors = neighbors.queries(m..<(m + t))
    adversarialNeighbors = neighbors.queries((m + t)..<(m + 2 * t))
    self.phases = phases
    threads = Parallelism.threads
  }

  /// Raw bytes / 255 as [n, 1, 28, 28] (the script's pixels in [0, 1], no normalisation).
  static func images(_ data: Dataset) throws -> Tensor {
    try Tensor(shape: [data.count, 1] + data.sampleShape, scalars: data.features.scalars.map { $0 / 255 })
  }

  /// argmax of the logits, ties to the lowest class.
  static func predictions(_ network: Network, _ inputs: Tensor, batchSize: Int) throws -> [Int] {
    let logits = try network.predict(inputs, batchSize: batchSize)
    let classes = logits.shape[1]
    return (0..<logits.shape[0]).map { r in LeaveOneOut.argmax(Array(logits.scalars[(r * classes)..<((r + 1) * classes)])) }
  }

  /// How FGSM changed the pixels: moved by exactly eps (as rounded), clipped to a bound, unchanged.
  static func count(_ x: Tensor, _ adversarial: Tensor, epsilon: Double) -> (moved: Int, clipped: Int, unchanged: Int) {
    var moved = 0, clipped = 0, unchanged = 0
    for (a, b) in zip(x.scalars, adversarial.scalars) {
      if a == b { unchanged += 1 } else if b == a + epsilon || b == a - epsilon { moved += 1 } else { clipped += 1 }
    }
    return (moved, clipped, unchanged)
  }

  /// DkNN predictions of one test set under a calibration variant (DKNN-5 ... DKNN-7).
  func predictions(_ neighbors: LayerNeighbors, trimming: CalibrationTrimming) throws -> (
    DkNNCalibration,
    [CalibratedPrediction]
  ) {
    let calibration = try DkNNCalibration(neighbors: calibrationNeighbors, calibrationLabels: calibrationLabels,
                                          trainingLabels: trainingLabels, classes: 10, trimming: trimming)
    return (
      calibration,
      try CalibratedPrediction.predictions(neighbors, trainingLabels: trainingLabels, classes: 10, calibration: calibration)
    )
  }
}
