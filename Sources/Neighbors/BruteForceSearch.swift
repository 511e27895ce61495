import Foundation
import Tensors

/// Exact brute-force neighbour search (NBR-6).
///
/// Queries are split into chunks of at most 128 rows run by `Parallelism.forEachChunk`; a chunk
/// multiplies its queries against the training set packed once (FOUND-11), one column block at a
/// time, and scans each block of base values while it is in cache (`CandidateScan`), so memory
/// stays at 128 x NC doubles per running chunk (3 MiB) whatever the numbers of queries and points.
/// A query's values depend on its own row only, so neither the chunking nor the thread count changes
/// any result. For each query:
/// 1. base values f_j for every training point by the GEMM form (NBR-4, `DistanceKernel`);
/// 2. F_k = the k-th smallest f_j, and the candidate threshold
///    Theta = (F_k + 2 tau_max) (1 + 2^-49), tau_max = tau(|x~|^2, max_j |y~_j|^2);
/// 3. the naive distance (NBR-1) of every candidate with f_j <= Theta, sorted by (distance, index).
/// Since |f_j - naive base_j| <= tau_max, every one of the true k nearest (by naive distance, ties
/// to the lower index) has f_j <= Theta (the factor 1 + 2^-49 covers sqrt mapping neighbouring bases
/// to one distance and the rounding of Theta): the result is exactly the naive ranking, so it does
/// not depend on the GEMM's rounding, the chunking or the thread count, and equals the k-d tree's.
/// Radius search uses Theta = (r' + tau_max) (1 + 2^-49), r' = r^2 for Euclidean, r otherwise.
/// Manhattan has no GEMM form: it ranks naive distances directly.
public struct BruteForceSearch: NeighborSearch {
  public let metric: Metric
  public let count: Int
  public let dimension: Int
  /// Threads to use (nil: `Parallelism.threads` at query time). Results never depend on it.
  public let threads: Int?
  let training: Tensor
  let form: GemmForm?
  let packed: MatrixMultiply.PackedRightOperand?

  /// Rows per chunk: enough to reuse each packed training panel many times (up to 128, one block
  /// of rows of the product), and no more than needed to give every thread a chunk; whole register
  /// tiles (8 rows), so that no partial tile is computed at a chunk's end.
  static func queriesPerChunk(queries m: Int, threads: Int) -> Int {
    let byThreads = (m + Swift.max(1, threads) - 1) / Swift.max(1, threads)
    return Swift.max(8, (Swift.min(128, byThreads) + 7) / 8 * 8)
  }

  /// Prepares `training` [n, d] (n >= 1, finite) for `metric`.
  public init(training: Tensor, metric: Metric = .euclidean, threads: Int? = nil) throws(NeighborsError) {
    let (n, d) = try Check.points(training, "training")
    guard n > 0 else { throw .emptyTrainingSet }
    try metric.validate(dimension: d)
    (self.metric, count, dimension, self.threads, self.training) = (metric, n, d, threads, training)
    if metric.hasGemmForm && d > 0 {
      let form = try GemmForm(training, metric: metric, argument: "training")
      (self.form, packed) = (form, form.packedTranspose(threads: threads ?? Parallelism.threads))
    } else {
      (form, packed) = (nil, nil)
    }
  }

  public func search(_ request: NeighborRequest, queries: Tensor) throws(NeighborsError) -> [[Neighbor]] {
    _ = try Check.points(queries, "queries", columns: dimension)
    try validate(request, candidates: count)
    let queryForm = try form.map { _ throws(NeighborsError) in try GemmForm(queries, metric: metric, argument: "queries") }
    return run(request, queries: queries, queryForm: queryForm, excludeSelf: false)
  }

  public func searchLeavingOneOut(_ request: NeighborRequest) throws(NeighborsError) -> [[Neighbor]] {
    try validate(request, candidates: count - 1)
    return run(request, queries: training, queryForm: form, excludeSelf: true)
  }

