import Autodiff
import Tensors

/// Large-margin nearest neighbour (Weinberger and Saul 2009), NBR-16.
///
/// Target neighbours T(i): the k nearest points of the same class as i in the input space
/// (squared Euclidean, i excluded, ties to the lower index; NBR-5), fixed before training. With
/// D_ij = |L x_i - L x_j|^2 the loss is
///   eps(L) = (1 - mu) sum_i sum_{j in T(i)} D_ij
///          + mu sum_i sum_{j in T(i)} sum_{l : y_l != y_i} [margin + D_ij - D_il]_+,
/// pull on target neighbours, hinge push on impostors. [u]_+ = relu(u), derivative 0 at u = 0
/// (FOUND-24). Defaults (Weinberger and Saul's): k = 3, mu = 0.5, margin = 1; L = identity [d, d],
/// 200 Adam steps (NBR-17), learning rate 0.01. The margin is in squared-distance units of the
/// data: standardise features first.
public enum LMNN {
  public struct Configuration: Sendable {
    public var targetNeighbors = 3
    public var mu = 0.5
    public var margin = 1.0
    public var iterations = 200
    public var learningRate = 0.01
    /// L's initial value [p, d]; nil: the d x d identity.
    public var initialTransform: Tensor? = nil
    public init() {}
  }

  /// T(i) for every point: k same-class neighbours in (squared distance, index) order.
  public static func targetNeighbors(points: Tensor, labels: [Int], k: Int) throws(NeighborsError) -> [[Int]] {
    let (n, _) = try checkLabelled(points, labels)
    guard k >= 1 else { throw .invalidK(k: k, candidates: n - 1) }
    var members: [Int: Int] = [:]
    for label in labels { members[label, default: 0] += 1 }
    for (label, count) in members.sorted(by: { $0.key < $1.key }) where count < k + 1 {
      throw .classTooSmall(label: label, members: count, needed: k + 1)
    }
    let d = try PairwiseDistances.naive(points, points, metric: .squaredEuclidean)
    return (0..<n).map { i in
      var best = TopK<Neighbor>(k: k)
      for j in 0..<n where j != i && labels[j] == labels[i] { best.offer(Neighbor(index: j, distance: d.scalars[i * n + j])) }
      return best.sorted().map(\.index)
    }
  }

  /// eps(L) as a rank-0 Variable on L's tape, for fixed target neighbours.
  public static func objective(_ transform: Variable, points: Tensor, labels: [Int], targets: [[Int]],
                               mu: Double = 0.5, margin: Double = 1) throws(TensorError) -> Variable {
    let x = transform.tape.variable(points, name: "points")
    let distances = try squaredDistances(try x.matmul(try transform.transposed()))
    let terms = try pullAndPush(distances, labels: labels, targets: targets, margin: margin)
    return try terms.multiplying(Tensor([1 - mu, mu])).sum()
  }

  /// [pull, push] from the distance matrix D [n, n] as one tape operation:
  /// pull = sum_i sum_{j in T(i)} D_ij, push = sum_i sum_{j in T(i)} sum_{l: y_l != y_i} [margin + D_ij - D_il]_+.
  /// VJP for the cotangent (g_pull, g_push): dD_ij += g_pull for each target pair; for each active
  /// hinge (u > 0; u = 0 counts as inactive, FOUND-24) dD_ij += g_push and dD_il -= g_push.
  static func pullAndPush(_ distances: Variable, labels: [Int], targets: [[Int]],
                          margin: Double) throws(TensorError) -> Variable {
    let d = distances.value
    let n = d.shape[0]
    guard d.shape == [n, n], targets.count == n else {
      throw .shapeMismatch(operation: "LMNN pullAndPush", d.shape, [targets.count, targets.count])
    }
    var pull = 0.0, push = 0.0
    for i in 0..<n {
      for j in targets[i] {
        pull += d.scalars[i * n + j]
        for l in 0..<n where labels[l] != labels[i] {
          let u = margin + d.scalars[i * n + j] - d.scalars[i * n + l]
          if u > 0 { push += u }
        }
      }
    }
    return distances.tape.record(Tensor([pull, push]), inputs: [distances], operation: "LMNN pullAndPush") { g in
      let (gPull, gPush) = (g.scalars[0], g.scalars[1])
      var dd = Tensor.zeros([n, n])
      for i in 0..<n {
        for j in targets[i] {
          dd[flat: i * n + j] += gPull
          for l in 0..<n where labels[l] != labels[i] && margin + d.scalars[i * n + j] - d.scalars[i * n + l] > 0 {
            dd[flat: i * n + j] += gPush
            dd[flat: i * n + l] -= gPush
          }
        }
      }
      return [dd]
    }
  }

  /// Learns L on `points` [n, d] with labels >= 0; every class needs at least k + 1 members.
  public static func fit(points: Tensor, labels: [Int],
                         configuration: Configuration = Configuration()) throws(NeighborsError) -> LearnedMetric {
    let (_, d) = try checkLabelled(points, labels)
    let c = configuration
    guard c.mu >= 0 && c.mu <= 1, c.margin.isFinite, c.margin >= 0 else {
      throw .invalidArgument(operation: "LMNN", reason: "need 0 <= mu <= 1 and a finite margin >= 0")
    }
    let targets = try targetNeighbors(points: points, labels: labels, k: c.targetNeighbors)
    let initial = c.initialTransform ?? Tensor.identity(d)
    guard initial.rank == 2, initial.shape[1] == d else {
      throw .dimensionMismatch(argument: "initialTransform", expected: d, got: initial.shape.last ?? 0)
    }
    return try minimise(initial, iterations: c.iterations, learningRate: c.learningRate) {
      (l: Variable) throws(TensorError) -> Variable in
      try objective(l, points: points, labels: labels, targets: targets, mu: c.mu, margin: c.margin)
    }
  }
}
