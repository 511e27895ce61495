/// Packing and the macro-kernel of the blocked matrix product (FOUND-11), after Goto and van de
/// Geijn's design (as in BLIS): the driver (Tensors' `MatrixMultiply`) cuts C = A B into blocks of
/// `depthBlock` (KC) products and `columnBlock` (NC) columns, packs each block of B once into
/// NR-column panels, packs `rowBlock` (MC) rows of A into MR-row panels, and runs the macro-kernel,
/// which walks the panels and calls the register tile on each MR x NR piece of C.
///
/// None of this changes what is computed: every element of C still receives
/// fma(A[i, p], B[p, j], .) for p = 0, 1, ..., k - 1 in order (the tile's contract, `MicroTile`),
/// whatever the block sizes, the panel order or the thread that runs the block. Panels are padded
/// with zeros to whole tiles; the padded lanes are computed and thrown away, never stored in C.
public enum BlockedProduct<Tile: MicroTile> {
  /// Doubles needed for `rows` packed rows of A at the given depth (rows rounded up to MR).
  @inlinable
  public static func packedLeftCount(rows: Int, depth: Int) -> Int {
    (rows &+ Tile.rows &- 1) / Tile.rows &* Tile.rows &* depth
  }

  /// Doubles needed for `columns` packed columns of B at the given depth (rounded up to NR).
  @inlinable
  public static func packedRightCount(depth: Int, columns: Int) -> Int {
    (columns &+ Tile.columns &- 1) / Tile.columns &* Tile.columns &* depth
  }

  /// Packs A[rows, depth] into MR-row panels: panel q holds, for p = 0..<kc in order, the MR values
  /// A[rows.lowerBound + q MR + r, depth.lowerBound + p], r = 0..<MR (zero past the last row).
  @inlinable
  public static func packLeft(_ a: StridedMatrix, rows: Range<Int>, depth: Range<Int>, into out: UnsafeMutablePointer<Double>) {
    let mr = Tile.rows, kc = depth.count
    var panel = out
    var i0 = rows.lowerBound
    while i0 < rows.upperBound {
      let live = Swift.min(mr, rows.upperBound &- i0)
      if a.columnStride == 1 {
        // Row-major A: each row's depth segment is contiguous; write it with stride MR.
        for r in 0..<live {
          let source = a.base + ((i0 &+ r) &* a.rowStride &+ depth.lowerBound)
          var p = 0
          while p < kc { panel[p &* mr &+ r] = source[p]; p &+= 1 }
        }
      } else {
        let (rowStride, columnStride) = (a.rowStride, a.columnStride)
        for p in 0..<kc {
          let source = a.base + (i0 &* rowStride &+ (depth.lowerBound &+ p) &* columnStride)
          let destination = panel + p &* mr
          var r = 0
          while r < live { destination[r] = source[r &* rowStride]; r &+= 1 }
        }
      }
      if live < mr {
        for p in 0..<kc { for r in live..<mr { panel[p &* mr &+ r] = 0 } }
      }
      panel += mr &* kc
      i0 &+= mr
    }
  }

  /// Packs B[depth, columns] into NR-column panels: panel q holds, for p = 0..<kc in order, the NR
  /// values B[depth.lowerBound + p, columns.lowerBound + q NR + c], c = 0..<NR (zero past the last
  /// column).
  @inlinable
  public static func packRight(
    _ b: StridedMatrix, depth: Range<Int>, columns: Range<Int>,
    into out: UnsafeMutablePointer<Double>
  ) {
    let nr = Tile.columns, kc = depth.count
    var panel = out
    var j0 = columns.lowerBound
    while j0 < columns.upperBound {
      let live = Swift.min(nr, columns.upperBound &- j0)
      if b.columnStride == 1 {
        // Row-major B: each row's piece of the panel is contiguous.
        for p in 0..<kc {
          let source = b.base + ((depth.lowerBound &+ p) &* b.rowStride &+ j0)
          let destination = panel + p &* nr
          var c = 0
          while c < live { destination[c] = source[c]; c &+= 1 }
          while c < nr { destination[c] = 0; c &+= 1 }
        }
      } else {
        // Strided B (e.g. a transposed view): walk the depth outside so the panel is written in
        // order and each of the `live` source columns is read as a stream of neighbouring doubles.
        let (rowStride, columnStride) = (b.rowStride, b.columnStride)
        for p in 0..<kc {
          let source = b.base + ((depth.lowerBound &+ p) &* rowStride &+ j0 &* columnStride)
          let destination = panel + p &* nr
          var c = 0
          while c < live { destination[c] = source[c &* columnStride]; c &+= 1 }
          while c < nr { destination[c] = 0; c &+= 1 }
        }
      }
      panel += nr &* kc
      j0 &+= nr
    }
  }

