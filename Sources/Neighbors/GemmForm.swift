import Foundation
import Tensors

/// A point set prepared for the GEMM form of a metric (NBR-4).
///
/// Each row x is embedded as x~ so that the metric's base quantity is a function of inner products:
/// - squared Euclidean and Euclidean: x~ = x, base = |x~|^2 - 2 <x~, y~> + |y~|^2;
/// - weighted squared Euclidean: x~_i = x_i * sqrt(w_i), same base;
/// - cosine: x~ = x / sqrt(<x, x>) (zero rows stay zero and are flagged), base = 1 - <x~, y~>.
/// `norms[i]` = |x~_i|^2 as the matrix product forms <x~_i, x~_i>: one chain of fused multiply-adds
/// in increasing index from 0.0 (FOUND-10), so a row against itself gives base exactly 0 for the
/// squared forms.
struct GemmForm: Sendable {
  let metric: Metric
  let rows: Int
  let dimension: Int
  let embedded: [Double]
  let norms: [Double]
  /// Cosine only: rows whose <x, x> is 0 (their distances are set by convention, not computed).
  let isZero: [Bool]

  /// Largest accepted squared norm, 2^1020: keeps |x|^2 - 2 <x, y> + |y|^2 and every naive sum finite.
  static let normLimit = 0x1p1020

  /// Embeds `x` (already checked finite, [rows, d]); refuses rows whose squared norm exceeds 2^1020.
  init(_ x: Tensor, metric: Metric, argument: String) throws(NeighborsError) {
    self.metric = metric
    (rows, dimension) = (x.shape[0], x.shape[1])
    let d = dimension
    var embedded = x.scalars
    var norms = [Double](repeating: 0, count: rows)
    var isZero = [Bool](repeating: false, count: rows)
    var scale = [Double](repeating: 1, count: d)
    if case let .weightedSquaredEuclidean(w) = metric { scale = w.map { Foundation.sqrt($0) } }
    for r in 0..<rows {
      let base = r * d
      var plain = 0.0
      for i in 0..<d { plain += x.scalars[base + i] * x.scalars[base + i] }
      guard plain <= Self.normLimit else { throw .normOverflow(argument: argument, row: r) }
      if metric == .cosine {
        isZero[r] = plain == 0
        let length = Foundation.sqrt(plain)
        if !isZero[r] { for i in 0..<d { embedded[base + i] = x.scalars[base + i] / length } }
      } else if metric != .euclidean && metric != .squaredEuclidean {
        for i in 0..<d { embedded[base + i] = x.scalars[base + i] * scale[i] }
      }
      var s = 0.0
      for i in 0..<d { s = s.addingProduct(embedded[base + i], embedded[base + i]) }
      guard s <= Self.normLimit else { throw .normOverflow(argument: argument, row: r) }
      norms[r] = s
    }
    self.embedded = embedded
    self.norms = norms
    self.isZero = isZero
  }

  /// The largest squared norm of the set (0 for an empty set).
  var maxNorm: Double { norms.max() ?? 0 }

  /// tau(i, j): a bound on |fast base - naive base| for rows with squared norms `a` and `b` (NBR-4):
  /// (d + 8) 2^-51 (a + b) for the squared forms, (d + 8) 2^-50 for cosine (unit rows), plus
  /// (4d + 16) 2^-1074 for products that fall into the subnormal range.
  @inline(__always)
  func tolerance(_ a: Double, _ b: Double) -> Double {
    let d = Double(dimension)
    let underflow = (4 * d + 16) * Double.leastNonzeroMagnitude
    if metric == .cosine { return (d + 8) * 0x1p-50 + underflow }
    return (d + 8) * 0x1p-51 * (a + b) + underflow
  }

  /// The set as the right operand of the product with queries: B = X~^T [d, rows], packed once
  /// into the kernel's panels (FOUND-11), so that `MatrixMultiply.product(queries, packed)` gives
  /// every inner product <x~_i, y~_j>. Memory: one more copy of the embedded rows.
  func packedTranspose(threads: Int = Parallelism.threads) -> MatrixMultiply.PackedRightOperand {
    withPointer(embedded) { base in
      MatrixMultiply.PackedRightOperand(StridedMatrix(base, rowStride: 1, columnStride: dimension), depth: dimension,
                                        columns: rows,
                                        threads: threads)
    }
  }
}
