import Dispatch
import Evaluation
import Networks
import Neighbors
import Randomness
import Tensors

/// Images as standardised rows [n, C H W] (NNKNN-22) with their labels: what the image runs read.
public struct ImageSplits: Sendable {
  public let training: Tensor, trainingLabels: [Int]
  public let test: Tensor, testLabels: [Int]
  public let channels: Int, height: Int, width: Int, classes: Int

  /// Raw pixel rows standardised with the training set's statistics (NNKNN-22).
  public init(rawTraining: Tensor, trainingLabels: [Int], rawTest: Tensor, testLabels: [Int], channels: Int, height: Int,
              width: Int, classes: Int) throws(NNkNNError) {
    let standardization = try ImageStandardization(training: rawTraining)
    training = standardization.apply(rawTraining)
    test = standardization.apply(rawTest)
    self.trainingLabels = trainingLabels
    self.testLabels = testLabels
    self.channels = channels; self.height = height; self.width = width; self.classes = classes
  }
}

/// One configuration's outcome on the test images.
public struct ImageRunResult: Sendable {
  public let name: String
  public let accuracy: Double
  /// Top-1, top-2, top-3 class shares (NNKNN-23), for the NN-kNN rows.
  public let topShares: [Double]?
  /// Wall seconds of the whole configuration and, for trained NN-kNN models, per training epoch.
  public let seconds: Double
  public let secondsPerEpoch: Double?
}

/// Seed 000's six image configurations (NNKNN-24), in the paper's row order: Conv + NN-kNN for
/// each sampled count (extractor trained jointly from scratch), ConvNet, kNN on pixels, Pre-Conv +
/// kNN, Pre-Conv + NN-kNN (the ConvNet's layers through relu3, frozen). Every random choice comes
/// from a named child of `stream`; the ConvNet is trained first because both Pre-Conv rows use it.
public struct ImageRuns: Sendable {
  public let results: [ImageRunResult]
  /// The joint model of the first sampled count, trained (for explanations, NNKNN-13).
  public let jointModel: NNkNNModel

  public init(_ data: ImageSplits, setting s: ImageSetting, stream: SeedStream, progress: Progress? = nil) throws {
    var results: [String: ImageRunResult] = [:]
    let rowsLayer = try ConvolutionalNetworks.convNetOnRows(inputChannels: data.channels, imageSize: (data.height, data.width),
                                                            classes: data.classes, widths: s.widths)
    let featureLayer = try ConvolutionalNetworks.featureExtractor(
      inputChannels: data.channels, imageSize: (data.height, data.width),
      widths: s.widths)

    // ConvNet: the baseline and the pretrained extractor.
    var convNetInit = stream.child("convnet").child("init").generator()
    var convNet = try Network(rowsLayer, using: &convNetInit)
    let convNetTime = try Self.seconds {
      var optimizer = try Adam(learningRate: s.convNetLearningRate)
      var shuffle = stream.child("convnet").child("shuffle").generator()
      _ = try Trainer(epochs: s.convNetEpochs, batchSize: s.batchSize)
        .fit(
          &convNet, inputs: data.training, objective: .crossEntropy(labels: data.trainingLabels), optimizer: &optimizer,
          random: &shuffle)
    }
    let logits = try convNet.predict(data.test, batchSize: s.evaluationBatch)
    results["ConvNet"] = ImageRunResult(name: "ConvNet", accuracy: Self.accuracy(logits: logits, labels: data.testLabels),
      topShares: nil, seconds: convNetTime, secondsPerEpoch: convNetTime / Double(max(s.convNetEpochs, 1)))
    progress?.advance(detail: "ConvNet")

    // kNN on the standardised pixels and on the pretrained features.
    var knnPixels = 0.0
    let knnPixelsTime = try Self.seconds {
      knnPixels = try Self.knn(data.training, data.trainingLabels, data.test, data.testLabels, data.classes, s.knnK)
    }
    results["kNN"] = ImageRunResult(
      name: "kNN", accuracy: knnPixels, topShares: nil, seconds: knnPixelsTime, secondsPerEpoch: nil)
    progress?.advance(detail: "kNN on pixels")
    let pretrained = try convNet.restricted(to: featureLayer)
    var knnFeatures = 0.0
    let knnFeaturesTime = try Self.seconds {
      let train = try pretrained.predict(data.training, batchSize: s.evaluationBatch)
      let test = try pretrained.predict(data.test, batchSize: s.evaluationBatch)
      knnFeatures = try Self.knn(train, data.trainingLabels, test, data.testLabels, data.classes, s.knnK)
    }
    results["Pre-Conv + kNN"] = ImageRunResult(
      name: "Pre-Conv + kNN", accuracy: knnFeatures, topShares: nil, seconds: knnFeaturesTime,
      secondsPerEpoch: nil)
    progress?.advance(detail: "Pre-Conv + kNN")

    // NN-kNN on the frozen pretrained extractor, then jointly trained from scratch.
    let frozen = try Self.nnknn(data, setting: s, sampled: s.sampledCases[0], extractor: pretrained, trainable: false,
                                stream: stream.child("pre-conv + nn-knn"))
    results["Pre-Conv + NN-kNN"] = frozen.result(name: "Pre-Conv + NN-kNN")
    progress?.advance(detail: "Pre-Conv + NN-kNN")
    var joint: [NNkNNRun] = []
    for count in s.sampledCases {
      let name = "conv + nn-knn \(count)"
      var initial = stream.child(name).child("init").generator()
      let fresh = try Network(featureLayer, using: &initial)
      joint.append(
        try Self.nnknn(data, setting: s, sampled: count, extractor: fresh, trainable: true, stream: stream.child(name)))
      progress?.advance(detail: "Conv + NN-kNN \(count)")
    }
    self.results = zip(s.sampledCases, joint).map { $1.result(name: "Conv + NN-kNN \($0)") }
      + ["ConvNet", "kNN", "Pre-Conv + kNN", "Pre-Conv + NN-kNN"].compactMap { results[$0] }
    jointModel = joint[0].model
  }

