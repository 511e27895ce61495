import Tensors

/// The pairwise-distance hot loop (NBR-4): inner products of a block of query rows with a block of
/// training columns, turned into base values in place.
///
/// For query rows [r0, r1) against the training rows j of one column block:
///   G = X~[r0..<r1] * Y~^T                  (Tensors' fast kernel on the packed training set: FOUND-11)
///   out[i, j] = max(0, (|x~_i|^2 - 2 G_ij) + |y~_j|^2)   squared forms
///   out[i, j] = min(2, max(0, 1 - G_ij))                  cosine
/// The clamp removes the small negative values cancellation can leave. Cosine pairs with a zero row
/// are then set by convention (NBR-1): 0 when both rows are zero, 1 otherwise.
enum DistanceKernel {
  /// Writes base values for query rows `rows` against the training rows of one column block of
  /// `packed` (= `train.packedTranspose()`) into `out`: row i - rows.lowerBound, column
  /// j - block.lowerBound, row stride `rowStride` (default: the block's width). Runs on the caller's
  /// thread count (inside a search chunk: one thread).
  static func baseValues(queries: GemmForm, rows: Range<Int>, train: GemmForm, packed: MatrixMultiply.PackedRightOperand,
                         columnBlock b: Int, into out: UnsafeMutablePointer<Double>, rowStride: Int? = nil) {
    let d = queries.dimension
    let columns = packed.columnBlocks[b]
    let (m, width) = (rows.count, columns.count)
    let ldo = rowStride ?? width
    if m == 0 || width == 0 { return }
    let cosine = queries.metric == .cosine
    withPointer(queries.embedded) { x in
      MatrixMultiply.product(StridedMatrix(x + rows.lowerBound &* d, rowStride: d), m: m, packed, columnBlock: b, into: out,
                             rowStride: ldo)
    }
    queries.norms.withUnsafeBufferPointer { nx in
      train.norms.withUnsafeBufferPointer { ny in
        let yNorms = ny.baseAddress! + columns.lowerBound
        var i = 0
        while i < m {
          let row = out + i &* ldo
          if cosine {
            var j = 0
            while j < width { row[j] = Swift.min(2, Swift.max(0, 1 - row[j])); j &+= 1 }
          } else {
            let a = nx[rows.lowerBound &+ i]
            var j = 0
            while j < width { row[j] = Swift.max(0, (a - 2 * row[j]) + yNorms[j]); j &+= 1 }
          }
          i &+= 1
        }
      }
    }
    if cosine { fixZeroRows(queries: queries, rows: rows, train: train, columns: columns, out: out, rowStride: ldo) }
  }

  /// Cosine conventions for zero rows: d(0, 0) = 0, d(0, y) = d(x, 0) = 1.
  static func fixZeroRows(queries: GemmForm, rows: Range<Int>, train: GemmForm, columns: Range<Int>,
                          out: UnsafeMutablePointer<Double>, rowStride: Int) {
    let zeroColumns = columns.filter { train.isZero[$0] }
    for r in rows {
      let oRow = out + (r - rows.lowerBound) * rowStride
      if queries.isZero[r] {
        for j in columns { oRow[j - columns.lowerBound] = train.isZero[j] ? 0 : 1 }
      } else {
        for j in zeroColumns { oRow[j - columns.lowerBound] = 1 }
      }
    }
  }
}
