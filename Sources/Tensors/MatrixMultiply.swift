import Kernels

/// Matrix product kernels: the textbook reference and the fast blocked kernel (FOUND-10, FOUND-11).
///
/// Both compute C[i, j] = sum over p of A[i, p] * B[p, j] as one chain of fused multiply-adds,
///
///     c = +0.0;  c = fma(A[i, 0], B[0, j], c);  c = fma(A[i, 1], B[1, j], c);  ...  (p increasing)
///
/// so the two agree bit for bit, and so does every instruction-set variant of the fast kernel and
/// every thread count (FOUND-13, FOUND-31): what differs between them is only which products are
/// computed at the same time, never the order in which one element receives its products.
public enum MatrixMultiply {
  /// Reference kernel: three nested loops, no blocking, no threads. Shapes: a[m*k], b[k*n] -> [m*n].
  public static func reference(_ a: [Double], _ b: [Double], m: Int, k: Int, n: Int) -> [Double] {
    precondition(a.count == m * k && b.count == k * n)
    var c = [Double](repeating: 0, count: m * n)
    for i in 0..<m {
      for j in 0..<n {
        var sum = 0.0
        for p in 0..<k { sum = sum.addingProduct(a[i * k + p], b[p * n + j]) }
        c[i * n + j] = sum
      }
    }
    return c
  }

  /// Fast kernel on row-major arrays: C = op(A) op(B) with op(A) [m, k] and op(B) [k, n], where
  /// op(X) is X or, when its flag is set, X^T (so `a` holds [k, m] and `b` holds [n, k] then).
  /// `variant`: nil for the one in force (`KernelSelection.selected`). Shapes -> [m*n].
  public static func fast(
    _ a: [Double], _ b: [Double], m: Int, k: Int, n: Int, transposeA: Bool = false, transposeB: Bool = false,
    threads: Int = Parallelism.threads, variant: KernelVariant? = nil
  ) -> [Double] {
    precondition(a.count == m * k && b.count == k * n)
    if m == 0 || n == 0 { return [] }
    // The product writes every element without reading it, so the array need not be zeroed first.
    return [Double](unsafeUninitializedCapacity: m * n) { buffer, count in
      let c = buffer.baseAddress!
      a.withUnsafeBufferPointer { pa in
        b.withUnsafeBufferPointer { pb in
          // An empty A or B (k = 0) has no storage; any valid address serves, nothing is read.
          let baseA = pa.baseAddress ?? UnsafePointer(c), baseB = pb.baseAddress ?? UnsafePointer(c)
          let viewA = transposeA ? StridedMatrix(baseA, rowStride: 1, columnStride: m) : StridedMatrix(baseA, rowStride: k)
          let viewB = transposeB ? StridedMatrix(baseB, rowStride: 1, columnStride: k) : StridedMatrix(baseB, rowStride: n)
          product(viewA, viewB, m: m, k: k, n: n, into: c, rowStride: n, threads: threads, variant: variant)
        }
      }
      count = m * n
    }
  }

  /// The blocked product on views: C[0..<m, 0..<n] (row stride `ldc`) = A B for views A [m, k],
  /// B [k, n]. C is overwritten (every element's chain starts from +0.0; C is never read, so it
  /// may be uninitialised memory).
  ///
  /// Blocking (Goto/BLIS): for each block of NC columns and KC products, B's block is packed once
  /// (in parallel over its panels); blocks of rows of A are then packed and multiplied in parallel,
  /// each by one thread. Blocks never split an element's chain across threads, so the thread count
  /// changes the schedule, never the result. Problems below the variant's `smallProductLimit`
  /// multiply-adds skip packing (same chains, row by row).
  public static func product(_ a: StridedMatrix, _ b: StridedMatrix, m: Int, k: Int, n: Int,
                             into c: UnsafeMutablePointer<Double>, rowStride ldc: Int,
                             threads: Int = Parallelism.threads, variant: KernelVariant? = nil) {
    product(a, b, m: m, k: k, n: n, into: c, rowStride: ldc, threads: threads,
            kernels: variant.flatMap(KernelSelection.table) ?? KernelSelection.selectedTable)
  }

