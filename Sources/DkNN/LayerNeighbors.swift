import Neighbors
import Tensors

/// The k nearest training points of each query at each layer (DKNN-3): `lists[l][q]` holds the
/// neighbours of query q at layer l, sorted by (Euclidean distance, training index), the distance
/// being Neighbors' naive one (NBR-1, NBR-5). Exact search, so the lists do not depend on how the
/// training set was split into chunks, on the thread count, or on the search method.
public struct LayerNeighbors: Sendable, Equatable {
  public let layers: [String]
  public let k: Int
  /// [layer][query] -> the k neighbours, nearest first.
  public let lists: [[[Neighbor]]]

  public init(layers: [String], k: Int, lists: [[[Neighbor]]]) {
    self.layers = layers
    self.k = k
    self.lists = lists
  }

  /// Number of queries.
  public var queryCount: Int { lists.first?.count ?? 0 }

  /// The queries `range`, at every layer.
  public func queries(_ range: Range<Int>) -> LayerNeighbors {
    LayerNeighbors(layers: layers, k: k, lists: lists.map { Array($0[range]) })
  }

  /// The first k of the union of two (distance, index)-sorted lists, in that order: how the
  /// neighbours found in one chunk of the training set join those of the chunks before (DKNN-3).
  /// Exact: both lists carry naive distances, which do not depend on the chunk.
  public static func merge(_ a: [Neighbor], _ b: [Neighbor], k: Int) -> [Neighbor] {
    var merged: [Neighbor] = []
    merged.reserveCapacity(Swift.min(k, a.count + b.count))
    var (i, j) = (0, 0)
    while merged.count < k, i < a.count || j < b.count {
      if j == b.count || (i < a.count && a[i] < b[j]) {
        merged.append(a[i]); i += 1
      } else {
        merged.append(b[j]); j += 1
      }
    }
    return merged
  }
}

/// Exact per-layer search over a training set given in chunks (DKNN-3): each chunk is searched
/// with Neighbors' brute force (NBR-6) and its neighbours, with their indices shifted to the whole
/// set's, are merged into each query's running list. Queries are searched `queryBlock` rows at a
/// time, so a chunk's search holds only one block of query copies. Used whole (one chunk) by
/// ``DkNNIndex`` and streamed by the MNIST reproduction, where one layer's training representations
/// alone would take gigabytes.
public struct NeighborAccumulator: Sendable {
  public let k: Int
  public let queries: LayerRepresentations
  public let queryBlock: Int
  private(set) var lists: [[[Neighbor]]]
  /// Training points added so far (the next chunk's offset).
  public private(set) var trainingCount = 0

  /// `queries` already in the search space (DKNN-2); k >= 1.
  public init(queries: LayerRepresentations, k: Int, queryBlock: Int = 2048) throws(DkNNError) {
    guard k >= 1 else { throw .invalidArgument("k = \(k): must be >= 1") }
    self.k = k
    self.queries = queries
    self.queryBlock = Swift.max(1, queryBlock)
    lists = queries.layers.map { _ in [[Neighbor]](repeating: [], count: queries.count) }
  }

  /// Adds the next `chunk` of training points (rows trainingCount..<trainingCount + chunk.count of
  /// the whole set), in the search space, with the queries' layers and widths.
  public mutating func add(_ chunk: LayerRepresentations) throws(DkNNError) {
    guard chunk.layers == queries.layers else { throw .layers("training layers \(chunk.layers), query layers \(queries.layers)") }
    let offset = trainingCount
    let kHere = Swift.min(k, chunk.count)
    for (l, layer) in chunk.layers.enumerated() {
      guard chunk.widths[l] == queries.widths[l] else {
        throw .representation(layer: layer, reason: "training width \(chunk.widths[l]), query width \(queries.widths[l])")
      }
      let search: BruteForceSearch
      do { search = try BruteForceSearch(training: chunk.matrices[l], metric: .euclidean) } catch {
        throw .search(layer: layer, error)
      }
      for start in stride(from: 0, to: queries.count, by: queryBlock) {
        let rows = start..<Swift.min(queries.count, start + queryBlock)
        let found: [[Neighbor]]
        do {
          let block = try queries.matrices[l].rows(rows)
          found = try search.query(block, k: kHere)
        } catch let error as NeighborsError { throw .search(layer: layer, error) } catch {
          throw .representation(layer: layer, reason: "\(error)")
        }
        for (r, q) in rows.enumerated() {
          let shifted = found[r].map { Neighbor(index: $0.index + offset, distance: $0.distance) }
          lists[l][q] = LayerNeighbors.merge(lists[l][q], shifted, k: k)
        }
      }
    }
    trainingCount += chunk.count
  }

  /// The neighbours found; an error when fewer than k training points were added.
  public func result() throws(DkNNError) -> LayerNeighbors {
    guard trainingCount >= k else { throw .invalidArgument("k = \(k) but only \(trainingCount) training points") }
    return LayerNeighbors(layers: queries.layers, k: k, lists: lists)
  }
}

/// A training set prepared for DkNN queries (DKNN-3): its representations mapped into the search
/// space, their labels, and one brute-force search per layer built once for many queries.
public struct DkNNIndex: Sendable {
  public let layers: [String]
  public let k: Int
  public let labels: [Int]
  public let classes: Int
  public let transform: SpaceTransform
  let searches: [BruteForceSearch]

  /// Errors: labels not one per training point or outside 0..<classes, k outside 1...n, a
  /// representation that is not finite.
  public init(training: LayerRepresentations, labels: [Int], classes: Int, k: Int = 75,
              space: RepresentationSpace) throws(DkNNError) {
    try DkNNCheck.labels(labels, count: training.count, classes: classes, argument: "training labels")
    guard k >= 1, k <= training.count else {
      throw .invalidArgument("k = \(k): need 1 <= k <= \(training.count) (the number of training points)")
    }
    transform = SpaceTransform(space: space, training: training)
    let mapped = try transform.apply(training)
    var searches: [BruteForceSearch] = []
    for (l, layer) in mapped.layers.enumerated() {
      do { searches.append(try BruteForceSearch(training: mapped.matrices[l], metric: .euclidean)) } catch {
        throw .search(layer: layer, error)
      }
    }
    (self.layers, self.k, self.labels, self.classes, self.searches) = (training.layers, k, labels, classes, searches)
  }

  /// The k nearest training points of every query at every layer, the queries first mapped into
  /// the index's space. Errors: other layers or widths than the training representations'.
  public func neighbors(_ queries: LayerRepresentations) throws(DkNNError) -> LayerNeighbors {
    guard queries.layers == layers else { throw .layers("query layers \(queries.layers), training layers \(layers)") }
    let mapped = try transform.apply(queries)
    var lists: [[[Neighbor]]] = []
    for (l, layer) in layers.enumerated() {
      do { lists.append(try searches[l].query(mapped.matrices[l], k: k)) } catch { throw .search(layer: layer, error) }
    }
    return LayerNeighbors(layers: layers, k: k, lists: lists)
  }
}
