import Foundation
import Tensors

/// Losses with mean reduction (FOUND-29), as PyTorch's defaults.
extension Variable {
  /// Cross-entropy from logits [n, c] with integer labels in 0..<c:
  /// L = -(1/n) sum_i log softmax(x_i)[y_i].  VJP: dx_i = g (softmax(x_i) - onehot(y_i)) / n.
  ///
  /// Errors: rank other than 2, n = 0, c = 0, a label count other than n, a label outside 0..<c.
  public func crossEntropy(labels: [Int]) throws(TensorError) -> Variable {
    guard shape.count == 2 else { throw .rank(operation: "crossEntropy", expected: "2 ([n, classes])", shape: shape) }
    let (n, c) = (shape[0], shape[1])
    guard n > 0, c > 0 else { throw .empty(operation: "crossEntropy", shape: shape) }
    guard labels.count == n else { throw .shapeMismatch(operation: "crossEntropy labels", shape, [labels.count]) }
    for label in labels where label < 0 || label >= c {
      throw .indexOutOfRange(operation: "crossEntropy label", index: label, extent: c)
    }
    let logProbabilities = LogSoftmax.forward(value, rows: n, width: c)
    var total = 0.0
    for i in 0..<n { total -= logProbabilities.scalars[i * c + labels[i]] }
    return tape.record(Tensor(scalar: total / Double(n)), inputs: [self], operation: "crossEntropy") { g in
      let scale = g.scalars[0] / Double(n)
      var dx = logProbabilities.map { Foundation.exp($0) * scale }
      for i in 0..<n { dx[flat: i * c + labels[i]] -= scale }
      return [dx]
    }
  }

  /// Mean squared error against a constant target of the same shape:
  /// L = (1/N) sum (x - t)^2.  VJP: dx = g 2 (x - t) / N.
  public func meanSquaredError(target: Tensor) throws(TensorError) -> Variable {
    guard target.shape == shape else { throw .shapeMismatch(operation: "meanSquaredError", shape, target.shape) }
    guard value.count > 0 else { throw .empty(operation: "meanSquaredError", shape: shape) }
    let difference = try value - target
    let n = Double(value.count)
    let loss = difference.scalars.reduce(0) { $0 + $1 * $1 } / n
    return tape.record(Tensor(scalar: loss), inputs: [self], operation: "meanSquaredError") { g in
      [difference * (2 * g.scalars[0] / n)]
    }
  }
}
