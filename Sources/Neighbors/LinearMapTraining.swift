import Autodiff
import Foundation
import Tensors
import UpdateRules

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

/// Minimises `loss(L)` from `initial` by `iterations` full-batch Adam steps and returns the final L
/// with the loss history (NBR-17). The step is UpdateRules' ``AdamRule`` with torch's defaults
/// (betas 0.9 and 0.999, eps 1e-8, torch 2.x's lerp), the one Adam of the project (NET-120), so a
/// step here equals a step of Networks' `Adam` on the same gradient bit for bit. A non-finite loss
/// or gradient stops training with an error rather than a silent NaN.
func minimise(_ initial: Tensor, iterations: Int, learningRate: Double,
              _ loss: (Variable) throws(TensorError) -> Variable) throws(NeighborsError) -> LearnedMetric {
  guard iterations >= 0, learningRate.isFinite, learningRate > 0 else {
    throw .invalidArgument(operation: "minimise",
                           reason: "iterations \(iterations) >= 0 and learning rate \(learningRate) > 0 required")
  }
  var parameter = initial
  let adam = AdamRule()
  var moments = AdamMoments(count: initial.count)
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
      guard gradient.isFinite else {
        throw NeighborsError.invalidArgument(operation: "minimise", reason: "non-finite gradient at step \(step)")
      }
    } catch let error as NeighborsError {
      throw error
    } catch let error as TensorError {
      throw .tensor(error)
    } catch {
      throw .invalidArgument(operation: "minimise", reason: "\(error)")
    }
    parameter.withUnsafeMutableScalars { p in
      adam.update(p, &moments, gradient: gradient.scalars, learningRate: learningRate, weightDecay: 0)
    }
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
