import Datasets
import Neighbors
import Networks
import Randomness
import Tensors

/// What one EBE-DNN experiment measures besides the backbone (EBE-10, EBE-12).
public struct EBESettings: Sendable, Equatable {
  /// The k of the layer sweep and of the layer choice (the paper's recommendation).
  public var k: Int = 10
  /// The k of the k sweep.
  public var kValues: [Int] = [1, 3, 5, 10, 20, 50]
  /// Training examples held out for the layer choice (EBE-9).
  public var validationCount: Int
  public var reduction: EmbeddingReduction = .flatten
  public var selection: EmbeddingTaps.Selection = .blockOutputs
  public var tieRule: TieRule = .lowestClass
  /// Training rows embedded and merged at a time (EBE-7), and rows per forward pass.
  public var blockSize: Int = 1000
  public var batchSize: Int = 100
  /// The neighbours figure (EBE-14): queries and neighbours shown per tap.
  public var figureQueries: Int = 6
  public var figureNeighbours: Int = 8

  public init(validationCount: Int) { self.validationCount = validationCount }

  /// The largest k any result needs.
  var kMax: Int { ([k, figureNeighbours] + kValues).max()! }
}

/// Where the backbone comes from (EBE-8, EBE-11).
public enum BackboneSource: Sendable {
  case train(BackboneConfiguration)
  case loaded(LoadedBackbone)
}

/// Accuracy of one way of predicting the test set, with its per-example correctness (EBE-10).
public struct Accuracy: Sendable, Equatable {
  public let correct: Int
  public let count: Int
  public var value: Double { count == 0 ? 0 : Double(correct) / Double(count) }
  /// The sample standard deviation of the 0/1 correctness (n - 1 denominator).
  public var std: Double {
    guard count > 1 else { return 0 }
    let p = value
    return (Double(count) * p * (1 - p) / Double(count - 1)).squareRoot()
  }

  public init(predictions: [Int], labels: [Int]) {
    correct = zip(predictions, labels).filter { $0 == $1 }.count
    count = Swift.min(predictions.count, labels.count)
  }
}

/// The results at one tap (EBE-10).
public struct TapResult: Sendable {
  public let tap: String
  /// Embedding width d.
  public let dimension: Int
  /// Test accuracy for each k of the settings (k <= training count).
  public let testAccuracy: [Int: Accuracy]
  /// Mean concentration (EBE-6) over the test queries for each k.
  public let meanConcentration: [Int: Double]
  /// Validation accuracy at the settings' k (EBE-9).
  public let validationAccuracy: Accuracy
}

/// One query of the neighbours figure and its neighbours at each figure tap (EBE-14).
public struct FigureQuery: Sendable {
  /// Index into the test set used.
  public let testIndex: Int
  public let label: Int
  /// Per figure tap: the first neighbours (training indices into the data set's training split)
  /// and the EBE prediction at k.
  public let neighbours: [String: [Int]]
  public let predictions: [String: Int]
}

/// Everything one data set's run produced; all four tables read it (REPRO-60 ... REPRO-63).
public struct EBERun: Sendable {
  public let dataSet: String
  public let classNames: [String]
  public let backbone: String
  /// How the backbone was trained (nil when it was loaded).
  public let trainedWith: BackboneConfiguration?
  public let source: String
  public let trainingCount: Int
  public let validationCount: Int
  public let testCount: Int
  public let losses: [Double]
  /// Wall clock of the backbone's training (or loading) and of the embedding and neighbour sweep.
  public let trainingSeconds: Double
  public let sweepSeconds: Double
  /// The same in processor time of all threads (Stopwatch), which other processes' load does not inflate.
  public let trainingProcessorSeconds: Double
  public let sweepProcessorSeconds: Double
  public let backboneTest: Accuracy
  public let backboneValidation: Accuracy
  /// In the backbone's recording order (EBE-3).
  public let taps: [TapResult]
  /// Cosine kNN on the pixels / 255 (no backbone), for context.
  public let pixels: TapResult
  public let chosenTap: String
  public let bestTap: String
  public let figureTaps: [String]
  public let figure: [FigureQuery]
  /// Training examples (training split rows, after the validation split) and test examples, raw
  /// bytes, for the figure's images.
  public let trainingImages: Dataset
  public let testImages: Dataset
  public let settings: EBESettings

  public func tap(_ name: String) -> TapResult? { taps.first { $0.tap == name } }
}

