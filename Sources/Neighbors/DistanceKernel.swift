import Tensors

/// The pairwise-distance hot loop (NBR-4): inner products of a block of query rows with a block of
/// training columns, turned into base values in place.
///
/// For query rows [r0, r1) against every training row:
///   G = X~[r0..<r1] * Y~^T                  (Tensors' fast kernel on the packed training set: FOUND-11)
///   out[i, j] = max(0, (|x~_i|^2 - 2 G_ij) + |y~_j|^2)   squared forms
///   out[i, j] = min(2, max(0, 1 - G_ij))                  cosine
/// The clamp removes the small negative values cancellation can leave. Cosine pairs with a zero row
/// are then set by convention (NBR-1): 0 when both rows are zero, 1 otherwise.
enum DistanceKernel {
  /// Writes base values for query rows `rows` against every training column into `out`, whose row
  /// i - rows.lowerBound has stride `train.rows`. `packed` is `train.packedTranspose()`. Runs on
  /// the caller's thread count (inside a search chunk: one thread).
  static func baseValues(queries: GemmForm, rows: Range<Int>, train: GemmForm,
                         packed: MatrixMultiply.PackedRightOperand, into out: UnsafeMutablePointer<Double>) {
    let d = queries.dimension
    let (m, n) = (rows.count, train.rows)
    if m == 0 || n == 0 { return }
    let cosine = queries.metric == .cosine
    withPointer(queries.embedded) { x in
      MatrixMultiply.product(StridedMatrix(x + rows.lowerBound &* d, rowStride: d), m: m, packed, into: out, rowStride: n)
    }
    queries.norms.withUnsafeBufferPointer { nx in
      train.norms.withUnsafeBufferPointer { ny in
        var i = 0
        while i < m {
          let row = out + i &* n
          if cosine {
            var j = 0
            while j < n { row[j] = Swift.min(2, Swift.max(0, 1 - row[j])); j &+= 1 }
          } else {
            let a = nx[rows.lowerBound &+ i]
            var j = 0
            while j < n { row[j] = Swift.max(0, (a - 2 * row[j]) + ny[j]); j &+= 1 }
          }
          i &+= 1
        }
      }
    }
    if cosine { fixZeroRows(queries: queries, rows: rows, train: train, out: out) }
  }

  /// Cosine conventions for zero rows: d(0, 0) = 0, d(0, y) = d(x, 0) = 1.
  static func fixZeroRows(queries: GemmForm, rows: Range<Int>, train: GemmForm, out: UnsafeMutablePointer<Double>) {
    let n = train.rows
    let zeroColumns = train.isZero.indices.filter { train.isZero[$0] }
    for r in rows {
      let oRow = out + (r - rows.lowerBound) * n
      if queries.isZero[r] {
        for j in 0..<n { oRow[j] = train.isZero[j] ? 0 : 1 }
      } else {
        for j in zeroColumns { oRow[j] = 1 }
      }
    }
  }
}
