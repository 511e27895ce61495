import Autodiff
import Foundation
import Tensors

/// A learned linear map L [p, d] (NCA, LMNN): points x are compared as L x (NBR-15, NBR-16), so the
/// squared Euclidean distance after the map is (x - y)^T L^T L (x - y).
public struct LearnedMetric: Sendable {
  /// L, shape [p, d].
  public let transform: Tensor
  /// The objective before each optimiser step, then after the last one (iterations + 1 values).
  public let history: [Double]

  /// The mapped points X L^T, [n, p], for X [n, d].
  public func apply(_ points: Tensor) throws(NeighborsError) -> Tensor {
    _ = try Check.points(points, "points", columns: transform.shape[1])
    do { return try points.matmul(try transform.transposed()) } catch { throw .tensor(error) }
  }
}

/// The optimiser of the metric-learning baselines (NBR-17): Adam with PyTorch's update,
/// m = b1 m + (1 - b1) g, v = b2 v + (1 - b2) g^2, p -= lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps),
/// b1 = 0.9, b2 = 0.999, eps = 1e-8, full batch. Kept internal and behind `minimise` so that the
/// Networks module's optimisers can replace it without touching the objectives.
struct MetricLearningAdam {
  let learningRate: Double
  let beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8
  var m: [Double], v: [Double]
  var t = 0

  init(count: Int, learningRate: Double) {
    self.learningRate = learningRate
    m = [Double](repeating: 0, count: count)
    v = [Double](repeating: 0, count: count)
  }

  mutating func step(_ parameter: inout Tensor, gradient: Tensor) {
    t += 1
    let (c1, c2) = (1 - Foundation.pow(beta1, Double(t)), 1 - Foundation.pow(beta2, Double(t)))
    for i in 0..<m.count {
      let g = gradient.scalars[i]
      m[i] = beta1 * m[i] + (1 - beta1) * g
      v[i] = beta2 * v[i] + (1 - beta2) * g * g
      parameter.scalars[i] -= learningRate * (m[i] / c1) / (Foundation.sqrt(v[i] / c2) + epsilon)
    }
  }
}

/// Minimises `loss(L)` from `initial` by `iterations` Adam steps (NBR-17) and returns the final L
/// with the loss history. A non-finite loss stops training with an error rather than a silent NaN.
func minimise(_ initial: Tensor, iterations: Int, learningRate: Double,
              _ loss: (Variable) throws(TensorError) -> Variable) throws(NeighborsError) -> LearnedMetric {
  guard iterations >= 0, learningRate.isFinite, learningRate > 0 else {
    throw .invalidArgument(operation: "minimise", reason: "iterations \(iterations) >= 0 and learning rate \(learningRate) > 0 required")
  }
  var parameter = initial
  var adam = MetricLearningAdam(count: initial.count, learningRate: learningRate)
  var history: [Double] = []
  for step in 0...iterations {
    let tape = Tape()
    let variable = tape.variable(parameter)
    let gradient: Tensor
    do {
      let value = try loss(variable)
      let scalar = value.value.scalars[0]
      guard scalar.isFinite else {
        throw NeighborsError.invalidArgument(operation: "minimise", reason: "loss \(scalar) at step \(step)")
      }
      history.append(scalar)
      if step == iterations { break }
      gradient = try tape.gradients(of: value, withRespectTo: variable)[0]
    } catch let error as NeighborsError {
      throw error
    } catch let error as TensorError {
      throw .tensor(error)
    } catch {
      throw .invalidArgument(operation: "minimise", reason: "\(error)")
    }
    adam.step(&parameter, gradient: gradient)
  }
  return LearnedMetric(transform: parameter, history: history)
}

/// Checks points [n, d] and labels for the metric-learning baselines; returns (n, d).
func checkLabelled(_ points: Tensor, _ labels: [Int]) throws(NeighborsError) -> (Int, Int) {
  let (n, d) = try Check.points(points, "points")
  guard n > 0 else { throw .emptyTrainingSet }
  guard labels.count == n else { throw .labelCount(expected: n, got: labels.count) }
  for (i, label) in labels.enumerated() where label < 0 {
    throw .labelOutOfRange(index: i, label: label, classes: (labels.max() ?? 0) + 1)
  }
  return (n, d)
}
