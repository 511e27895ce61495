/// One instruction-set variant of the kernel layer (FOUND-11, FOUND-13): the matrix-product
/// building blocks specialised for a register tile and compiled for one target CPU.
///
/// Every variant computes the same bits: the tile contract fixes each element's sequence of fused
/// multiply-adds, so variants differ in speed only. Tensors' `KernelSelection` picks the table once
/// at start-up from the CPU's features (or `NN_KERNEL`), and the product driver calls through it.
public struct KernelTable: Sendable {
  /// The variant's name: "portable", "x86-64-v3" (AVX2 + FMA) or "x86-64-v4" (AVX-512).
  public let name: String
  /// Rows (MR) and columns (NR) of the register tile.
  public let tileRows: Int
  public let tileColumns: Int
  /// KC: products per block (the depth of a packed panel).
  public let depthBlock: Int
  /// MC: rows of A packed at a time (a block of A stays in L2).
  public let rowBlock: Int
  /// NC: columns of B packed at a time (a block of B stays in L3).
  public let columnBlock: Int
  /// Below this many multiply-adds (m n k) the unpacked `smallProduct` is used.
  public let smallProductLimit: Int

  public let packedLeftCount: @Sendable (_ rows: Int, _ depth: Int) -> Int
  public let packedRightCount: @Sendable (_ depth: Int, _ columns: Int) -> Int
  public let packLeft: @Sendable (_ a: StridedMatrix, _ rows: Range<Int>, _ depth: Range<Int>, _ out: UnsafeMutablePointer<Double>) -> Void
  public let packRight: @Sendable (_ b: StridedMatrix, _ depth: Range<Int>, _ columns: Range<Int>, _ out: UnsafeMutablePointer<Double>) -> Void
  public let macroKernel: @Sendable (_ packedA: UnsafePointer<Double>, _ rows: Int, _ packedB: UnsafePointer<Double>, _ columns: Int,
                                     _ depth: Int, _ c: UnsafeMutablePointer<Double>, _ ldc: Int, _ fromZero: Bool) -> Void
  public let smallProduct: @Sendable (_ a: StridedMatrix, _ b: StridedMatrix, _ rows: Range<Int>, _ columns: Int, _ depth: Int,
                                      _ c: UnsafeMutablePointer<Double>, _ ldc: Int) -> Void

  @inlinable
  public init(name: String, tileRows: Int, tileColumns: Int, depthBlock: Int, rowBlock: Int, columnBlock: Int, smallProductLimit: Int,
              packedLeftCount: @escaping @Sendable (Int, Int) -> Int,
              packedRightCount: @escaping @Sendable (Int, Int) -> Int,
              packLeft: @escaping @Sendable (StridedMatrix, Range<Int>, Range<Int>, UnsafeMutablePointer<Double>) -> Void,
              packRight: @escaping @Sendable (StridedMatrix, Range<Int>, Range<Int>, UnsafeMutablePointer<Double>) -> Void,
              macroKernel: @escaping @Sendable (UnsafePointer<Double>, Int, UnsafePointer<Double>, Int, Int, UnsafeMutablePointer<Double>, Int, Bool) -> Void,
              smallProduct: @escaping @Sendable (StridedMatrix, StridedMatrix, Range<Int>, Int, Int, UnsafeMutablePointer<Double>, Int) -> Void) {
    precondition(rowBlock % tileRows == 0 && columnBlock % tileColumns == 0, "blocks must be whole tiles")
    self.name = name
    self.tileRows = tileRows
    self.tileColumns = tileColumns
    self.depthBlock = depthBlock
    self.rowBlock = rowBlock
    self.columnBlock = columnBlock
    self.smallProductLimit = smallProductLimit
    self.packedLeftCount = packedLeftCount
    self.packedRightCount = packedRightCount
    self.packLeft = packLeft
    self.packRight = packRight
    self.macroKernel = macroKernel
    self.smallProduct = smallProduct
  }

  /// The same kernels with other block sizes and small-product limit (tests use this to send small
  /// shapes through every path; block sizes change the schedule, never the result).
  public func reblocked(depthBlock: Int? = nil, rowTiles: Int? = nil, columnTiles: Int? = nil, smallProductLimit: Int? = nil) -> KernelTable {
    KernelTable(name: name, tileRows: tileRows, tileColumns: tileColumns, depthBlock: depthBlock ?? self.depthBlock,
                rowBlock: rowTiles.map { $0 * tileRows } ?? rowBlock, columnBlock: columnTiles.map { $0 * tileColumns } ?? columnBlock,
                smallProductLimit: smallProductLimit ?? self.smallProductLimit, packedLeftCount: packedLeftCount,
                packedRightCount: packedRightCount, packLeft: packLeft, packRight: packRight, macroKernel: macroKernel,
                smallProduct: smallProduct)
  }

  /// The table of one tile type: the generic building blocks specialised here, so that a variant
  /// module calling this compiles them for its own target CPU (the closures are emitted in the
  /// caller's module, with the caller's `-target-cpu`).
  @inlinable
  public static func specialised<Tile: MicroTile>(name: String, tile: Tile.Type, depthBlock: Int, rowTiles: Int, columnTiles: Int,
                                                  smallProductLimit: Int) -> KernelTable {
    KernelTable(
      name: name, tileRows: Tile.rows, tileColumns: Tile.columns, depthBlock: depthBlock,
      rowBlock: rowTiles * Tile.rows, columnBlock: columnTiles * Tile.columns, smallProductLimit: smallProductLimit,
      packedLeftCount: { BlockedProduct<Tile>.packedLeftCount(rows: $0, depth: $1) },
      packedRightCount: { BlockedProduct<Tile>.packedRightCount(depth: $0, columns: $1) },
      packLeft: { BlockedProduct<Tile>.packLeft($0, rows: $1, depth: $2, into: $3) },
      packRight: { BlockedProduct<Tile>.packRight($0, depth: $1, columns: $2, into: $3) },
      macroKernel: { BlockedProduct<Tile>.macroKernel($0, rows: $1, $2, columns: $3, depth: $4, into: $5, rowStride: $6, fromZero: $7) },
      smallProduct: { BlockedProduct<Tile>.smallProduct($0, $1, rows: $2, columns: $3, depth: $4, into: $5, rowStride: $6) })
  }
}