/// The EBE-DNN experiment on one data set (EBE-7 ... EBE-10, EBE-14).
///
/// 1. Hold `validationCount` training examples out (EBE-9); the backbone is trained on the rest
///    (or loaded), which are also the examples the neighbours come from.
/// 2. Embed the test and validation images at every candidate tap (EBE-3, EBE-4).
/// 3. Embed the training examples block by block and merge each block's exact cosine neighbours
///    into every query's first kMax (EBE-7), for every tap and for the pixels.
/// 4. For each tap and k: predictions and explanations from the first k neighbours (EBE-5,
///    EBE-6); test accuracy and concentration; validation accuracy at k; the backbone's own
///    accuracy from the fc tap's logits.
/// 5. The chosen tap (validation) and the best tap in hindsight (test), EBE-9.
/// The test labels enter step 4's test accuracies only: the choice sees validation labels alone.
public enum EBEExperiment {
  public static func run(training: Dataset, test: Dataset, normalization: ImageNormalization, backbone source: BackboneSource,
                         settings: EBESettings, stream: SeedStream, source description: String = "",
                         progress: ((String, Int, Int) -> Void)? = nil) throws -> EBERun {
    let split = try LayerChoice.split(
      count: training.count, validationCount: settings.validationCount, stream: stream.child("validation"))
    let trainingPart = try subset(training, split.training)
    let validationPart = try subset(training, split.validation)
    let classes = training.classCount
    // 1. The backbone.
    let trainingClock = Stopwatch()
    let network: Network, losses: [Double], backboneText: String
    switch source {
    case let .train(configuration):
      let images = try normalization.images(trainingPart)
      let batches = (images.shape[0] + configuration.batchSize - 1) / configuration.batchSize
      let result = try Backbone.train(
        configuration, images: images, labels: trainingPart.labels, classes: classes, stream: stream.child("backbone")
      ) { p in
        progress?("training the backbone", p.epoch * batches + p.batch + 1, p.epochs * batches)
      }
      (network, losses, backboneText) = (result.network, result.history.losses, configuration.description)
    case let .loaded(loaded):
      let channels = training.sampleShape.count == 2 ? 1 : training.sampleShape[0]
      if let resnet = loaded.network.layer as? ResNet, resnet.inputChannels != channels || resnet.classes != classes {
        throw EBEDNNError.backboneFile(
          path: loaded.path,
          reason:
            """
              a backbone for \(resnet.inputChannels) channels and \(resnet.classes) classes cannot serve \(training.name) \
              (\(channels) channels, \(classes) classes)
              """
        )
      }
      (network, losses, backboneText) = (loaded.network, [], "\(loaded.network.layer.description) loaded from \(loaded.path)")
    }
    let (trainingSeconds, trainingProcessorSeconds) = (trainingClock.wallSeconds, trainingClock.processorSeconds)
    let sweepClock = Stopwatch()
    let taps = EmbeddingTaps.candidates(of: network, selection: settings.selection)
    guard taps.last == "fc" else { throw EBEDNNError.invalidConfiguration("the backbone has no fc tap (its logits)") }
    // 2. Queries: test rows first, then validation rows.
    let (testImages, validationImages) = (try normalization.images(test), try normalization.images(validationPart))
    let queryImages = try liftTensor { () throws(TensorError) in try Tensor.concatenateRows([testImages, validationImages]) }
    let queryEmbeddings = try EmbeddingTaps.embed(
      network, inputs: queryImages, taps: taps, reduction: settings.reduction, batchSize: settings.batchSize)
    let pixelQueries = try liftTensor { () throws(TensorError) in
      try Tensor.concatenateRows([scaledPixels(test.features), scaledPixels(validationPart.features)])
    }
    // 3. The training set, block by block.
    let kMax = Swift.min(settings.kMax, trainingPart.count)
    var running: [String: BlockwiseNeighbours] = [:]
    for tap in taps { running[tap] = try BlockwiseNeighbours(queries: queryEmbeddings[tap]!, k: kMax) }
    var pixelRunning = try BlockwiseNeighbours(queries: pixelQueries, k: kMax)
    var start = 0
    while start < trainingPart.count {
      let end = Swift.min(trainingPart.count, start + settings.blockSize)
      let block = try subset(trainingPart, Array(start..<end))
      let embeddings = try EmbeddingTaps.embed(
        network, inputs: try normalization.images(block), taps: taps, reduction: settings.reduction,
        batchSize: settings.batchSize)
      for tap in taps { try running[tap]!.add(block: embeddings[tap]!) }
      try pixelRunning.add(block: scaledPixels(block.features))
      progress?("embedding and searching the training set", end, trainingPart.count)
      start = end
    }
    // 4. Accuracies and concentrations.
    let m = test.count
    let labels = trainingPart.labels
    func result(_ tap: String, _ lists: [[Neighbor]], dimension: Int) -> TapResult {
      var accuracy: [Int: Accuracy] = [:], concentration: [Int: Double] = [:]
      for k in settings.kValues where k <= kMax {
        let explanations = lists[0..<m].map {
          EBEExplanation(neighbours: Array($0.prefix(k)), labels: labels, classCount: classes, tieRule: settings.tieRule)
        }
        accuracy[k] = Accuracy(predictions: explanations.map(\.prediction), labels: test.labels)
        concentration[k] = Double(explanations.reduce(0) { $0 + $1.concentration }) / Double(Swift.max(m, 1))
      }
      let k = Swift.min(settings.k, kMax)
      let validation = lists[m...].map {
        EBEExplanation(neighbours: Array($0.prefix(k)), labels: labels, classCount: classes, tieRule: settings.tieRule).prediction
      }
      return TapResult(tap: tap, dimension: dimension, testAccuracy: accuracy, meanConcentration: concentration,
                       validationAccuracy: Accuracy(predictions: validation, labels: validationPart.labels))
    }
    let tapResults = taps.map { result($0, running[$0]!.lists, dimension: queryEmbeddings[$0]!.shape[1]) }
    let pixelResult = result("pixels", pixelRunning.lists, dimension: pixelQueries.shape[1])
    let logits = queryEmbeddings["fc"]!
    let backbonePredictions = Backbone.predictions(logits: logits)
    // 5. The choice (validation only) and the best tap in hindsight (test).
    let k = Swift.min(settings.k, kMax)
    let chosen = try LayerChoice.choose(
      taps: taps, validationAccuracy: Dictionary(uniqueKeysWithValues: tapResults.map { ($0.tap, $0.validationAccuracy.value) }))
    let best = try LayerChoice.best(
      taps: taps,
      accuracy: Dictionary(uniqueKeysWithValues: tapResults.compactMap { r in r.testAccuracy[k].map { (r.tap, $0.value) } }))
    let figureTaps = self.figureTaps(taps)
    let figure = figureQueries(
      lists: running.mapValues(\.lists), figureTaps: figureTaps, test: test, labels: labels, classes: classes, settings: settings,
      k: k)
    var trainedWith: BackboneConfiguration?
    if case let .train(configuration) = source { trainedWith = configuration }
    return EBERun(
      dataSet: training.name.replacingOccurrences(of: " train", with: ""), classNames: training.classNames,
      backbone: backboneText,
      trainedWith: trainedWith, source: description, trainingCount: trainingPart.count, validationCount: validationPart.count,
      testCount: m, losses: losses,
      trainingSeconds: trainingSeconds, sweepSeconds: sweepClock.wallSeconds,
      trainingProcessorSeconds: trainingProcessorSeconds, sweepProcessorSeconds: sweepClock.processorSeconds,
      backboneTest: Accuracy(predictions: Array(backbonePredictions[0..<m]), labels: test.labels),
      backboneValidation: Accuracy(predictions: Array(backbonePredictions[m...]), labels: validationPart.labels),
      taps: tapResults, pixels: pixelResult, chosenTap: chosen, bestTap: best, figureTaps: figureTaps, figure: figure,
      trainingImages: trainingPart, testImages: test, settings: settings)
  }

