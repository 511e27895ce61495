import Autodiff
import Randomness
import Tensors

/// An embedding, a (bidirectional) LSTM and a two-layer classifier on the final hidden states
/// (NET-75): Wallace et al.'s DkNN text model (``wallaceDkNN(vocabulary:classes:paddingIndex:)``)
/// and seed 000's NN-kNN text model (``nnKNN(vocabulary:classes:paddingIndex:)``) are two
/// configurations of it.
///
/// Input: token ids [B, T] (whole numbers, held as doubles). Each sequence's length is T minus its
/// run of trailing `paddingIndex` tokens (``sequenceLengths(_:paddingIndex:)``); the LSTM runs
/// over those lengths as packed sequences do. Children, in torch's registration order and so its
/// state_dict names: embedding (Embedding(vocabulary, embedding, padding_idx)), lstm
/// (LSTM(embedding, hidden, layers, dropout between layers, bidirectional)), dropout, fc1
/// (Linear(directions hidden, classifierHidden)), relu, fc2 (Linear(classifierHidden, classes)).
/// Forward: features = the last layer's final hidden states [B, directions hidden] (forward and
/// backward side by side: `torch.cat([h_n[-2], h_n[-1]], 1)`), then dropout, fc1, relu, fc2.
///
/// Taps (NET-32), in recording order: "embedding" [B, T, E], "lstm.layer<l>" and "lstm.final<l>"
/// per LSTM layer, "lstm" (the output sequence), "features" (the representation NN-kNN and DkNN
/// use), "dropout", "fc1", "relu", "fc2".
public struct BiLSTMClassifier: LayerContainer {
  public let vocabulary: Int
  public let classes: Int
  public let paddingIndex: Int?
  let embedding: Embedding, lstm: LSTM, dropout: Dropout, fc1: Linear, fc2: Linear

  /// Errors: sizes below 1, probabilities outside [0, 1), a padding index outside the vocabulary.
  public init(vocabulary: Int, embedding: Int, hidden: Int, layers: Int = 1, bidirectional: Bool = true, dropout: Double = 0,
              classifierHidden: Int, classes: Int, paddingIndex: Int? = 0, kernel: KernelChoice = .fast) throws(NetworkError) {
    self.vocabulary = vocabulary
    self.classes = classes
    self.paddingIndex = paddingIndex
    self.embedding = try Embedding(vocabulary, embedding, paddingIndex: paddingIndex)
    self.lstm = try LSTM(
      inputSize: embedding, hiddenSize: hidden, layers: layers, dropout: dropout, bidirectional: bidirectional, kernel: kernel)
    self.dropout = try Dropout(dropout)
    self.fc1 = try Linear(hidden * (bidirectional ? 2 : 1), classifierHidden)
    self.fc2 = try Linear(classifierHidden, classes)
  }

  /// Wallace, Feng & Boyd-Graber's DkNN model (dknn.md): 300-d embeddings, a 3-layer BiLSTM of
  /// 300 units with dropout 0.4, the final hidden states, then two fully connected layers (the
  /// first 300 wide: its width is not stated, so it is taken equal to the LSTM's).
  public static func wallaceDkNN(vocabulary: Int, classes: Int, paddingIndex: Int? = 0) throws(NetworkError) -> BiLSTMClassifier {
    try BiLSTMClassifier(
      vocabulary: vocabulary, embedding: 300, hidden: 300, layers: 3, dropout: 0.4, classifierHidden: 300, classes: classes,
      paddingIndex: paddingIndex)
  }

  /// Seed 000's text model (NN-kNN on SST): an embedding (300-d assumed: the paper gives no
  /// width), a one-layer BiLSTM of 128 units giving the 256-d feature, dropout 0.5, fc 64, ReLU
  /// (the activation between the two layers is not stated), fc to the classes.
  public static func nnKNN(vocabulary: Int, classes: Int, paddingIndex: Int? = 0) throws(NetworkError) -> BiLSTMClassifier {
    try BiLSTMClassifier(
      vocabulary: vocabulary, embedding: 300, hidden: 128, layers: 1, dropout: 0.5, classifierHidden: 64, classes: classes,
      paddingIndex: paddingIndex)
  }

  /// The representation tap: the final hidden states.
  public static let featureTap = "features"

  public var description: String { "BiLSTMClassifier(\(embedding), \(lstm), \(fc1), \(fc2))" }

  public var namedChildren: [(name: String, layer: any Layer)] {
    [("embedding", embedding), ("lstm", lstm), ("dropout", dropout), ("fc1", fc1), ("relu", ReLU()), ("fc2", fc2)]
  }

  public var tapNames: [String] {
    ["embedding"] + lstm.tapNames.map { "lstm.\($0)" } + ["lstm", "features", "dropout", "fc1", "relu", "fc2"]
  }

  /// Children in registration order, each as torch constructs it (NET-102).
  public func torchInitialParameters(
    dtype: TorchDType,
    using generator: inout TorchGenerator
  ) throws(NetworkError) -> [Parameter] {
    try torchParametersInChildOrder(namedChildren, dtype: dtype, using: &generator)
  }

  public func callAsFunction(_ x: Variable, context: ForwardContext) throws -> Variable {
    let features = try BiLSTMFeatures.features(x, embedding: embedding, lstm: lstm, paddingIndex: paddingIndex, context: context)
    var y = try context.apply(dropout, named: "dropout", to: features)
    y = try context.apply(fc1, named: "fc1", to: y)
    y = try context.apply(ReLU(), named: "relu", to: y)
    return try context.apply(fc2, named: "fc2", to: y)
  }
}

/// The length of each row of token ids [B, T] (NET-72): T minus the row's run of trailing
/// `paddingIndex` tokens (a padding id inside a sentence is an ordinary token there); every row is
/// full length without a padding index. Errors: ids not of rank 2, a row of padding only (torch
/// refuses empty sequences).
public func sequenceLengths(_ ids: Tensor, paddingIndex: Int?) throws(NetworkError) -> [Int] {
  guard ids.rank == 2 else { throw .inputRank(layer: "token ids", expected: 2, shape: ids.shape) }
  let (b, t) = (ids.shape[0], ids.shape[1])
  guard let pad = paddingIndex.map({ Double($0) }) else { return [Int](repeating: t, count: b) }
  return try (0..<b).map { row throws(NetworkError) in
    var length = t
    while length > 0 && ids.scalars[row * t + length - 1] == pad { length -= 1 }
    guard length > 0 else {
      throw .invalidLayer(layer: "token ids", reason: "sequence \(row) holds only padding (\(pad)); sequences need a token")
    }
    return length
  }
}

/// The parameters of `children` as torch constructs them, one child after another, each prefixed
/// by its name (NET-102): right for modules whose `__init__` builds children in registration order.
func torchParametersInChildOrder(_ children: [(name: String, layer: any Layer)], dtype: TorchDType,
                                 using generator: inout TorchGenerator) throws(NetworkError) -> [Parameter] {
  var result: [Parameter] = []
  for child in children {
    for p in try child.layer.torchInitialParameters(dtype: dtype, using: &generator) {
      result.append(Parameter(name: "\(child.name).\(p.name)", value: p.value))
    }
  }
  return result
}
