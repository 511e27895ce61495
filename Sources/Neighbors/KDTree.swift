import Foundation
import Tensors

/// An exact k-d tree (NBR-7) for low-dimensional data (roughly d <= 10; beyond that it visits most
/// leaves and brute force is faster).
///
/// Build: a node over a set of points splits at the median along the axis of largest spread
/// (max - min; ties: lowest axis), the points sorted by (coordinate, index); the left child takes
/// the first half (coordinates <= split), the right child the rest (>= split). A node of at most
/// 8 points, or of zero spread, is a leaf.
///
/// Query: descend to the side of the split the query lies on (left when q_a <= split), then visit
/// the far side unless its lower bound exceeds the current k-th distance. The lower bound is the
/// metric evaluated on the single axis a with difference fl(q_a - split): every naive distance
/// (NBR-1) is a sum of non-negative terms added in order, so in floating point it is at least any
/// one of its terms, and |q_a - split| <= |q_a - y_a| for every far-side y with rounding monotone.
/// Only a bound strictly greater than the k-th distance prunes (an equal one may hide a tie with a
/// lower index). Distances are the naive ones of NBR-1, ranked by (distance, index): the results
/// equal brute force's (NBR-6) exactly. Cosine has no such bound and is refused.
public struct KDTree: NeighborSearch {
  public let metric: Metric
  public let count: Int
  public let dimension: Int
  let training: Tensor
  /// Training indices in tree order: node ranges index into this.
  let order: [Int]
  let nodes: [Node]

  struct Node: Sendable {
    let range: Range<Int>
    /// -1 for a leaf.
    let axis: Int
    let split: Double
    let left: Int, right: Int
  }

  static let leafSize = 8
  static let queriesPerChunk = 32

  public init(training: Tensor, metric: Metric = .euclidean) throws(NeighborsError) {
    let (n, d) = try Check.points(training, "training")
    guard n > 0 else { throw .emptyTrainingSet }
    try metric.validate(dimension: d)
    guard metric != .cosine else { throw .unsupportedMetric(operation: "KDTree", metric: metric.description) }
    (self.metric, count, dimension, self.training) = (metric, n, d, training)
    var order = Array(0..<n)
    var nodes: [Node] = []
    Self.build(0..<n, &order, &nodes, training.scalars, d)
    (self.order, self.nodes) = (order, nodes)
  }

  /// Builds the subtree over order[range] and returns its node index.
  @discardableResult
  static func build(_ range: Range<Int>, _ order: inout [Int], _ nodes: inout [Node], _ x: [Double], _ d: Int) -> Int {
    var bestAxis = -1, bestSpread = 0.0
    if range.count > leafSize {
      for a in 0..<d {
        var (low, high) = (Double.infinity, -Double.infinity)
        for p in range { let v = x[order[p] * d + a]; low = Swift.min(low, v); high = Swift.max(high, v) }
        if high - low > bestSpread { (bestAxis, bestSpread) = (a, high - low) }
      }
    }
    let id = nodes.count
    guard bestAxis >= 0 else {
      nodes.append(Node(range: range, axis: -1, split: 0, left: -1, right: -1))
      return id
    }
    let a = bestAxis
    order[range].sort { (x[$0 * d + a], $0) < (x[$1 * d + a], $1) }
    let middle = range.lowerBound + range.count / 2
    let split = x[order[middle] * d + a]
    nodes.append(Node(range: range, axis: a, split: split, left: -1, right: -1))  // placeholder
    let left = build(range.lowerBound..<middle, &order, &nodes, x, d)
    let right = build(middle..<range.upperBound, &order, &nodes, x, d)
    nodes[id] = Node(range: range, axis: a, split: split, left: left, right: right)
    return id
  }

  public func search(_ request: NeighborRequest, queries: Tensor) throws(NeighborsError) -> [[Neighbor]] {
    _ = try Check.points(queries, "queries", columns: dimension)
    try validate(request, candidates: count)
    return run(request, queries: queries, excludeSelf: false)
  }

  public func searchLeavingOneOut(_ request: NeighborRequest) throws(NeighborsError) -> [[Neighbor]] {
    try validate(request, candidates: count - 1)
    return run(request, queries: training, excludeSelf: true)
  }

  func run(_ request: NeighborRequest, queries: Tensor, excludeSelf: Bool) -> [[Neighbor]] {
    let m = queries.shape[0]
    var results = [[Neighbor]](repeating: [], count: m)
    let chunks = (m + Self.queriesPerChunk - 1) / Self.queriesPerChunk
    withPointer(queries.scalars) { xs in
      withPointer(training.scalars) { ys in
        results.withUnsafeMutableBufferPointer { out in
          Parallelism.forEachChunk(chunks) { chunk in
            for i in (chunk * Self.queriesPerChunk)..<Swift.min(m, (chunk + 1) * Self.queriesPerChunk) {
              out[i] = query(xs + i &* dimension, ys, request, exclude: excludeSelf ? i : -1)
            }
          }
        }
      }
    }
    return results
  }

  /// One query: depth-first with pruning.
  func query(_ q: UnsafePointer<Double>, _ ys: UnsafePointer<Double>, _ request: NeighborRequest, exclude: Int) -> [Neighbor] {
    let d = dimension
    var k = 0
    if case let .nearest(requested) = request { k = requested }
    var best = TopK<Neighbor>(k: k)  // nearest-k requests
    var found: [Neighbor] = []  // radius requests
    // Worst distance a far side must reach to be skipped.
    func limit() -> Double {
      switch request {
      case .nearest: return best.isFull ? best.worst.distance : .infinity
      case let .withinRadius(r): return r
      }
    }
    func visit(_ id: Int) {
      let node = nodes[id]
      if node.axis < 0 {
        for p in node.range where order[p] != exclude {
          let j = order[p]
          let neighbor = Neighbor(index: j, distance: metric.distance(q, ys + j &* d, d))
          if case let .withinRadius(r) = request {
            if neighbor.distance <= r { found.append(neighbor) }
          } else {
            best.offer(neighbor)
          }
        }
        return
      }
      let difference = q[node.axis] - node.split
      let (near, far) = difference <= 0 ? (node.left, node.right) : (node.right, node.left)
      visit(near)
      if axisBound(difference, axis: node.axis) <= limit() { visit(far) }
    }
    visit(0)
    if case .withinRadius = request { return found.sorted() }
    return best.sorted()
  }

  /// The metric evaluated on one axis with coordinate difference t: a lower bound (NBR-7).
  func axisBound(_ t: Double, axis: Int) -> Double {
    switch metric {
    case .euclidean: return Foundation.sqrt(t * t)
    case .squaredEuclidean: return t * t
    case .manhattan: return Swift.abs(t)
    case let .weightedSquaredEuclidean(w): return w[axis] * (t * t)
    case .cosine: return 0
    }
  }
}
