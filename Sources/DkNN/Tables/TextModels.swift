import Datasets
import Dispatch
import Evaluation
import Networks
import Randomness
import Tensors

/// The two text classifiers of seed 004 (DKNN-41): a BiLSTM on the final hidden states and a Kim CNN.
public enum TextModelKind: String, Sendable, CaseIterable {
  case bilstm = "BiLSTM"
  case cnn = "CNN"
}

/// The sizes and training of a text classifier at one scale (DKNN-41). `width` is the LSTM's
/// units and every fully connected layer's width; `filters` the CNN's filters per width (3, 4, 5).
public struct TextModelSizes: Sendable, Equatable {
  public var embedding: Int
  public var width: Int
  public var lstmLayers: Int
  public var filters: Int
  public var dropout: Double
  public var epochs: Int
  public var batchSize: Int
  public var learningRate: Double

  public init(embedding: Int, width: Int, lstmLayers: Int, filters: Int, dropout: Double, epochs: Int, batchSize: Int,
              learningRate: Double) {
    (self.embedding, self.width, self.lstmLayers, self.filters) = (embedding, width, lstmLayers, filters)
    (self.dropout, self.epochs, self.batchSize, self.learningRate) = (dropout, epochs, batchSize, learningRate)
  }

  /// The authors' models (dknn.md): 300-d embeddings, 300 units, a 3-layer BiLSTM, 100 filters per
  /// width (Kim's; the paper does not say), dropout 0.4, batch 128, Adam (lr 1e-3, PyTorch's
  /// default: the paper gives none), 10 epochs (their 10 to 20, the lower end).
  public static let paper = TextModelSizes(embedding: 300, width: 300, lstmLayers: 3, filters: 100, dropout: 0.4, epochs: 10,
                                           batchSize: 128, learningRate: 1e-3)
  /// Default scale: the same architectures, narrower, so that a table runs in minutes on two cores.
  public static let standard = TextModelSizes(embedding: 24, width: 24, lstmLayers: 2, filters: 12, dropout: 0.2, epochs: 4,
                                              batchSize: 32, learningRate: 5e-3)
  /// Smoke scale: seconds.
  public static let smoke = TextModelSizes(embedding: 8, width: 8, lstmLayers: 1, filters: 4, dropout: 0, epochs: 2,
                                           batchSize: 32, learningRate: 1e-2)

  public static func forScale(_ scale: Scale) -> TextModelSizes {
    switch scale {
    case .paper: return .paper
    case .default: return .standard
    case .smoke: return .smoke
    }
  }

  /// One line for a table's notes.
  public func describe(_ kind: TextModelKind) -> String {
    let body = switch kind {
    case .bilstm: "\(lstmLayers)-layer BiLSTM of \(width) units (final hidden states), fc \(width), ReLU, fc to the classes"
      case .cnn:
        """
          Kim CNN with \(filters) filters of widths 3, 4, 5, max over time, fc \(width), ReLU, fc \(width), ReLU, fc to the \
          classes
          """
    }
    return
      """
        \(kind.rawValue): \(embedding)-d embeddings, \(body); dropout \(dropout); \(epochs) epochs, batch \(batchSize), Adam lr \
        \(learningRate)
        """
  }
}

/// A trained text classifier as the interpretations see it (DKNN-41).
public struct TrainedTextModel: Sendable {
  public let kind: TextModelKind
  public let model: NetworkTokenModel
  public let losses: [Double]
  public let seconds: Double
}

/// Building and training the text classifiers of the tables (DKNN-41).
public enum TextClassifiers {
  /// The network of `kind`: ``BiLSTMClassifier`` (padding id 0 trimmed from the end) or
  /// ``KimCNN`` with hidden widths [width, width] (three fully connected layers, as the paper).
  public static func layer(_ kind: TextModelKind, sizes: TextModelSizes, vocabulary: Int, classes: Int) throws(NetworkError)
    -> any Layer
  {
    switch kind {
    case .bilstm:
      return try BiLSTMClassifier(
        vocabulary: vocabulary, embedding: sizes.embedding, hidden: sizes.width, layers: sizes.lstmLayers,
        dropout: sizes.dropout, classifierHidden: sizes.width, classes: classes, paddingIndex: Vocabulary.padID)
    case .cnn:
      return try KimCNN(vocabulary: vocabulary, embedding: sizes.embedding, filters: sizes.filters, dropout: sizes.dropout,
                        hiddenWidths: [sizes.width, sizes.width], classes: classes, paddingIndex: Vocabulary.padID)
    }
  }

