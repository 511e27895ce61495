import Neighbors
import Tensors

/// Exact k nearest neighbours over a training set seen one block of rows at a time (EBE-7).
///
/// For each block [start, start + b) the exact search (NBR-6) gives each query its
/// min(k, b) nearest rows of the block in (distance, index) order; with indices shifted by
/// `start`, these lists are merged into each query's running list, which keeps the first k in
/// (distance, index) order. Every true member of the first k over the whole set is among the
/// first min(k, b) of its own block, and distances are the naive ones (NBR-1) whatever the
/// block, so the result equals one search over the whole set, neighbour for neighbour and bit for
/// bit (tested). This lets a layer sweep embed the training set once, block by block, without
/// holding every tap's embeddings of every training example at once.
public struct BlockwiseNeighbours: Sendable {
  public let k: Int
  public let metric: Metric
  /// Per query, the first k neighbours seen so far, in (distance, index) order.
  public private(set) var lists: [[Neighbor]]
  /// Training rows merged so far.
  public private(set) var seen = 0
  let queries: Tensor

  /// Errors: k < 1, queries not [m, d] or not finite.
  public init(queries: Tensor, k: Int, metric: Metric = .cosine) throws(EBEDNNError) {
    guard k >= 1 else { throw .invalidK(k, trainingCount: 0) }
    guard queries.rank == 2 else { throw .dimensionMismatch(what: "query embeddings rank", expected: 2, got: queries.rank) }
    try requireFinite(queries.scalars, "query embeddings")
    (self.k, self.metric, self.queries) = (k, metric, queries)
    lists = Array(repeating: [], count: queries.shape[0])
  }

  /// Merges the next block of training rows [b, d]; its rows are numbered from ``seen``.
  public mutating func add(block: Tensor) throws(EBEDNNError) {
    guard block.rank == 2, block.shape[0] >= 1 else {
      throw .dimensionMismatch(what: "training block rank ([b, d], b >= 1)", expected: 2, got: block.rank)
    }
    guard block.shape[1] == queries.shape[1] else {
      throw .dimensionMismatch(what: "training block width", expected: queries.shape[1], got: block.shape[1])
    }
    try requireFinite(block.scalars, "training embeddings")
    let start = seen
    seen += block.shape[0]
    guard queries.shape[0] > 0 else { return }
    let found = try liftNeighbors { () throws(NeighborsError) in
      try BruteForceSearch(training: block, metric: metric).query(queries, k: Swift.min(k, block.shape[0]))
    }
    for (q, blockList) in found.enumerated() {
      lists[q] = Self.merge(lists[q], blockList.map { Neighbor(index: $0.index + start, distance: $0.distance) }, keep: k)
    }
  }

  /// The first `keep` elements of two (distance, index)-sorted lists.
  static func merge(_ a: [Neighbor], _ b: [Neighbor], keep: Int) -> [Neighbor] {
    var out: [Neighbor] = []
    out.reserveCapacity(Swift.min(keep, a.count + b.count))
    var (i, j) = (0, 0)
    while out.count < keep, i < a.count || j < b.count {
      if j >= b.count || (i < a.count && a[i] < b[j]) { out.append(a[i]); i += 1 } else { out.append(b[j]); j += 1 }
    }
    return out
  }
}
