import Autodiff
import Networks
import Tensors

/// The fast gradient sign method (DKNN-30), as cleverhans' `FastGradientMethod` with the L-infinity
/// norm: x_adv = clip(x + eps sign(grad_x loss(f(x), y)), low, high), loss the cross-entropy of
/// the logits against y, sign(0) = 0 (as `tf.sign`), the clip elementwise to the valid pixel range.
/// With `labels` nil, y is the model's own prediction on x (argmax of the logits, ties to the
/// lowest class), which is how the DkNN script calls it (cleverhans' guard against label leaking;
/// on a tie in the logits cleverhans would spread the label over the tied classes).
///
/// The gradient flows through Autodiff (evaluation mode: no dropout, running statistics). Rows are
/// attacked `batchSize` at a time with the batch's mean loss, whose gradient for row r is that of
/// row r's own loss divided by the batch size, so the signs are those of each row's own gradient.
public enum FGSM {
  /// The adversarial version of every row of `inputs` [n, ...]. Errors: eps not finite or
  /// negative, bounds not finite and ordered, labels not one per row in 0..<classes, a model output
  /// that is not [rows, classes].
  public static func perturb(_ network: Network, inputs: Tensor, labels: [Int]? = nil, epsilon: Double,
                             bounds: ClosedRange<Double> = 0...1, batchSize: Int = 500) throws -> Tensor {
    guard epsilon.isFinite, epsilon >= 0 else { throw DkNNError.invalidArgument("epsilon = \(epsilon): must be finite and >= 0") }
    guard bounds.lowerBound.isFinite, bounds.upperBound.isFinite else {
      throw DkNNError.invalidArgument("bounds \(bounds) must be finite")
    }
    guard batchSize >= 1 else { throw DkNNError.invalidArgument("batchSize = \(batchSize): must be >= 1") }
    guard inputs.rank >= 1, inputs.shape[0] >= 1 else {
      throw DkNNError.invalidArgument("inputs of shape \(inputs.shape) have no rows")
    }
    let n = inputs.shape[0]
    if let labels, labels.count != n {
      throw DkNNError.labels(argument: "labels", reason: "\(labels.count) labels for \(n) rows")
    }
    var adversarial = inputs
    let width = inputs.count / n
    for start in stride(from: 0, to: n, by: batchSize) {
      let rows = start..<Swift.min(n, start + batchSize)
      let tape = Tape()
      let x = tape.variable(try inputs.rows(rows), name: "input")
      let logits = try network(x, context: network.context(tape: tape, mode: .evaluation))
      guard logits.value.rank == 2, logits.value.shape[0] == rows.count else {
        throw DkNNError.model("logits of shape \(logits.value.shape) for \(rows.count) rows")
      }
      let classes = logits.value.shape[1]
      let targets = try labels.map { all in
        let part = Array(all[rows])
        try DkNNCheck.labels(part, count: rows.count, classes: classes, argument: "labels")
        return part
      } ?? (0..<rows.count).map { r in LeaveOneOut.argmax(Array(logits.value.scalars[(r * classes)..<((r + 1) * classes)])) }
      let loss = try logits.crossEntropy(labels: targets)
      let gradient = try tape.gradients(of: loss, withRespectTo: x)[0]
      for (i, g) in gradient.scalars.enumerated() {
        let flat = start * width + i
        adversarial[flat: flat] = step(inputs.scalars[flat], gradient: g, epsilon: epsilon, bounds: bounds)
      }
    }
    return adversarial
  }

  /// One coordinate: clip(x + eps sign(g), low, high), sign(0) = 0 (DKNN-30).
  @inlinable
  public static func step(_ x: Double, gradient g: Double, epsilon: Double, bounds: ClosedRange<Double>) -> Double {
    let sign: Double = g > 0 ? 1 : (g < 0 ? -1 : 0)
    return Swift.min(bounds.upperBound, Swift.max(bounds.lowerBound, x + epsilon * sign))
  }
}
