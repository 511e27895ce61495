import Autodiff
import Randomness
import Tensors

/// The feature part of ``BiLSTMClassifier`` (NET-123): its embedding and (bidirectional) LSTM,
/// giving the last layer's final hidden states [B, directions hidden] (the tap "features"): seed
/// 000's text feature extractor for NN-kNN and kNN ("the layers of the Bi-LSTM baseline model up to
/// the dropout component"). Children `embedding` and `lstm` carry the classifier's names, so a
/// trained classifier's values transfer by name (``Network/restricted(to:)``).
/// Input: token ids [B, T] held as doubles; lengths by NET-72. No dropout after the features (a one-layer LSTM
/// has none; a deeper one drops out between layers in training mode).
public struct BiLSTMFeatures: LayerContainer {
  public let paddingIndex: Int?
  let embedding: Embedding, lstm: LSTM

  init(embedding: Embedding, lstm: LSTM, paddingIndex: Int?) {
    self.embedding = embedding
    self.lstm = lstm
    self.paddingIndex = paddingIndex
  }

  /// The width of the features: directions x hidden.
  public var width: Int { lstm.directions * lstm.hiddenSize }

  public var description: String { "BiLSTMFeatures(\(embedding), \(lstm))" }

  public var namedChildren: [(name: String, layer: any Layer)] { [("embedding", embedding), ("lstm", lstm)] }

  public var tapNames: [String] { ["embedding"] + lstm.tapNames.map { "lstm.\($0)" } + ["lstm", "features"] }

  public func torchInitialParameters(
    dtype: TorchDType,
    using generator: inout TorchGenerator
  ) throws(NetworkError) -> [Parameter] {
    try torchParametersInChildOrder(namedChildren, dtype: dtype, using: &generator)
  }

  public func callAsFunction(_ x: Variable, context: ForwardContext) throws -> Variable {
    try Self.features(x, embedding: embedding, lstm: lstm, paddingIndex: paddingIndex, context: context)
  }

  /// Embedding, LSTM over each row's length, final hidden states of the last layer side by side
  /// (`torch.cat([h_n[-2], h_n[-1]], 1)`), recorded as the tap "features".
  static func features(_ x: Variable, embedding: Embedding, lstm: LSTM, paddingIndex: Int?, context: ForwardContext) throws
    -> Variable
  {
    let lengths = try sequenceLengths(x.value, paddingIndex: paddingIndex)
    let embedded = try context.apply(embedding, named: "embedding", to: x)
    let result = try context.scoped("lstm") { try lstm.run(embedded, lengths: lengths, context: context) }
    try context.recordTap("lstm", result.output)
    let last = Array(result.finalHidden.suffix(lstm.directions))
    let features = last.count == 1 ? last[0] : try lift { () throws(TensorError) in try Variable.concatenate(last, axis: 1) }
    try context.recordTap("features", features)
    return features
  }
}

extension BiLSTMClassifier {
  /// The classifier's feature extractor: its embedding and LSTM, same names (NET-123).
  public var featureExtractor: BiLSTMFeatures { BiLSTMFeatures(embedding: embedding, lstm: lstm, paddingIndex: paddingIndex) }
}