  /// The same with an explicit table (tests pass tables with other block sizes and limits).
  static func product(_ a: StridedMatrix, _ b: StridedMatrix, m: Int, k: Int, n: Int,
                      into c: UnsafeMutablePointer<Double>, rowStride ldc: Int, threads requested: Int, kernels: KernelTable) {
    precondition(m >= 0 && k >= 0 && n >= 0 && ldc >= n)
    // Small products stay on the calling thread (the table's parallelProductLimit says why).
    let threads = Double(m) * Double(n) * Double(k) < Double(kernels.parallelProductLimit) ? 1 : requested
    if m == 0 || n == 0 { return }
    if k == 0 {
      for i in 0..<m { (c + i &* ldc).update(repeating: 0, count: n) }
      return
    }
    if Double(m) * Double(n) * Double(k) <= Double(kernels.smallProductLimit) {
      kernels.smallProduct(a, b, 0..<m, n, k, c, ldc)
      return
    }
    // Shapes where packing cannot pay: a depth of a few products (NN-kNN's glocal product, depth w)
    // packs A and B to use each element a handful of times; fewer rows than a tile makes every
    // tile an edge tile (the product's transpose-side VJP, w rows). Unpacked, row blocks on the
    // threads; B read a row at a time, so only where its rows are contiguous. (A table whose
    // limit is 0 always takes the blocked path: the tests force it that way.)
    if kernels.smallProductLimit > 0 && b.columnStride == 1 && (k < 8 || m < kernels.tileRows) {
      let rowsPerChunk = Swift.max(1, kernels.smallProductLimit / Swift.max(1, n &* k))
      let chunks = (m &+ rowsPerChunk &- 1) / rowsPerChunk
      Parallelism.forEachChunk(chunks, threads: threads) { chunk in
        kernels.smallProduct(a, b, (chunk &* rowsPerChunk)..<Swift.min(m, (chunk &+ 1) &* rowsPerChunk), n, k, c, ldc)
      }
      return
    }
    let (kc, nc, nr) = (kernels.depthBlock, kernels.columnBlock, kernels.tileColumns)
    let packedB = UnsafeMutablePointer<Double>.allocate(capacity: kernels.packedRightCount(Swift.min(kc, k), Swift.min(nc, n)))
    defer { packedB.deallocate() }
    var j0 = 0
    while j0 < n {
      let columns = j0..<Swift.min(n, j0 &+ nc)
      var p0 = 0
      while p0 < k {
        let depth = p0..<Swift.min(k, p0 &+ kc)
        // Pack B's block, a group of 8 panels per chunk.
        let panels = (columns.count &+ nr &- 1) / nr
        let panelGroup = 8
        Parallelism.forEachChunk((panels &+ panelGroup &- 1) / panelGroup, threads: threads) { group in
          let first = group &* panelGroup
          let cols =
            (columns.lowerBound &+ first &* nr)..<Swift.min(columns.upperBound, columns.lowerBound &+ (first &+ panelGroup) &* nr)
          kernels.packRight(b, depth, cols, packedB + first &* nr &* depth.count)
        }
        multiplyBlock(
          a, m: m, packedB, columns: columns, depth: depth, into: c, rowStride: ldc, threads: threads, kernels: kernels,
          fromZero: p0 == 0)
        p0 = depth.upperBound
      }
      j0 = columns.upperBound
    }
  }

  /// C[:, columns] continues its chains (or, `fromZero`, starts them) with A[:, depth] times the
  /// packed block of B. The rows are cut into one contiguous band per thread (whole tiles, as even
  /// as the tile height allows), and each band is packed and multiplied MC rows at a time into the
  /// band's own buffer: every thread gets the same share of the work, whatever m is.
  static func multiplyBlock(_ a: StridedMatrix, m: Int, _ packedB: UnsafePointer<Double>, columns: Range<Int>, depth: Range<Int>,
                            into c: UnsafeMutablePointer<Double>, rowStride ldc: Int, threads: Int, kernels: KernelTable,
                            fromZero: Bool) {
    let bands = RowBands(m: m, threads: threads, tileRows: kernels.tileRows)
    Parallelism.forEachChunk(bands.count, threads: threads) { band in
      let rows = bands[band]
      let mc = kernels.rowBlock
      let packedA = UnsafeMutablePointer<Double>.allocate(capacity: kernels.packedLeftCount(Swift.min(mc, rows.count), depth.count))
      defer { packedA.deallocate() }
      var i0 = rows.lowerBound
      while i0 < rows.upperBound {
        let block = i0..<Swift.min(rows.upperBound, i0 &+ mc)
        kernels.packLeft(a, block, depth, packedA)
        kernels.macroKernel(packedA, block.count, packedB, columns.count, depth.count,
                            c + (block.lowerBound &* ldc &+ columns.lowerBound), ldc, fromZero)
        i0 = block.upperBound
      }
    }
  }

  /// The row bands of one product: one per thread (fewer when m has fewer tiles), each a
  /// contiguous run of whole MR-row tiles, band b holding tiles [b T / count, (b + 1) T / count)
  /// of the T = ceil(m / MR) tiles (the last band ends at m).
  struct RowBands {
    let m: Int
    let tileRows: Int
    let tiles: Int
    let count: Int

    init(m: Int, threads: Int, tileRows: Int) {
      self.m = m
      self.tileRows = tileRows
      self.tiles = (m &+ tileRows &- 1) / tileRows
      self.count = Swift.max(1, Swift.min(threads, tiles))
    }

    subscript(band: Int) -> Range<Int> {
      let first = band &* tiles / count, last = (band &+ 1) &* tiles / count
      return (first &* tileRows)..<Swift.min(m, last &* tileRows)
    }
  }
}
