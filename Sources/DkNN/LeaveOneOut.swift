import Autodiff
import Foundation
import Tensors

/// A word-importance interpretation of one token sequence (DKNN-21 ... DKNN-24): the class it
/// explains, the score of that class on the whole input, and one raw score per token.
/// Sign convention of every method here (the authors' code): a negative score means the token
/// supports the prediction (removing it lowers the score; or, for the gradient, scaling it up
/// lowers the loss). The paper's importance g is the negated score.
public struct Attribution: Sendable, Equatable {
  public let prediction: Int
  public let original: Double
  public let scores: [Double]

  public init(prediction: Int, original: Double, scores: [Double]) {
    self.prediction = prediction
    self.original = original
    self.scores = scores
  }
}

/// Leave-one-out interpretations (DKNN-21 ... DKNN-23).
public enum LeaveOneOut {
  /// The sequences x_{-i}, i = 0..<L: token i deleted, the others kept in order, no placeholder
  /// token (DKNN-21). Errors: fewer than two tokens (a removal would leave nothing to classify).
  public static func removals(_ tokens: [Int]) throws(DkNNError) -> [[Int]] {
    guard tokens.count >= 2 else { throw .tokens("\(tokens.count) token(s): leave-one-out needs at least 2") }
    return tokens.indices.map { i in Array(tokens[..<i] + tokens[(i + 1)...]) }
  }

  /// Conformity leave-one-out (DKNN-22): y = the DkNN majority prediction on the whole input;
  /// score_i = conformity(x_{-i}, y) - conformity(x, y) (DKNN-10, uncalibrated).
  public static func conformity(_ model: some TokenSequenceModel, index: DkNNIndex, pooling: NeighborPooling,
                                tokens: [Int]) throws -> Attribution {
    let sequences = [tokens] + (try removals(tokens))
    let neighbors = try index.neighbors(try model.representations(sequences))
    let votes = (0..<sequences.count).map {
      ConformityVote(neighbors, query: $0, labels: index.labels, classes: index.classes, pooling: pooling)
    }
    let y = votes[0].label
    let original = votes[0].conformity(y)
    return Attribution(prediction: y, original: original, scores: votes.dropFirst().map { $0.conformity(y) - original })
  }

  /// Confidence leave-one-out (DKNN-23): y = argmax of the softmax on the whole input (ties: the
  /// lowest class); score_i = softmax(f(x_{-i}))_y - softmax(f(x))_y.
  public static func confidence(_ model: some TokenSequenceModel, tokens: [Int]) throws -> Attribution {
    let sequences = [tokens] + (try removals(tokens))
    let probabilities = try sequences.map { softmax(try model.logits($0)) }
    let y = argmax(probabilities[0])
    let original = probabilities[0][y]
    return Attribution(prediction: y, original: original, scores: probabilities.dropFirst().map { $0[y] - original })
  }

  /// Softmax of one row: exp of Autodiff's stable log-softmax (FOUND-28), as the softmax operation computes it.
  static func softmax(_ logits: [Double]) -> [Double] {
    LogSoftmax.forward(Tensor(logits), rows: 1, width: logits.count).scalars.map(Foundation.exp)
  }

  /// The first index of the largest value (ties: the lowest index, FOUND-4).
  static func argmax(_ values: [Double]) -> Int {
    var best = 0
    for (i, v) in values.enumerated() where v > values[best] { best = i }
    return best
  }
}

/// Gradient x embedding (DKNN-24): y = the softmax prediction; loss = cross-entropy of the logits
/// against y; score_i = sum_d dloss/de_{i,d} e_{i,d}, e_i the embedding-layer output of token i.
/// This is the first-order change of the loss when the one-hot input of word i is scaled, as the
/// authors' `get_onehot_grad` computes it.
public enum GradientAttribution {
  public static func scores(_ model: some TokenSequenceModel, tokens: [Int]) throws -> Attribution {
    guard !tokens.isEmpty else { throw DkNNError.tokens("an empty sequence") }
    let tape = Tape()
    let pass = try model.forward(tokens, on: tape)
    let logits = try model.checkedLogits(pass.logits.value)
    let y = LeaveOneOut.argmax(logits)
    let row = try pass.logits.reshaped([1, model.classCount])
    let loss = try row.crossEntropy(labels: [y])
    let embeddings = pass.embeddings.value
    // Rows past the L tokens are padding the model's encoder appended (DKNN-20, e.g. up to a CNN's
    // widest filter): they are no word of the sentence and get no score.
    let width = embeddings.shape.last ?? 0
    guard width > 0, embeddings.count % width == 0, embeddings.count / width >= tokens.count else {
      throw DkNNError.model("embeddings of shape \(embeddings.shape) for \(tokens.count) tokens")
    }
    let gradient = try tape.gradients(of: loss, withRespectTo: pass.embeddings)[0]
    let scores = (0..<tokens.count).map { i in
      var s = 0.0
      for d in 0..<width { s += gradient.scalars[i * width + d] * embeddings.scalars[i * width + d] }
      return s
    }
    let probabilities = LeaveOneOut.softmax(logits)
    return Attribution(prediction: y, original: probabilities[y], scores: scores)
  }
}
