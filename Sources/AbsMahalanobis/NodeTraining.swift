/// Full-batch SGD with momentum on one ``SingleNode`` (ABS-14).
///
/// Step t = 1 ... T: compute the loss L_t and gradient at the current parameters (ABS-13), record
/// L_t, then update every parameter p with PyTorch's SGD rule (NET-13, no weight decay, no
/// dampening, no Nesterov): buf = g on the first step, buf = buf * momentum + 1 * g afterwards,
/// p = p + (-lr) * buf. The recorded L_t is thus the loss before update t, as PyTorch's loop
/// records `loss.item()`; the final loss is L_T, the loss of the last forward pass, which the
/// author's tables use. A non-finite loss stops with ``AbsMahalanobisError/nonFiniteLoss(model:step:value:)``.
public struct NodeTrainer: Sendable, Equatable {
  public var learningRate: Double
  public var momentum: Double
  public var steps: Int

  public init(learningRate: Double, momentum: Double, steps: Int) {
    self.learningRate = learningRate
    self.momentum = momentum
    self.steps = steps
  }

  /// What training produced: the loss of each step and the final parameters.
  public struct Trajectory: Sendable, Equatable {
    public var losses: [Double]
    public var final: SingleNode
    /// L_T: the loss of the last recorded step.
    public var finalLoss: Double { losses.last ?? .nan }
  }

  /// Trains `node` on `points` [n, d] row-major with `targets` [n]; `model` only names the
  /// model in errors.
  public func train(_ node: SingleNode, points: [Double], targets: [Double],
                    model: Int = 0) throws(AbsMahalanobisError) -> Trajectory {
    guard points.count == targets.count * node.weight.count, !targets.isEmpty else {
      throw .dimensionMismatch(what: "points (n * d)", expected: targets.count * node.weight.count, got: points.count)
    }
    var current = node
    var losses: [Double] = []
    losses.reserveCapacity(steps)
    var bufferWeight = [Double](repeating: 0, count: node.weight.count)
    var bufferBias = 0.0
    for step in 0..<steps {
      let (loss, gradientWeight, gradientBias) = current.lossAndGradient(points: points, targets: targets)
      guard loss.isFinite else { throw .nonFiniteLoss(model: model, step: step, value: loss) }
      losses.append(loss)
      let first = step == 0
      for j in 0..<current.weight.count {
        var g = gradientWeight[j]
        if momentum != 0 {
          bufferWeight[j] = first ? g : bufferWeight[j] * momentum + (1 - 0.0) * g
          g = bufferWeight[j]
        }
        current.weight[j] = current.weight[j] + (-learningRate) * g
      }
      var g = gradientBias
      if momentum != 0 {
        bufferBias = first ? g : bufferBias * momentum + (1 - 0.0) * g
        g = bufferBias
      }
      current.bias = current.bias + (-learningRate) * g
    }
    return Trajectory(losses: losses, final: current)
  }
}