  /// C[0..<rows, 0..<columns] (row stride `ldc`) += packed A (rows x depth) times packed B
  /// (depth x columns), continuing each element's chain of fused multiply-adds, or starting each
  /// chain at +0.0 without reading C when `fromZero` is set (the first block of products).
  /// Loop order: B panels outside, A panels inside, so one KC x NR panel of B stays in L1 while
  /// every A panel of the block passes it.
  @inlinable
  public static func macroKernel(_ packedA: UnsafePointer<Double>, rows: Int, _ packedB: UnsafePointer<Double>, columns: Int,
                                 depth: Int, into c: UnsafeMutablePointer<Double>, rowStride ldc: Int, fromZero: Bool) {
    let mr = Tile.rows, nr = Tile.columns
    var j0 = 0
    var bPanel = packedB
    while j0 < columns {
      let liveColumns = Swift.min(nr, columns &- j0)
      var i0 = 0
      var aPanel = packedA
      while i0 < rows {
        let liveRows = Swift.min(mr, rows &- i0)
        let tile = c + (i0 &* ldc &+ j0)
        if liveRows == mr && liveColumns == nr {
          Tile.accumulate(aPanel, bPanel, depth: depth, into: tile, rowStride: ldc, fromZero: fromZero)
        } else {
          edgeTile(
            aPanel, bPanel, depth: depth, into: tile, rowStride: ldc, rows: liveRows, columns: liveColumns, fromZero: fromZero)
        }
        aPanel += mr &* depth
        i0 &+= mr
      }
      bPanel += nr &* depth
      j0 &+= nr
    }
  }

  /// A partial tile at the bottom or right edge of C: the live elements are copied into a whole
  /// tile, accumulated there, and copied back.
  @inlinable
  static func edgeTile(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, depth: Int, into c: UnsafeMutablePointer<Double>,
                       rowStride ldc: Int, rows: Int, columns: Int, fromZero: Bool) {
    let mr = Tile.rows, nr = Tile.columns
    withUnsafeTemporaryAllocation(of: Double.self, capacity: mr &* nr) { buffer in
      let t = buffer.baseAddress!
      t.initialize(repeating: 0, count: mr &* nr)
      if !fromZero { for r in 0..<rows { for j in 0..<columns { t[r &* nr &+ j] = c[r &* ldc &+ j] } } }
      Tile.accumulate(a, b, depth: depth, into: t, rowStride: nr, fromZero: fromZero)
      for r in 0..<rows { for j in 0..<columns { c[r &* ldc &+ j] = t[r &* nr &+ j] } }
    }
  }

  /// The unpacked product for small problems: C[i, :] = +0.0, then for each p in order
  /// C[i, :] = fma(A[i, p], B[p, :], C[i, :]). Each element still receives its products in
  /// increasing p, so the result equals the blocked path's bit for bit.
  @inlinable
  public static func smallProduct(_ a: StridedMatrix, _ b: StridedMatrix, rows: Range<Int>, columns n: Int, depth k: Int,
                                  into c: UnsafeMutablePointer<Double>, rowStride ldc: Int) {
    typealias V = Tile.Vector
    let w = V.scalarCount
    for i in rows {
      let cRow = c + i &* ldc
      cRow.update(repeating: 0, count: n)
      for p in 0..<k {
        let aip = a[i, p]
        let s = V(repeating: aip)
        var j = 0
        if b.columnStride == 1 {
          let bRow = b.base + p &* b.rowStride
          while j &+ w <= n {
            var x: V = load(cRow + j)
            x.addProduct(s, load(bRow + j))
            store(x, cRow + j)
            j &+= w
          }
        }
        while j < n { cRow[j] = cRow[j].addingProduct(aip, b[p, j]); j &+= 1 }
      }
    }
  }
}
