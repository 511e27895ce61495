import Foundation
import Tensors

/// Softmax and log-softmax along the last axis (FOUND-28), computed stably by subtracting the
/// row maximum: lse(x) = m + ln sum_j e^(x_j - m) with m = max_j x_j, so no e^(large) is formed.
///
/// Shape: any rank >= 1; each run of the last axis ("row") is normalised on its own.
extension Variable {
  /// The number of rows (runs of the last axis) and their width; throws unless the last axis
  /// exists and is non-empty.
  private func rows(_ operation: String) throws(TensorError) -> (count: Int, width: Int) {
    guard let width = shape.last else { throw .rank(operation: operation, expected: ">= 1", shape: shape) }
    guard width > 0 else { throw .empty(operation: operation, shape: shape) }
    return (value.count / width, width)
  }

  /// y_i = x_i - lse(x) per row.  VJP: dx_i = g_i - softmax_i * sum_j g_j.
  public func logSoftmax() throws(TensorError) -> Variable {
    let (count, width) = try rows("logSoftmax")
    let y = LogSoftmax.forward(value, rows: count, width: width)
    return tape.record(y, inputs: [self], operation: "logSoftmax") { g throws(TensorError) in
      var dx = g
      for r in 0..<count {
        let base = r * width
        var total = 0.0
        for j in 0..<width { total += g.scalars[base + j] }
        for j in 0..<width { dx[flat: base + j] -= Foundation.exp(y.scalars[base + j]) * total }
      }
      return [dx]
    }
  }

  /// y_i = e^(x_i - lse(x)) per row.  VJP: dx_i = y_i (g_i - sum_j g_j y_j).
  public func softmax() throws(TensorError) -> Variable {
    let (count, width) = try rows("softmax")
    let y = LogSoftmax.forward(value, rows: count, width: width).map(Foundation.exp)
    return tape.record(y, inputs: [self], operation: "softmax") { g throws(TensorError) in
      var dx = g
      for r in 0..<count {
        let base = r * width
        var inner = 0.0
        for j in 0..<width { inner += g.scalars[base + j] * y.scalars[base + j] }
        for j in 0..<width { dx[flat: base + j] = y.scalars[base + j] * (g.scalars[base + j] - inner) }
      }
      return [dx]
    }
  }
}

/// The tape-free stable log-softmax, shared by the operations above, the losses and the closed-form
/// network of Abs-node Experiment 2.
public enum LogSoftmax {
  /// Row-wise x - lse(x) for `rows` rows of `width` (FOUND-28); `x` holds rows * width values.
  public static func forward(_ x: Tensor, rows: Int, width: Int) -> Tensor {
    // Same count as x by construction, so the shape check cannot fail.
    (try? Tensor(shape: x.shape, scalars: forward(x.scalars, rows: rows, width: width))) ?? x
  }

  /// The same on a flat row-major array of rows * width values.
  public static func forward(_ x: [Double], rows: Int, width: Int) -> [Double] {
    precondition(x.count == rows * width, "LogSoftmax: \(x.count) values for \(rows) rows of \(width)")
    var y = x
    for r in 0..<rows {
      let base = r * width
      var m = -Double.infinity
      for j in 0..<width { m = Swift.max(m, x[base + j]) }
      var total = 0.0
      for j in 0..<width { total += Foundation.exp(x[base + j] - m) }
      let lse = m + Foundation.log(total)
      for j in 0..<width { y[base + j] = x[base + j] - lse }
    }
    return y
  }
}