  func run(_ request: NeighborRequest, queries: Tensor, queryForm: GemmForm?, excludeSelf: Bool) -> [[Neighbor]] {
    let (m, n, d) = (queries.shape[0], count, dimension)
    var results = [[Neighbor]](repeating: [], count: m)
    let threads = self.threads ?? Parallelism.threads
    let perChunk = Self.queriesPerChunk(queries: m, threads: threads)  // a multiple of 8
    let chunks = (m + perChunk - 1) / perChunk
    withPointer(queries.scalars) { xs in
      withPointer(training.scalars) { ys in
        results.withUnsafeMutableBufferPointer { out in
          Parallelism.forEachChunk(chunks, threads: threads) { chunk in
            let rows = (chunk * perChunk)..<Swift.min(m, (chunk + 1) * perChunk)
            let naive = { (i: Int, j: Int) in metric.distance(xs + i &* d, ys + j &* d, d) }
            guard let queryForm, let form, let packed else {
              for i in rows { out[i] = Self.rankAll(request, n: n, exclude: excludeSelf ? i : -1) { naive(i, $0) } }
              return
            }
            var scans = rows.map { i in
              CandidateScan(request, tau: form.tolerance(queryForm.norms[i], form.maxNorm),
                            radiusKey: { metric.keyIsSquareRoot ? $0 * $0 : $0 })
            }
            // One column block of the packed training set at a time (FOUND-11): its base values
            // are scanned while they are in cache. Every value is written before it is read.
            let width = packed.columnBlocks.map(\.count).max() ?? 0
            let block = UnsafeMutablePointer<Double>.allocate(capacity: rows.count * width)
            defer { block.deallocate() }
            for (b, columns) in packed.columnBlocks.enumerated() {
              DistanceKernel.baseValues(queries: queryForm, rows: rows, train: form, packed: packed, columnBlock: b, into: block)
              for (r, i) in rows.enumerated() {
                scans[r].scan(
                  block + r * columns.count, count: columns.count, first: columns.lowerBound, exclude: excludeSelf ? i : -1)
              }
            }
            for (r, i) in rows.enumerated() {
              out[i] = Self.rank(request, candidates: scans[r].candidates()) { naive(i, $0) }
            }
          }
        }
      }
    }
    return results
  }

  /// Step 3: the candidates ranked by naive distance (NBR-1), ties to the lower index.
  static func rank(_ request: NeighborRequest, candidates: [Int], naive: (Int) -> Double) -> [Neighbor] {
    switch request {
    case let .nearest(k):
      var best = TopK<Neighbor>(k: k)
      for j in candidates { best.offer(Neighbor(index: j, distance: naive(j))) }
      return best.sorted()
    case let .withinRadius(r):
      return candidates.compactMap { j in
        let dj = naive(j)
        return dj <= r ? Neighbor(index: j, distance: dj) : nil
      }.sorted()
    }
  }

  /// Ranks the training points for which `distance` gives a value (nil: not a candidate).
  static func rankAll(_ request: NeighborRequest, n: Int, exclude: Int, distance: (Int) -> Double?) -> [Neighbor] {
    switch request {
    case let .nearest(k):
      var best = TopK<Neighbor>(k: k)
      for j in 0..<n where j != exclude {
        if let dj = distance(j) { best.offer(Neighbor(index: j, distance: dj)) }
      }
      return best.sorted()
    case let .withinRadius(r):
      var found: [Neighbor] = []
      for j in 0..<n where j != exclude {
        if let dj = distance(j), dj <= r { found.append(Neighbor(index: j, distance: dj)) }
      }
      return found.sorted()
    }
  }

}

/// Calls `body` with a pointer to the array's elements, valid also for an empty array (d = 0).
func withPointer<R>(_ array: [Double], _ body: (UnsafePointer<Double>) -> R) -> R {
  if array.isEmpty {
    let one = [0.0]
    return one.withUnsafeBufferPointer { body($0.baseAddress!) }
  }
  return array.withUnsafeBufferPointer { body($0.baseAddress!) }
}
