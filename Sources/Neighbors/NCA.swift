import Autodiff
import Foundation
import Tensors

/// Neighbourhood components analysis (Goldberger, Roweis, Hinton and Salakhutdinov 2004), NBR-15;
/// the objective and its gradient agree with torch autograd (NBR-30).
///
/// For a linear map L [p, d] and points x_i [n, d] with labels y_i: z_i = L x_i,
/// p_ij = exp(-|z_i - z_j|^2) / sum_{l != i} exp(-|z_i - z_l|^2) for j != i, p_ii = 0 (self excluded),
/// p_i = sum_{j : y_j = y_i} p_ij, and the objective f(L) = sum_i p_i, the expected number of
/// points classified correctly by a stochastic 1-NN rule. Each row is a softmax of -D_i over
/// j != i, computed stably as in FOUND-28.
///
/// Training maximises f (minimises -f / n) with `minimise` (NBR-17). Defaults: L = identity [d, d],
/// 200 Adam steps, learning rate 0.01.
public enum NCA {
  public struct Configuration: Sendable {
    public var iterations = 200
    public var learningRate = 0.01
    /// L's initial value [p, d]; nil: the d x d identity.
    public var initialTransform: Tensor? = nil
    public init() {}
  }

  /// f(L) as a rank-0 Variable on L's tape (points and labels are constants).
  public static func objective(_ transform: Variable, points: Tensor, labels: [Int]) throws(TensorError) -> Variable {
    let x = transform.tape.variable(points, name: "points")
    let distances = try squaredDistances(try x.matmul(try transform.transposed()))
    return try expectedCorrect(distances, labels: labels)
  }

  /// f = sum_i sum_{j != i, y_j = y_i} p_ij from the distance matrix D [n, n] as one tape operation.
  /// Row i of p is the softmax of -D_ij over j != i, formed stably from m_i = min_{j != i} D_ij:
  /// p_ij = e^-(D_ij - m_i) / sum_{l != i} e^-(D_il - m_i). With p_i = sum_{same class} p_ij,
  /// df/dD_ij = -p_ij ([y_j = y_i] - p_i) for j != i and 0 on the diagonal (Goldberger et al.'s gradient).
  static func expectedCorrect(_ distances: Variable, labels: [Int]) throws(TensorError) -> Variable {
    let d = distances.value
    let n = d.shape[0]
    guard d.shape == [n, n], labels.count == n else {
      throw .shapeMismatch(operation: "NCA expectedCorrect", d.shape, [labels.count, labels.count])
    }
    var p = Tensor.zeros([n, n])
    var correct = [Double](repeating: 0, count: n)
    for i in 0..<n {
      var m = Double.infinity
      for j in 0..<n where j != i { m = Swift.min(m, d.scalars[i * n + j]) }
      var total = 0.0
      for j in 0..<n where j != i {
        p[flat: i * n + j] = Foundation.exp(-(d.scalars[i * n + j] - m))
        total += p.scalars[i * n + j]
      }
      for j in 0..<n where j != i {
        p[flat: i * n + j] /= total
        if labels[j] == labels[i] { correct[i] += p.scalars[i * n + j] }
      }
    }
    let f = correct.reduce(0, +)
    return distances.tape.record(Tensor(scalar: f), inputs: [distances], operation: "NCA expectedCorrect") { g in
      var dd = Tensor.zeros([n, n])
      for i in 0..<n {
        for j in 0..<n where j != i {
          let same: Double = labels[j] == labels[i] ? 1 : 0
          dd[flat: i * n + j] = -g.scalars[0] * p.scalars[i * n + j] * (same - correct[i])
        }
      }
      return [dd]
    }
  }

  /// Learns L on `points` [n, d] (n >= 2, finite) with labels >= 0.
  public static func fit(points: Tensor, labels: [Int],
                         configuration: Configuration = Configuration()) throws(NeighborsError) -> LearnedMetric {
    let (n, d) = try checkLabelled(points, labels)
    guard n >= 2 else { throw .invalidArgument(operation: "NCA", reason: "needs at least 2 points, got \(n)") }
    let initial = configuration.initialTransform ?? Tensor.identity(d)
    guard initial.rank == 2, initial.shape[1] == d else {
      throw .dimensionMismatch(argument: "initialTransform", expected: d, got: initial.shape.last ?? 0)
    }
    let fit = try minimise(initial, iterations: configuration.iterations, learningRate: configuration.learningRate) {
      (l: Variable) throws(TensorError) -> Variable in
      -(try objective(l, points: points, labels: labels)) / Double(n)
    }
    // Report f itself (not the minimised -f / n).
    return LearnedMetric(transform: fit.transform, history: fit.history.map { -$0 * Double(n) })
  }
}
