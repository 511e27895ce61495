import Autodiff
import Networks
import Tensors

/// What the interpretations need of a text classifier (DKNN-20): any model that maps a sequence of
/// token ids to class logits, exposing the output of its embedding layer (one row per token) and
/// its DkNN layers. A BiLSTM, a Kim CNN or a bag of embeddings all fit.
public protocol TokenSequenceModel: Sendable {
  /// Number of classes C.
  var classCount: Int { get }
  /// The names of the DkNN layers, in order.
  var representationLayers: [String] { get }
  /// One evaluation-mode forward pass of `tokens` recorded on `tape`.
  func forward(_ tokens: [Int], on tape: Tape) throws -> TokenModelPass
}

/// One forward pass of a ``TokenSequenceModel`` (DKNN-20).
public struct TokenModelPass {
  /// The class logits, C values ([C] or [1, C]).
  public let logits: Variable
  /// The embedding layer's output: L rows of D values, row i the embedding of token i ([L, D] or [1, L, D]).
  public let embeddings: Variable
  /// One value per DkNN layer (any shape; flattened to one row).
  public let representations: [Tensor]

  public init(logits: Variable, embeddings: Variable, representations: [Tensor]) {
    self.logits = logits
    self.embeddings = embeddings
    self.representations = representations
  }
}

extension TokenSequenceModel {
  /// The logits of `tokens`, as C values (DKNN-20). Errors: a model output without C finite values.
  public func logits(_ tokens: [Int]) throws -> [Double] {
    try checkedLogits(forward(tokens, on: Tape()).logits.value)
  }

  func checkedLogits(_ t: Tensor) throws(DkNNError) -> [Double] {
    guard t.count == classCount else { throw .model("logits of shape \(t.shape), expected \(classCount) values") }
    guard t.isFinite else { throw .model("logits \(t.scalars) are not finite") }
    return t.scalars
  }

  /// The DkNN representations of each sequence, one row per sequence (DKNN-1).
  public func representations(_ sequences: [[Int]]) throws -> LayerRepresentations {
    var rows = [[Double]](repeating: [], count: representationLayers.count)
    var widths = [Int](repeating: -1, count: representationLayers.count)
    for tokens in sequences {
      let pass = try forward(tokens, on: Tape())
      guard pass.representations.count == representationLayers.count else {
        throw DkNNError.model("\(pass.representations.count) representations for layers \(representationLayers)")
      }
      for (l, value) in pass.representations.enumerated() {
        guard widths[l] < 0 || widths[l] == value.count else {
          throw DkNNError.representation(layer: representationLayers[l], reason: "width \(value.count) after \(widths[l])")
        }
        widths[l] = value.count
        rows[l] += value.scalars
      }
    }
    let matrices = try zip(rows, widths).map { scalars, width in
      try Tensor(shape: [sequences.count, Swift.max(width, 0)], scalars: scalars)
    }
    return try LayerRepresentations(layers: representationLayers, matrices: matrices)
  }
}

/// A ``Network`` as a ``TokenSequenceModel`` (DKNN-20): its output is the logits, `embeddingTap`
/// the embedding layer's output and `representationTaps` the DkNN layers (NET-32 taps). `encode`
/// turns token ids into the network's input (by default [1, L] holding the ids as doubles).
public struct NetworkTokenModel: TokenSequenceModel {
  public let network: Network
  public let classCount: Int
  public let embeddingTap: String
  public let representationLayers: [String]
  public let encode: @Sendable ([Int]) throws -> Tensor

  /// Errors: a tap the network does not have.
  public init(network: Network, classCount: Int, embeddingTap: String, representationTaps: [String],
              encode: @escaping @Sendable ([Int]) throws -> Tensor = NetworkTokenModel.rowOfIds) throws {
    try network.validateTaps([embeddingTap] + representationTaps)
    self.network = network
    self.classCount = classCount
    self.embeddingTap = embeddingTap
    self.representationLayers = representationTaps
    self.encode = encode
  }

  /// The ids as one row [1, L] of doubles.
  public static let rowOfIds: @Sendable ([Int]) throws -> Tensor = { ids in
    try Tensor(shape: [1, ids.count], scalars: ids.map(Double.init))
  }

  public func forward(_ tokens: [Int], on tape: Tape) throws -> TokenModelPass {
    let context = network.context(tape: tape, mode: .evaluation)
    context.requestTaps([embeddingTap] + representationLayers)
    let logits = try network(tape.variable(try encode(tokens), name: "input"), context: context)
    let taps = context.tapValues
    guard let embeddings = taps[embeddingTap] else { throw DkNNError.model("the pass did not record the tap '\(embeddingTap)'") }
    let representations = try representationLayers.map { name in
      guard let value = taps[name] else { throw DkNNError.model("the pass did not record the tap '\(name)'") }
      return value.value
    }
    return TokenModelPass(logits: logits, embeddings: embeddings, representations: representations)
  }
}