  /// A trained NN-kNN and its test outcome.
  struct NNkNNRun {
    let model: NNkNNModel
    let accuracy: Double, topShares: [Double], seconds: Double, secondsPerEpoch: Double
    func result(name: String) -> ImageRunResult {
      ImageRunResult(name: name, accuracy: accuracy, topShares: topShares, seconds: seconds, secondsPerEpoch: secondsPerEpoch)
    }
  }

  /// NN-kNN (variant `code`, w = 1, `sampled` cases, B from the extractor's initial case features
  /// with k) trained with the code's large-data optimiser, scored on the test images.
  static func nnknn(_ data: ImageSplits, setting s: ImageSetting, sampled: Int, extractor: Network, trainable: Bool,
                    stream: SeedStream) throws -> NNkNNRun {
    try nnknn(training: data.training, labels: data.trainingLabels, test: data.test, testLabels: data.testLabels,
              classes: data.classes, weightings: 1, k: s.k, sampled: sampled, epochs: s.nnknnEpochs, batchSize: s.batchSize,
              evaluationBatch: s.evaluationBatch, extractor: extractor, trainable: trainable, stream: stream)
  }

  /// NN-kNN (variant `code`) over an extractor (NNKNN-21): B from the extractor's initial features
  /// of the training inputs with k, `epochs` epochs of the code's large-data optimiser, scored on
  /// the test inputs (each evaluation batch draws its own cases) with the top-3 shares (NNKNN-23).
  static func nnknn(training: Tensor, labels: [Int], test: Tensor, testLabels: [Int], classes: Int, weightings: Int, k: Int,
                    sampled: Int, epochs: Int, batchSize: Int, evaluationBatch: Int, extractor: Network, trainable: Bool,
                    stream: SeedStream) throws -> NNkNNRun {
    let start = DispatchTime.now().uptimeNanoseconds
    let initialFeatures = try extractor.predict(training, batchSize: evaluationBatch)
    let bias = try defaultBias(cases: initialFeatures, k: k)
    var configuration = NNkNNConfiguration.code(weightings: weightings, k: k)
    configuration.sampledCases = sampled
    let model = try NNkNNModel(
      configuration: configuration, cases: training, caseLabels: labels, classes: classes, defaultBias: bias,
      stream: stream, extractor: extractor, extractorTrainable: trainable, extractorBatchSize: evaluationBatch)
    var trainer = try NNkNNTrainer(model: model, settings: .codeLargeData(batchSize: batchSize))
    var shuffle = stream.child("shuffle").generator()
    let trainingStart = DispatchTime.now().uptimeNanoseconds
    for epoch in 1...max(epochs, 1) {
      _ = try trainer.trainEpoch(queries: training, labels: labels, epoch: epoch, using: &shuffle)
    }
    let perEpoch = Double(DispatchTime.now().uptimeNanoseconds - trainingStart) / 1e9 / Double(max(epochs, 1))
    var evaluation = stream.child("evaluation").generator()
    let scores = try trainer.model.classActivations(test, batchSize: evaluationBatch, using: &evaluation)
    let shares = try topClassShares(classActivations: scores, labels: testLabels, ranks: min(3, classes))
    return NNkNNRun(model: trainer.model, accuracy: shares[0], topShares: shares,
                    seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, secondsPerEpoch: perEpoch)
  }

  static func knn(_ train: Tensor, _ trainLabels: [Int], _ test: Tensor, _ testLabels: [Int], _ classes: Int, _ k: Int) throws
    -> Double
  {
    let classifier = try KNNClassifier(training: train, labels: trainLabels, classCount: classes, k: k)
    let predicted = try classifier.predict(test).map(\.label)
    return Double(zip(predicted, testLabels).filter { $0 == $1 }.count) / Double(max(testLabels.count, 1))
  }

  static func accuracy(logits: Tensor, labels: [Int]) -> Double {
    let c = logits.shape[1]
    var correct = 0
    for (row, label) in labels.enumerated() {
      var best = 0
      for k in 1..<max(c, 1) where logits.scalars[row * c + k] > logits.scalars[row * c + best] { best = k }
      if best == label { correct += 1 }
    }
    return Double(correct) / Double(max(labels.count, 1))
  }

  static func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
  }
}
