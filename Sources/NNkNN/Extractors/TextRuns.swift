import Datasets
import Dispatch
import Evaluation
import Networks
import Randomness
import Tensors

/// The protocol of seed 000's text experiments as run here (NNKNN-26). The paper gives the model
/// (embedding, a BiLSTM giving a 256-d feature, dropout 0.5, fc 64, fc C), w = 4, k = 5 and 500
/// sampled cases; the authors' code the learning rates (NNKNN-11). Widths of the embedding, epochs,
/// batch, the BiLSTM's learning rate and the kNN's k are our choices.
public struct TextSetting: Sendable, Equatable {
  public var trainingLimit: Int?, testLimit: Int?
  /// Sentences are cut or padded to this many tokens (padding id 0 at the end).
  public var maximumLength: Int
  public var embedding: Int, hidden: Int, classifierHidden: Int
  public var classifierEpochs: Int, classifierLearningRate: Double
  public var nnknnEpochs: Int, batchSize: Int
  public var sampledCases: Int, weightings: Int, k: Int, knnK: Int
  public var evaluationBatch: Int

  /// Paper scale: the paper's widths (300-d embedding assumed, 128 units each way), 10 epochs each.
  public static let paper = TextSetting(trainingLimit: nil, testLimit: nil, maximumLength: 60, embedding: 300, hidden: 128,
                                        classifierHidden: 64, classifierEpochs: 10, classifierLearningRate: 1e-3, nnknnEpochs: 10,
                                        batchSize: 100, sampledCases: 500, weightings: 4, k: 5, knnK: 5, evaluationBatch: 100)

  /// Default: 2,000 training and 500 test sentences, embedding 16, 16 units each way, 20 epochs;
  /// smoke: 300 and 100 sentences, 8 and 4 units, 1 epoch, 50 cases.
  public static func of(_ scale: Scale) -> TextSetting {
    var s = paper
    switch scale {
    case .paper: break
    case .default:
      s.trainingLimit = 2_000; s.testLimit = 500; s.maximumLength = 20; s.embedding = 16; s.hidden = 16; s.classifierHidden = 16
      s.classifierEpochs = 20; s.nnknnEpochs = 20
    case .smoke:
      s.trainingLimit = 300; s.testLimit = 100; s.maximumLength = 12; s.embedding = 8; s.hidden = 4; s.classifierHidden = 8
      s.classifierEpochs = 1; s.nnknnEpochs = 1; s.sampledCases = 50
    }
    return s
  }

  var description: String {
    """
    embedding \(embedding), BiLSTM \(hidden) units each way (feature \(2 * hidden)), dropout 0.5, fc \(classifierHidden); \
    sentences cut to \(maximumLength) tokens; BiLSTM \(classifierEpochs) epochs, Adam lr \(classifierLearningRate), batch \
    \(batchSize); NN-kNN \(nnknnEpochs) epochs, batch \(batchSize), the code's groups (1e-4 / 1e-3 / 1e-4, weight decay \
    1e-5, clip 0.5), w = \(weightings), k = \(k), \(sampledCases) sampled cases, variant `code`; kNN k = \(knnK)
    """
  }
}

/// Token-id rows [n, T] of a training and a test corpus over the training corpus's vocabulary
/// (DATA-15 tokens; unknown words are `<unk>`; an empty sentence becomes one `<unk>`).
public struct TokenSplits: Sendable {
  public let training: Tensor, trainingLabels: [Int]
  public let test: Tensor, testLabels: [Int]
  public let classes: Int
  public let vocabulary: Vocabulary
  public let trainingSentences: [String], testSentences: [String]

  public init(trainingCorpus: TextCorpus, testCorpus: TextCorpus, maximumLength: Int) throws {
    let trainTokens = trainingCorpus.sentences.map(Tokenizer.tokens)
    let vocabulary = try Vocabulary(sentences: trainTokens)
    self.vocabulary = vocabulary
    func rows(_ sentences: [[String]]) throws -> Tensor {
      let ids = sentences.flatMap { tokens -> [Int] in
        let encoded = vocabulary.encode(tokens, length: maximumLength)
        return encoded.first == Vocabulary.padID ? [Vocabulary.unknownID] + encoded.dropFirst() : encoded
      }
      return try Tensor(shape: [sentences.count, maximumLength], scalars: ids.map(Double.init))
    }
    training = try rows(trainTokens)
    test = try rows(testCorpus.sentences.map(Tokenizer.tokens))
    trainingLabels = trainingCorpus.labels
    testLabels = testCorpus.labels
    classes = trainingCorpus.classNames.count
    trainingSentences = trainingCorpus.sentences
    testSentences = testCorpus.sentences
  }
}

