import Foundation
import Tensors

/// Exact brute-force neighbour search (NBR-6).
///
/// Queries are split into chunks run by `Parallelism.forEachChunk`; a chunk holds one block of
/// base values (its rows x n) at a time, at most 2^23 doubles (64 MiB) per running chunk whatever
/// the number of queries, and multiplies its queries against the training set packed once
/// (FOUND-11). A query's values depend on its own row only, so neither the chunking nor the thread
/// count changes any result. For each query:
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

  /// Rows per chunk: enough to reuse each packed training panel (up to 256), at most 2^23 doubles
  /// of base values, and no more than needed to give every thread a chunk.
  static func queriesPerChunk(queries m: Int, training n: Int, threads: Int) -> Int {
    let byMemory = (1 << 23) / Swift.max(1, n)
    let byThreads = (m + Swift.max(1, threads) - 1) / Swift.max(1, threads)
    return Swift.max(8, Swift.min(256, byMemory, byThreads))
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
    let perChunk = Self.queriesPerChunk(queries: m, training: n, threads: threads)
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
            var buffer = [Double](repeating: 0, count: rows.count * n)
            buffer.withUnsafeMutableBufferPointer { base in
              DistanceKernel.baseValues(queries: queryForm, rows: rows, train: form, packed: packed, into: base.baseAddress!)
              for i in rows {
                let tau = form.tolerance(queryForm.norms[i], form.maxNorm)
                out[i] = rankCandidates(request, f: base.baseAddress! + (i - rows.lowerBound) * n, n: n,
                                        tau: tau, exclude: excludeSelf ? i : -1) { naive(i, $0) }
              }
            }
          }
        }
      }
    }
    return results
  }

  /// Steps 2 and 3: the candidates by base value, ranked by naive distance.
  func rankCandidates(_ request: NeighborRequest, f: UnsafePointer<Double>, n: Int, tau: Double, exclude: Int,
                      naive: (Int) -> Double) -> [Neighbor] {
    let threshold: Double
    switch request {
    case let .nearest(k): threshold = (Self.kthSmallest(f, n: n, k: k, exclude: exclude) + 2 * tau) * (1 + 0x1p-49)
    case let .withinRadius(r): threshold = ((metric.keyIsSquareRoot ? r * r : r) + tau) * (1 + 0x1p-49)
    }
    return Self.rankAll(request, n: n, exclude: exclude) { j in f[j] <= threshold ? naive(j) : nil }
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

  /// The k-th smallest of f[0..<n] without index `exclude` (a bounded max-heap of k values).
  static func kthSmallest(_ f: UnsafePointer<Double>, n: Int, k: Int, exclude: Int) -> Double {
    var smallest = TopK<Double>(k: k)
    for j in 0..<n where j != exclude { smallest.offer(f[j]) }
    return smallest.worst
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
