import Foundation
import Tensors

/// Pairwise distance matrices D [m, n] with D_ij = distance(x_i, y_j) for X [m, d], Y [n, d].
///
/// `naive` (NBR-3) evaluates the metric's naive formula (NBR-1) for every pair: the reference.
/// `fast` (NBR-4) uses the GEMM form |x|^2 - 2 <x, y> + |y|^2 (cosine: 1 - <x/|x|, y/|y|>) with
/// Tensors' fast matrix product, clamped at 0, and recomputes by the naive formula every entry whose
/// GEMM value is at most tau_ij, the documented error bound, where cancellation dominates: so
/// identical rows give exactly 0 and small distances are accurate. Elsewhere
/// |fast - naive| <= tau_ij on the base quantity (NBR-4 gives tau). Manhattan has no GEMM form:
/// its `fast` is the naive loop.
///
/// Both split X into fixed chunks of 32 rows run by `Parallelism.forEachChunk`; each entry is
/// written by one chunk in a fixed order, so results do not depend on the thread count (FOUND-31).
public enum PairwiseDistances {
  static let rowsPerChunk = 32

  /// Checks X and Y and the metric; returns (m, n, d).
  static func check(_ x: Tensor, _ y: Tensor, _ metric: Metric) throws(NeighborsError) -> (Int, Int, Int) {
    let (m, d) = try Check.points(x, "x")
    let (n, _) = try Check.points(y, "y", columns: d)
    try metric.validate(dimension: d)
    return (m, n, d)
  }

  /// The naive reference (NBR-3): D_ij = metric.distance(x_i, y_j).
  public static func naive(_ x: Tensor, _ y: Tensor, metric: Metric,
                           threads: Int = Parallelism.threads) throws(NeighborsError) -> Tensor {
    let (m, n, d) = try check(x, y, metric)
    if d == 0 { return Tensor.zeros([m, n]) }  // no features: every distance is 0
    var out = [Double](repeating: 0, count: m * n)
    x.scalars.withUnsafeBufferPointer { xp in
      y.scalars.withUnsafeBufferPointer { yp in
        out.withUnsafeMutableBufferPointer { op in
          let (xs, ys, o) = (xp.baseAddress, yp.baseAddress, op.baseAddress)
          Parallelism.forEachChunk((m + rowsPerChunk - 1) / rowsPerChunk, threads: threads) { chunk in
            for i in (chunk * rowsPerChunk)..<Swift.min(m, (chunk + 1) * rowsPerChunk) {
              for j in 0..<n { o![i &* n &+ j] = metric.distance(xs! + i &* d, ys! + j &* d, d) }
            }
          }
        }
      }
    }
    return try! Tensor(shape: [m, n], scalars: out)
  }

  /// The fast GEMM form (NBR-4), agreeing with `naive` within tau_ij on the base quantity.
  public static func fast(_ x: Tensor, _ y: Tensor, metric: Metric,
                          threads: Int = Parallelism.threads) throws(NeighborsError) -> Tensor {
    let (m, n, d) = try check(x, y, metric)
    guard metric.hasGemmForm, d > 0 else { return try naive(x, y, metric: metric, threads: threads) }
    let qx = try GemmForm(x, metric: metric, argument: "x")
    let qy = try GemmForm(y, metric: metric, argument: "y")
    let packed = qy.packedTranspose(threads: threads)
    var out = [Double](repeating: 0, count: m * n)
    x.scalars.withUnsafeBufferPointer { xp in
      y.scalars.withUnsafeBufferPointer { yp in
        out.withUnsafeMutableBufferPointer { op in
          let (xs, ys, o) = (xp.baseAddress, yp.baseAddress, op.baseAddress!)
          Parallelism.forEachChunk((m + rowsPerChunk - 1) / rowsPerChunk, threads: threads) { chunk in
            let rows = (chunk * rowsPerChunk)..<Swift.min(m, (chunk + 1) * rowsPerChunk)
            let block = o + rows.lowerBound * n
            for (b, columns) in packed.columnBlocks.enumerated() {
              DistanceKernel.baseValues(queries: qx, rows: rows, train: qy, packed: packed, columnBlock: b,
                                        into: block + columns.lowerBound, rowStride: n)
            }
            for i in rows {
              for j in 0..<n {
                let base = o[i &* n &+ j]
                if base <= qx.tolerance(qx.norms[i], qy.norms[j]) {
                  o[i &* n &+ j] = metric.distance(xs! + i &* d, ys! + j &* d, d)
                } else if metric.keyIsSquareRoot {
                  o[i &* n &+ j] = Foundation.sqrt(base)
                }
              }
            }
          }
        }
      }
    }
    return try! Tensor(shape: [m, n], scalars: out)
  }
}