/// Seed 000's four text configurations (NNKNN-26), in Table 4's order: Bi-LSTM; PreBi-LSTM + kNN;
/// PreBi-LSTM + NN-kNN (the trained classifier's embedding and BiLSTM, frozen); Bi-LSTM + NN-kNN
/// (a fresh embedding and BiLSTM trained jointly from scratch).
public struct TextRuns: Sendable {
  public let results: [ImageRunResult]
  /// The jointly trained model (for the explanations of Table 5).
  public let jointModel: NNkNNModel

  public init(_ data: TokenSplits, setting s: TextSetting, stream: SeedStream, progress: Progress? = nil) throws {
    let classifierLayer = try BiLSTMClassifier(vocabulary: data.vocabulary.count, embedding: s.embedding, hidden: s.hidden,
                                               dropout: 0.5, classifierHidden: s.classifierHidden, classes: data.classes)
    var initial = stream.child("bilstm").child("init").generator()
    var classifier = try Network(classifierLayer, using: &initial)
    let classifierTime = try ImageRuns.seconds {
      var optimizer = try Adam(learningRate: s.classifierLearningRate)
      var shuffle = stream.child("bilstm").child("shuffle").generator()
      _ = try Trainer(epochs: s.classifierEpochs, batchSize: s.batchSize)
        .fit(&classifier, inputs: data.training, objective: .crossEntropy(labels: data.trainingLabels), optimizer: &optimizer,
             random: &shuffle)
    }
    let logits = try classifier.predict(data.test, batchSize: s.evaluationBatch)
    var results = [
      ImageRunResult(
        name: "Bi-LSTM", accuracy: ImageRuns.accuracy(logits: logits, labels: data.testLabels), topShares: nil,
        seconds: classifierTime, secondsPerEpoch: classifierTime / Double(max(s.classifierEpochs, 1)))
    ]
    progress?.advance(detail: "Bi-LSTM")
    let pretrained = try classifier.restricted(to: classifierLayer.featureExtractor)
    var knnAccuracy = 0.0
    let knnTime = try ImageRuns.seconds {
      let train = try pretrained.predict(data.training, batchSize: s.evaluationBatch)
      let test = try pretrained.predict(data.test, batchSize: s.evaluationBatch)
      knnAccuracy = try ImageRuns.knn(train, data.trainingLabels, test, data.testLabels, data.classes, s.knnK)
    }
    results.append(
      ImageRunResult(name: "PreBi-LSTM + kNN", accuracy: knnAccuracy, topShares: nil, seconds: knnTime, secondsPerEpoch: nil))
    progress?.advance(detail: "PreBi-LSTM + kNN")
    func nnknn(_ extractor: Network, trainable: Bool, name: String) throws -> ImageRuns.NNkNNRun {
      try ImageRuns.nnknn(training: data.training, labels: data.trainingLabels, test: data.test, testLabels: data.testLabels,
                          classes: data.classes, weightings: s.weightings, k: s.k, sampled: s.sampledCases, epochs: s.nnknnEpochs,
                          batchSize: s.batchSize, evaluationBatch: s.evaluationBatch, extractor: extractor, trainable: trainable,
                          stream: stream.child(name))
    }
    results.append(try nnknn(pretrained, trainable: false, name: "prebilstm + nn-knn").result(name: "PreBi-LSTM + NN-kNN"))
    progress?.advance(detail: "PreBi-LSTM + NN-kNN")
    var fresh = stream.child("bilstm + nn-knn").child("init").generator()
    let joint = try nnknn(try Network(classifierLayer.featureExtractor, using: &fresh), trainable: true, name: "bilstm + nn-knn")
    results.append(joint.result(name: "Bi-LSTM + NN-kNN"))
    progress?.advance(detail: "Bi-LSTM + NN-kNN")
    self.results = results
    jointModel = joint.model
  }
}
