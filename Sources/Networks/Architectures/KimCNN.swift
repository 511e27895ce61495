import Autodiff
import Randomness
import Tensors

/// Kim (2014)'s convolutional sentence classifier (NET-76): an embedding, one Conv1d per filter
/// width over the token axis, ReLU, max over time, the pooled features side by side, dropout, then
/// fully connected layers with ReLU between them.
///
/// Input: token ids [B, T] (T at least the widest filter; padding tokens are convolved like any
/// other, their embedding being the zero padding row, as a torch model over a padded batch does).
/// Children, in torch's registration order and so its state_dict names: embedding
/// (Embedding(vocabulary, E, padding_idx)), convs (a ``LayerList``, torch's `nn.ModuleList`:
/// "convs.<i>" is Conv1d(E, filters, widths[i])), dropout, fc1 ... fc<n> (Linear layers through
/// `hiddenWidths` to the classes). Forward: e = embedding(ids) [B, T, E] -> [B, E, T];
/// p_i = max over time of relu(convs.i(e)) [B, filters]; features = [p_0, p_1, ...]
/// [B, filters * widths.count]; dropout; fc1, relu1, fc2, relu2, ..., fc<n>.
///
/// Taps, in recording order: "embedding", "convs.0", "convs.1", ... (the convolutions' outputs
/// before ReLU), "features", "dropout", "fc1", "relu1", ..., "fc<n>".
public struct KimCNN: LayerContainer {
  public let vocabulary: Int
  public let classes: Int
  public let widths: [Int]
  let embedding: Embedding, convs: LayerList, dropout: Dropout, fcs: [Linear]

  /// Errors: sizes below 1, no filter width, a dropout probability outside [0, 1), a padding index
  /// outside the vocabulary.
  public init(vocabulary: Int, embedding: Int, widths: [Int] = [3, 4, 5], filters: Int, dropout: Double, hiddenWidths: [Int] = [],
              classes: Int, paddingIndex: Int? = 0) throws(NetworkError) {
    guard !widths.isEmpty, filters >= 1 else {
      throw .invalidLayer(layer: "KimCNN", reason: "needs at least one filter width and one filter")
    }
    self.vocabulary = vocabulary
    self.classes = classes
    self.widths = widths
    self.embedding = try Embedding(vocabulary, embedding, paddingIndex: paddingIndex)
    self.convs = LayerList(try widths.map { k throws(NetworkError) in try Conv1d(embedding, filters, kernelSize: k) })
    self.dropout = try Dropout(dropout)
    let sizes = [filters * widths.count] + hiddenWidths + [classes]
    self.fcs = try (1..<sizes.count).map { i throws(NetworkError) in try Linear(sizes[i - 1], sizes[i]) }
  }

  /// Kim (2014)'s CNN-static/non-static configuration: widths 3, 4, 5 with 100 filters each,
  /// dropout 0.5, one fully connected layer; 300-d embeddings.
  public static func kim2014(vocabulary: Int, classes: Int, paddingIndex: Int? = 0) throws(NetworkError) -> KimCNN {
    try KimCNN(vocabulary: vocabulary, embedding: 300, filters: 100, dropout: 0.5, classes: classes, paddingIndex: paddingIndex)
  }

  /// Wallace, Feng & Boyd-Graber's DkNN CNN (dknn.md): 300-d embeddings, widths 3, 4, 5, dropout
  /// 0.4, three fully connected layers of 300 units; the number of filters per width is not
  /// stated, so Kim's 100 is taken.
  public static func wallaceDkNN(vocabulary: Int, classes: Int, paddingIndex: Int? = 0) throws(NetworkError) -> KimCNN {
    try KimCNN(vocabulary: vocabulary, embedding: 300, filters: 100, dropout: 0.4, hiddenWidths: [300, 300], classes: classes,
               paddingIndex: paddingIndex)
  }

  public var description: String { "KimCNN(\(embedding), widths \(widths), \(fcs.map(\.description).joined(separator: ", ")))" }

  public var namedChildren: [(name: String, layer: any Layer)] {
    var children: [(name: String, layer: any Layer)] = [("embedding", embedding), ("convs", convs), ("dropout", dropout)]
    for (i, fc) in fcs.enumerated() {
      if i > 0 { children.append(("relu\(i)", ReLU())) }
      children.append(("fc\(i + 1)", fc))
    }
    return children
  }

  public var tapNames: [String] {
    ["embedding"] + widths.indices.map { "convs.\($0)" } + ["features"] + namedChildren.dropFirst(2).map(\.name)
  }

  public func torchInitialParameters(
    dtype: TorchDType,
    using generator: inout TorchGenerator
  ) throws(NetworkError) -> [Parameter] {
    try torchParametersInChildOrder(namedChildren, dtype: dtype, using: &generator)
  }

  public func callAsFunction(_ x: Variable, context: ForwardContext) throws -> Variable {
    guard x.shape.count == 2 else { throw NetworkError.inputRank(layer: description, expected: 2, shape: x.shape) }
    let embedded = try context.apply(embedding, named: "embedding", to: x)
    let channels = try lift { () throws(TensorError) in try embedded.transposingLastAxes() }
    var pooled: [Variable] = []
    for (i, conv) in convs.layers.enumerated() {
      let y = try context.scoped("convs") { try context.apply(conv, named: "\(i)", to: channels) }
      pooled.append(try lift { () throws(TensorError) in try y.relu().maxOverTime() })
    }
    var y = pooled.count == 1 ? pooled[0] : try lift { () throws(TensorError) in try Variable.concatenate(pooled, axis: 1) }
    try context.recordTap("features", y)
    for child in namedChildren.dropFirst(2) { y = try context.apply(child.layer, named: child.name, to: y) }
    return y
  }
}

/// Children kept under their positions "0", "1", ..., without a forward pass of their own: torch's
/// `nn.ModuleList` (NET-76), for models that call the children themselves.
public struct LayerList: LayerContainer {
  public let layers: [any Layer]

  public init(_ layers: [any Layer]) { self.layers = layers }

  public var description: String { "LayerList(" + layers.map(\.description).joined(separator: ", ") + ")" }

  public var namedChildren: [(name: String, layer: any Layer)] { layers.enumerated().map { ("\($0.offset)", $0.element) } }

  public func torchInitialParameters(
    dtype: TorchDType,
    using generator: inout TorchGenerator
  ) throws(NetworkError) -> [Parameter] {
    try torchParametersInChildOrder(namedChildren, dtype: dtype, using: &generator)
  }

  /// A list has no forward pass (torch's ModuleList neither): always an error.
  public func callAsFunction(_ x: Variable, context: ForwardContext) throws -> Variable {
    throw NetworkError.invalidLayer(layer: description, reason: "a layer list has no forward pass; its owner calls the children")
  }
}
