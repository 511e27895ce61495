import Neighbors

/// How many of a query's neighbours carry each label, layer by layer (DKNN-4):
/// `counts[l][c]` = |{ n in N_l(x) : label(n) = c }|, where N_l(x) are the k neighbours at layer l.
public struct NeighborLabelCounts: Sendable, Equatable {
  public let counts: [[Int]]
  /// Number of neighbours per layer (k at every layer).
  public let sizes: [Int]

  /// The counts of query `query` in `neighbors`, with the training `labels` (in 0..<classes).
  public init(_ neighbors: LayerNeighbors, query: Int, labels: [Int], classes: Int) {
    var counts: [[Int]] = []
    var sizes: [Int] = []
    for l in 0..<neighbors.layers.count {
      var row = [Int](repeating: 0, count: classes)
      for n in neighbors.lists[l][query] { row[labels[n.index]] += 1 }
      counts.append(row)
      sizes.append(neighbors.lists[l][query].count)
    }
    self.counts = counts
    self.sizes = sizes
  }

  /// Papernot & McDaniel's nonconformity of the query with label j (DKNN-4):
  /// alpha(x, j) = sum_l |{ n in N_l(x) : label(n) != j }| = k L - sum_l counts[l][j].
  public func nonconformity(_ j: Int) -> Int {
    zip(sizes, counts).reduce(0) { $0 + $1.0 - $1.1[j] }
  }

  /// alpha(x, j) for every class j.
  public var nonconformities: [Int] { (0..<(counts.first?.count ?? 0)).map(nonconformity) }
}
