import Tensors

/// The pairwise-distance hot loop (NBR-4): inner products of a block of query rows with a block of
/// training columns, turned into base values in place.
///
/// For query rows [r0, r1) and the training block starting at column c0 of width w:
///   G = X~[r0..<r1] * Y~[c0..<c0+w]^T            (Tensors' fast kernel, one thread: FOUND-11)
///   out[i, c0 + j] = max(0, (|x~_i|^2 - 2 G_ij) + |y~_j|^2)   squared forms
///   out[i, c0 + j] = min(2, max(0, 1 - G_ij))                  cosine
/// The clamp removes the small negative values cancellation can leave. Cosine pairs with a zero row
/// are then set by convention (NBR-1): 0 when both rows are zero, 1 otherwise.
enum DistanceKernel {
  /// Writes base values for query rows `rows` against every training column into `out`, whose row
  /// i - rows.lowerBound has stride `train.rows`.
  static func baseValues(queries: GemmForm, rows: Range<Int>, train: GemmForm,
                         blocks: GemmForm.TransposedBlocks, into out: UnsafeMutablePointer<Double>) {
    let d = queries.dimension
    let (m, n) = (rows.count, train.rows)
    if m == 0 || n == 0 { return }
    let x = Array(queries.embedded[(rows.lowerBound * d)..<(rows.upperBound * d)])
    let cosine = queries.metric == .cosine
    for (b, block) in blocks.blocks.enumerated() {
      let (c0, width) = (blocks.starts[b], blocks.widths[b])
      let g = MatrixMultiply.fast(x, block, m: m, k: d, n: width, threads: 1)
      g.withUnsafeBufferPointer { gp in
        queries.norms.withUnsafeBufferPointer { nx in
          train.norms.withUnsafeBufferPointer { ny in
            var i = 0
            while i < m {
              let gRow = gp.baseAddress! + i &* width
              let oRow = out + (i &* n &+ c0)
              if cosine {
                var j = 0
                while j < width { oRow[j] = Swift.min(2, Swift.max(0, 1 - gRow[j])); j &+= 1 }
              } else {
                let a = nx[rows.lowerBound &+ i]
                var j = 0
                while j < width { oRow[j] = Swift.max(0, (a - 2 * gRow[j]) + ny[c0 &+ j]); j &+= 1 }
              }
              i &+= 1
            }
          }
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
