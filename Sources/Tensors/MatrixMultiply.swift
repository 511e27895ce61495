/// Matrix product kernels: the textbook reference and the fast blocked kernel (FOUND-10, FOUND-11).
///
/// Both compute C[i, j] = sum over p of A[i, p] * B[p, j] for row-major A (m x k), B (k x n),
/// C (m x n), and both add the k products in increasing p, starting from +0.0. Swift does not
/// contract `c + a * b` into a fused multiply-add, so the two kernels perform the same rounding
/// steps and agree bit for bit (a property test checks this; Spec FOUND-11 states the tolerance
/// we promise, 4 ulp-scale, should a future kernel reorder the sum).
public enum MatrixMultiply {
  /// Reference kernel: three nested loops, no blocking, no threads. Shapes: a[m*k], b[k*n] -> [m*n].
  public static func reference(_ a: [Double], _ b: [Double], m: Int, k: Int, n: Int) -> [Double] {
    precondition(a.count == m * k && b.count == k * n)
    var c = [Double](repeating: 0, count: m * n)
    for i in 0..<m {
      for j in 0..<n {
        var sum = 0.0
        for p in 0..<k { sum += a[i * k + p] * b[p * n + j] }
        c[i * n + j] = sum
      }
    }
    return c
  }

  /// Rows per parallel chunk. Fixed, so the split never depends on the thread count.
  static let rowsPerChunk = 32
  /// Depth of a k block: a 16-column panel of B over this depth (32 KiB) stays in L1/L2.
  static let depthBlock = 256

  /// Fast kernel: rows are split into fixed chunks run on `Parallelism.threads` threads; inside a
  /// chunk a 4 x 16 register tile (eight SIMD8 accumulators) walks over k blocks.
  /// Shapes: a[m*k], b[k*n] -> [m*n].
  public static func fast(_ a: [Double], _ b: [Double], m: Int, k: Int, n: Int,
                          threads: Int = Parallelism.threads) -> [Double] {
    precondition(a.count == m * k && b.count == k * n)
    var c = [Double](repeating: 0, count: m * n)
    if m == 0 || n == 0 || k == 0 { return c }
    let chunks = (m + rowsPerChunk - 1) / rowsPerChunk
    a.withUnsafeBufferPointer { aBuffer in
      b.withUnsafeBufferPointer { bBuffer in
        c.withUnsafeMutableBufferPointer { cBuffer in
          let (pa, pb, pc) = (aBuffer.baseAddress!, bBuffer.baseAddress!, cBuffer.baseAddress!)
          Parallelism.forEachChunk(chunks, threads: threads) { chunk in
            let rowStart = chunk &* rowsPerChunk
            let rowEnd = min(m, rowStart &+ rowsPerChunk)
            multiplyRows(pa, pb, pc, rows: rowStart..<rowEnd, k: k, n: n)
          }
        }
      }
    }
    return c
  }

  /// C[rows, :] += A[rows, :] B, k blocked, 4 x 16 tiles, scalar edges. Every C element receives
  /// its products in increasing p, exactly as in `reference`.
  @inline(__always)
  static func multiplyRows(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>,
                           _ c: UnsafeMutablePointer<Double>, rows: Range<Int>, k: Int, n: Int) {
    let fullColumns = n & ~15
    var p0 = 0
    while p0 < k {
      let p1 = min(k, p0 &+ depthBlock)
      var i = rows.lowerBound
      while i &+ 4 <= rows.upperBound {
        var j = 0
        while j < fullColumns {
          tile4x16(a, b, c, i: i, j: j, p0: p0, p1: p1, k: k, n: n)
          j &+= 16
        }
        for r in i..<(i &+ 4) { scalarEdge(a, b, c, i: r, columns: fullColumns..<n, p0: p0, p1: p1, k: k, n: n) }
        i &+= 4
      }
      while i < rows.upperBound {
        scalarEdge(a, b, c, i: i, columns: 0..<n, p0: p0, p1: p1, k: k, n: n)
        i &+= 1
      }
      p0 = p1
    }
  }

  /// The register tile: rows i..i+3, columns j..j+15, products p0..<p1 added in order.
  @inline(__always)
  static func tile4x16(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>,
                       _ c: UnsafeMutablePointer<Double>, i: Int, j: Int, p0: Int, p1: Int, k: Int, n: Int) {
    let c0 = c + (i &* n &+ j), c1 = c0 + n, c2 = c1 + n, c3 = c2 + n
    var acc00 = load8(c0), acc01 = load8(c0 + 8)
    var acc10 = load8(c1), acc11 = load8(c1 + 8)
    var acc20 = load8(c2), acc21 = load8(c2 + 8)
    var acc30 = load8(c3), acc31 = load8(c3 + 8)
    let a0 = a + i &* k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k
    var p = p0
    while p < p1 {
      let bRow = b + (p &* n &+ j)
      let b0 = load8(bRow), b1 = load8(bRow + 8)
      let s0 = SIMD8(repeating: a0[p]), s1 = SIMD8(repeating: a1[p])
      let s2 = SIMD8(repeating: a2[p]), s3 = SIMD8(repeating: a3[p])
      acc00 += s0 * b0; acc01 += s0 * b1
      acc10 += s1 * b0; acc11 += s1 * b1
      acc20 += s2 * b0; acc21 += s2 * b1
      acc30 += s3 * b0; acc31 += s3 * b1
      p &+= 1
    }
    store8(acc00, c0); store8(acc01, c0 + 8)
    store8(acc10, c1); store8(acc11, c1 + 8)
    store8(acc20, c2); store8(acc21, c2 + 8)
    store8(acc30, c3); store8(acc31, c3 + 8)
  }

  /// One row, the given columns, products p0..<p1 in order (edges the tile does not cover).
  @inline(__always)
  static func scalarEdge(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>,
                         _ c: UnsafeMutablePointer<Double>, i: Int, columns: Range<Int>,
                         p0: Int, p1: Int, k: Int, n: Int) {
    if columns.isEmpty { return }
    let cRow = c + i &* n
    let aRow = a + i &* k
    var p = p0
    while p < p1 {
      let aip = aRow[p]
      let bRow = b + p &* n
      for j in columns { cRow[j] += aip * bRow[j] }
      p &+= 1
    }
  }

  @inline(__always)
  static func load8(_ p: UnsafePointer<Double>) -> SIMD8<Double> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Double>.self)
  }

  @inline(__always)
  static func load8(_ p: UnsafeMutablePointer<Double>) -> SIMD8<Double> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Double>.self)
  }

  @inline(__always)
  static func store8(_ v: SIMD8<Double>, _ p: UnsafeMutablePointer<Double>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Double>.self)
  }
}
