import Autodiff
import Tensors

/// Losses as plain functions of Variables (NET-11): Autodiff's operations (FOUND-29), with
/// errors converted to ``NetworkError``. Both use mean reduction, as PyTorch's defaults.
public enum Losses {
  /// torch's `F.cross_entropy(logits, labels)`: -(1/n) sum_i log softmax(logits_i)[labels_i]
  /// for logits [n, c] and labels in 0..<c.
  public static func crossEntropy(_ logits: Variable, labels: [Int]) throws(NetworkError) -> Variable {
    try lift { () throws(TensorError) in try logits.crossEntropy(labels: labels) }
  }

  /// torch's `F.mse_loss(predictions, targets)`: (1/N) sum (p - t)^2 over all N elements.
  public static func meanSquaredError(_ predictions: Variable, targets: Tensor) throws(NetworkError) -> Variable {
    try lift { () throws(TensorError) in try predictions.meanSquaredError(target: targets) }
  }
}

/// What the training loop minimises (NET-19): the loss of a mini-batch given the network's
/// outputs for it and the batch's row indices into the full data.
public enum Objective {
  /// Cross-entropy against one label per input row.
  case crossEntropy(labels: [Int])
  /// Mean squared error against target rows (shape [n, ...], row i for input row i).
  case meanSquaredError(targets: Tensor)
  /// Any scalar loss of the outputs and the batch's rows.
  case custom((_ outputs: Variable, _ rows: [Int]) throws -> Variable)

  /// Checks that the targets have one entry per input row.
  func validate(rows n: Int) throws(NetworkError) {
    switch self {
    case let .crossEntropy(labels): guard labels.count == n else { throw .targetCount(expected: n, got: labels.count) }
    case let .meanSquaredError(targets):
      guard targets.rank >= 1, targets.shape[0] == n else { throw .targetCount(expected: n, got: targets.shape.first ?? 0) }
    case .custom: break
    }
  }

  /// The loss of the batch `rows` whose outputs are `outputs`.
  func loss(_ outputs: Variable, rows: [Int]) throws -> Variable {
    switch self {
    case let .crossEntropy(labels): return try Losses.crossEntropy(outputs, labels: rows.map { labels[$0] })
    case let .meanSquaredError(targets):
      return try Losses.meanSquaredError(outputs, targets: try lift { () throws(TensorError) in try targets.rows(at: rows) })
    case let .custom(f): return try f(outputs, rows)
    }
  }
}