  /// The DkNN layers (seed 004): the BiLSTM's final hidden states of each recurrent layer and its
  /// two fully connected layers (after the ReLU, and the logits); the CNN's pooled convolution
  /// features and its three fully connected layers (after each ReLU, and the logits).
  public static func representationTaps(_ kind: TextModelKind, sizes: TextModelSizes) -> [String] {
    switch kind {
    case .bilstm: return (0..<sizes.lstmLayers).map { "lstm.final\($0)" } + ["relu", "fc2"]
    case .cnn: return ["features", "relu1", "relu2", "fc3"]
    }
  }

  /// The shortest input the model takes: the CNN's widest filter (5), 1 for the BiLSTM.
  public static func minimumLength(_ kind: TextModelKind) -> Int { kind == .cnn ? 5 : 1 }

  /// Token ids as the network's input [1, max(L, minimum)]: a sequence shorter than `minimum` is
  /// followed by padding ids (0), as it would be in a padded batch (DKNN-41).
  public static func encoder(minimum: Int) -> @Sendable ([Int]) throws -> Tensor {
    { ids in
      let padded = ids + [Int](repeating: Vocabulary.padID, count: Swift.max(0, minimum - ids.count))
      return try Tensor(shape: [1, padded.count], scalars: padded.map(Double.init))
    }
  }

  /// The training inputs: every sequence padded at the end with id 0 to the longest one (at least
  /// `minimum`), one row each [n, T].
  public static func paddedBatch(_ sequences: [[Int]], minimum: Int) throws -> Tensor {
    let t = Swift.max(minimum, sequences.map(\.count).max() ?? 0)
    var scalars: [Double] = []
    scalars.reserveCapacity(sequences.count * t)
    for s in sequences { scalars += s.map(Double.init) + [Double](repeating: Double(Vocabulary.padID), count: t - s.count) }
    return try Tensor(shape: [sequences.count, t], scalars: scalars)
  }

  /// Trains a classifier of `kind` on encoded sequences (DKNN-41): PyTorch's default
  /// initialisation drawn from `stream.child("init")`, the embedding matrix replaced by
  /// `embeddings` when given (GloVe, fine-tuned as the paper) with the padding row kept zero,
  /// cross-entropy, Adam, shuffled batches (``Trainer``; shuffles and dropout from
  /// `stream.child("train")`). Errors: an embedding matrix of another shape, a sequence with no
  /// token, anything training throws.
  public static func train(_ kind: TextModelKind, sizes: TextModelSizes, vocabulary: Int, classes: Int, sequences: [[Int]],
                           labels: [Int], embeddings: Tensor? = nil, stream: SeedStream,
                           onBatch: ((BatchProgress) -> Void)? = nil) throws -> TrainedTextModel {
    let start = DispatchTime.now().uptimeNanoseconds
    guard !sequences.contains(where: \.isEmpty) else { throw DkNNError.tokens("a training sentence with no token") }
    var initGenerator = stream.child("init").generator()
    var network = try Network(try layer(kind, sizes: sizes, vocabulary: vocabulary, classes: classes), using: &initGenerator)
    if var matrix = embeddings {
      guard matrix.shape == [vocabulary, sizes.embedding] else {
        throw DkNNError.invalidArgument(
          "embedding matrix of shape \(matrix.shape), the model needs [\(vocabulary), \(sizes.embedding)]")
      }
      for d in 0..<sizes.embedding { matrix[flat: Vocabulary.padID * sizes.embedding + d] = 0 }
      try network.parameters.setValue(matrix, for: "embedding.weight")
    }
    let inputs = try paddedBatch(sequences, minimum: minimumLength(kind))
    var optimizer = try Adam(learningRate: sizes.learningRate)
    var random = stream.child("train").generator()
    let history = try Trainer(epochs: sizes.epochs, batchSize: sizes.batchSize)
      .fit(
        &network, inputs: inputs, objective: .crossEntropy(labels: labels), optimizer: &optimizer, random: &random,
        onBatch: onBatch)
    let model = try NetworkTokenModel(network: network, classCount: classes, embeddingTap: "embedding",
                                      representationTaps: representationTaps(kind, sizes: sizes),
                                      encode: encoder(minimum: minimumLength(kind)))
    return TrainedTextModel(kind: kind, model: model, losses: history.losses,
                            seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
  }
}