  /// The figure's three taps (EBE-14): the first candidate (early), avgpool (late; the last
  /// embedding before the logits, else the last tap), and the candidate halfway between (middle).
  public static func figureTaps(_ taps: [String]) -> [String] {
    let late = taps.firstIndex(of: "avgpool") ?? taps.count - 1
    return [taps[0], taps[late / 2], taps[late]]
  }

  /// The figure's queries (EBE-14): the first test examples, and the first ones the middle tap
  /// gets wrong (up to a third of the queries), in test order.
  static func figureQueries(lists: [String: [[Neighbor]]], figureTaps: [String], test: Dataset, labels: [Int], classes: Int,
                            settings: EBESettings, k: Int) -> [FigureQuery] {
    let count = Swift.min(settings.figureQueries, test.count)
    guard count > 0 else { return [] }
    func prediction(_ tap: String, _ q: Int) -> Int {
      EBEExplanation(neighbours: Array(lists[tap]![q].prefix(k)), labels: labels, classCount: classes, tieRule: settings.tieRule)
        .prediction
    }
    let middle = figureTaps[1]
    let wrong = (0..<test.count).filter { prediction(middle, $0) != test.labels[$0] }.prefix(count / 3)
    let first = (0..<test.count).filter { !wrong.contains($0) }.prefix(count - wrong.count)
    return (Array(first) + wrong).sorted().map { q in
      FigureQuery(testIndex: q, label: test.labels[q],
        neighbours: Dictionary(
          uniqueKeysWithValues: figureTaps.map { ($0, lists[$0]![q].prefix(settings.figureNeighbours).map(\.index)) }),
        predictions: Dictionary(uniqueKeysWithValues: figureTaps.map { ($0, prediction($0, q)) }))
    }
  }

  /// The rows `indices` of a data set.
  static func subset(_ data: Dataset, _ indices: [Int]) throws -> Dataset {
    try Dataset(name: data.name, features: try liftTensor { () throws(TensorError) in try data.features.rows(at: indices) },
                labels: indices.map { data.labels[$0] }, classNames: data.classNames, sampleShape: data.sampleShape)
  }

  /// Raw bytes / 255: the pixel baseline's embedding.
  static func scaledPixels(_ features: Tensor) -> Tensor {
    var t = features
    for i in t.scalars.indices { t[flat: i] /= 255 }
    return t
  }
}
