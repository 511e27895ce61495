import Tensors

/// One neighbour of a query: a training index and its naive distance (NBR-1).
///
/// Neighbours are ordered by (distance, index): the smaller distance first, and at equal distance
/// the lower training index first (NBR-5, the project-wide rule FOUND-4). Every search returns its
/// neighbours in this order.
public struct Neighbor: Hashable, Sendable, Comparable, CustomStringConvertible {
  public let index: Int
  public let distance: Double

  public init(index: Int, distance: Double) {
    self.index = index
    self.distance = distance
  }

  public static func < (a: Neighbor, b: Neighbor) -> Bool {
    a.distance < b.distance || (a.distance == b.distance && a.index < b.index)
  }

  public var description: String { "(\(index), \(distance))" }
}

/// What a search is asked for (NBR-5, NBR-9).
public enum NeighborRequest: Sendable, Equatable {
  /// The k first training points in (distance, index) order; 1 <= k <= number of candidates.
  case nearest(k: Int)
  /// Every training point with distance <= radius (radius finite and >= 0), in (distance, index) order.
  case withinRadius(Double)
}

/// An exact neighbour search over a fixed training set (NBR-5): brute force (NBR-6) or k-d tree
/// (NBR-7). Both report the naive distances of NBR-1 and return identical results.
public protocol NeighborSearch: Sendable {
  var metric: Metric { get }
  /// Number of training points n.
  var count: Int { get }
  /// Number of features d.
  var dimension: Int { get }
  /// For each query row, the requested neighbours among all training points.
  func search(_ request: NeighborRequest, queries: Tensor) throws(NeighborsError) -> [[Neighbor]]
  /// Leave-one-out (NBR-8): the queries are the training points themselves and query i never
  /// returns training index i (excluded by index, so duplicates of i still count).
  func searchLeavingOneOut(_ request: NeighborRequest) throws(NeighborsError) -> [[Neighbor]]
}

extension NeighborSearch {
  /// The k nearest training points of each query.
  public func query(_ queries: Tensor, k: Int) throws(NeighborsError) -> [[Neighbor]] {
    try search(.nearest(k: k), queries: queries)
  }

  /// The k nearest other training points of each training point (NBR-8).
  public func leaveOneOut(k: Int) throws(NeighborsError) -> [[Neighbor]] {
    try searchLeavingOneOut(.nearest(k: k))
  }

  /// All training points within `radius` of each query (NBR-9).
  public func withinRadius(_ queries: Tensor, radius: Double) throws(NeighborsError) -> [[Neighbor]] {
    try search(.withinRadius(radius), queries: queries)
  }

  /// Checks a request against the number of candidates (n, or n - 1 when leaving one out).
  func validate(_ request: NeighborRequest, candidates: Int) throws(NeighborsError) {
    switch request {
    case let .nearest(k): try Check.k(k, candidates: candidates)
    case let .withinRadius(r):
      guard r.isFinite && r >= 0 else {
        throw .invalidArgument(operation: "withinRadius", reason: "radius \(r) must be finite and >= 0")
      }
    }
  }
}

/// The k smallest elements seen so far, in a max-heap: the root is the worst kept element,
/// replaced when a better one arrives. For neighbours the order is (distance, index). Shared by
/// both searches and by brute force's k-th-smallest candidate bound.
struct TopK<Element: Comparable> {
  let k: Int
  private(set) var heap: [Element] = []

  init(k: Int) {
    self.k = k
    heap.reserveCapacity(k)
  }

  var isFull: Bool { heap.count == k }
  /// The worst kept element (only meaningful when full).
  var worst: Element { heap[0] }

  mutating func offer(_ candidate: Element) {
    if heap.count < k {
      heap.append(candidate)
      var child = heap.count - 1
      while child > 0 {
        let parent = (child - 1) / 2
        if heap[parent] < heap[child] { heap.swapAt(parent, child); child = parent } else { break }
      }
    } else if candidate < heap[0] {
      heap[0] = candidate
      var parent = 0
      while true {
        let (l, r) = (2 * parent + 1, 2 * parent + 2)
        var largest = parent
        if l < k && heap[largest] < heap[l] { largest = l }
        if r < k && heap[largest] < heap[r] { largest = r }
        if largest == parent { break }
        heap.swapAt(parent, largest)
        parent = largest
      }
    }
  }

  /// The kept elements in increasing order.
  func sorted() -> [Element] { heap.sorted() }
}
