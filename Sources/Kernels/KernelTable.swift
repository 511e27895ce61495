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
  /// Below this many multiply-adds a product runs on the calling thread whatever the thread count:
  /// waking a second thread costs more than half of such a product saves (an MLP's [64, 784] x
  /// [784, 128] products, 6.4 million, made its epoch a third slower on two threads than on one on
  /// a 2-core virtual machine; the n = 256 product, 16.8 million, gains). Tests set 0 to split
  /// every product.
  public var parallelProductLimit = 1 << 23

  public let packedLeftCount: @Sendable (_ rows: Int, _ depth: Int) -> Int
  public let packedRightCount: @Sendable (_ depth: Int, _ columns: Int) -> Int
  public let packLeft:
    @Sendable (_ a: StridedMatrix, _ rows: Range<Int>, _ depth: Range<Int>, _ out: UnsafeMutablePointer<Double>) -> Void
  public let packRight:
    @Sendable (_ b: StridedMatrix, _ depth: Range<Int>, _ columns: Range<Int>, _ out: UnsafeMutablePointer<Double>) -> Void
  public let macroKernel:
    @Sendable (
      _ packedA: UnsafePointer<Double>, _ rows: Int, _ packedB: UnsafePointer<Double>, _ columns: Int,
      _ depth: Int, _ c: UnsafeMutablePointer<Double>, _ ldc: Int, _ fromZero: Bool
    ) -> Void
  public let smallProduct: @Sendable (_ a: StridedMatrix, _ b: StridedMatrix, _ rows: Range<Int>, _ columns: Int, _ depth: Int,
                                      _ c: UnsafeMutablePointer<Double>, _ ldc: Int) -> Void
  /// The weighted-distance kernels (`WeightedDistanceKernel`), for panels of `weighted.panelWidth`.
  public let weighted: WeightedDistanceTable

  @inlinable
  public init(
    name: String, tileRows: Int, tileColumns: Int, depthBlock: Int, rowBlock: Int, columnBlock: Int, smallProductLimit: Int,
    packedLeftCount: @escaping @Sendable (Int, Int) -> Int,
    packedRightCount: @escaping @Sendable (Int, Int) -> Int,
    packLeft: @escaping @Sendable (StridedMatrix, Range<Int>, Range<Int>, UnsafeMutablePointer<Double>) -> Void,
    packRight: @escaping @Sendable (StridedMatrix, Range<Int>, Range<Int>, UnsafeMutablePointer<Double>) -> Void,
    macroKernel:
      @escaping @Sendable (UnsafePointer<Double>, Int, UnsafePointer<Double>, Int, Int, UnsafeMutablePointer<Double>, Int, Bool)
      -> Void,
    smallProduct:
      @escaping @Sendable (StridedMatrix, StridedMatrix, Range<Int>, Int, Int, UnsafeMutablePointer<Double>, Int) -> Void,
    weighted: WeightedDistanceTable
  ) {
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
    self.weighted = weighted
  }

  /// The same kernels with other block sizes and product limits (tests use this to send small
  /// shapes through every path and split them over threads; these change the schedule, never the
  /// result).
  public func reblocked(depthBlock: Int? = nil, rowTiles: Int? = nil, columnTiles: Int? = nil, smallProductLimit: Int? = nil,
                        parallelProductLimit: Int? = nil) -> KernelTable
  {
    var table = KernelTable(name: name, tileRows: tileRows, tileColumns: tileColumns, depthBlock: depthBlock ?? self.depthBlock,
      rowBlock: rowTiles.map { $0 * tileRows } ?? rowBlock, columnBlock: columnTiles.map { $0 * tileColumns } ?? columnBlock,
      smallProductLimit: smallProductLimit ?? self.smallProductLimit, packedLeftCount: packedLeftCount,
      packedRightCount: packedRightCount, packLeft: packLeft, packRight: packRight, macroKernel: macroKernel,
      smallProduct: smallProduct, weighted: weighted)
    table.parallelProductLimit = parallelProductLimit ?? self.parallelProductLimit
    return table
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
      macroKernel: {
        BlockedProduct<Tile>.macroKernel($0, rows: $1, $2, columns: $3, depth: $4, into: $5, rowStride: $6, fromZero: $7)
      },
      smallProduct: { BlockedProduct<Tile>.smallProduct($0, $1, rows: $2, columns: $3, depth: $4, into: $5, rowStride: $6) },
      weighted: .specialised(Tile.Vector.self))
  }
}

/// The weighted-distance kernels of one variant (FOUND-12): see `WeightedDistanceKernel`.
public struct WeightedDistanceTable: Sendable {
  /// Rows per packed panel (the vector width).
  public let panelWidth: Int
  public let packedCount: @Sendable (_ rows: Int, _ width: Int) -> Int
  public let pack:
    @Sendable (_ x: UnsafePointer<Double>, _ rows: Int, _ width: Int, _ panels: Range<Int>, _ out: UnsafeMutablePointer<Double>)
    -> Void
  public let forward: @Sendable (_ q: UnsafePointer<Double>, _ queries: Range<Int>, _ width: Int, _ cases: Int,
      _ packedCases: UnsafePointer<Double>, _ packedWeights: UnsafePointer<Double>, _ panels: Range<Int>,
      _ kind: WeightedDifference, _ s: UnsafeMutablePointer<Double>
    ) -> Void
  public let backwardCases:
    @Sendable (
      _ g: UnsafePointer<Double>, _ q: UnsafePointer<Double>, _ queries: Int, _ width: Int, _ cases: Int,
      _ packedCases: UnsafePointer<Double>, _ packedWeights: UnsafePointer<Double>, _ panels: Range<Int>,
      _ kind: WeightedDifference, _ dC: UnsafeMutablePointer<Double>, _ dW: UnsafeMutablePointer<Double>
    ) -> Void
  /// dW alone (`WeightedDistanceKernel.backwardWeights`).
  public let backwardWeights:
    @Sendable (
      _ g: UnsafePointer<Double>, _ q: UnsafePointer<Double>, _ queries: Int, _ width: Int, _ cases: Int,
      _ packedCases: UnsafePointer<Double>, _ panels: Range<Int>, _ kind: WeightedDifference, _ dW: UnsafeMutablePointer<Double>
    ) -> Void
  public let backwardQueries:
    @Sendable (
      _ gt: UnsafePointer<Double>, _ ldt: Int, _ packedQueries: UnsafePointer<Double>, _ queries: Int,
      _ width: Int, _ c: UnsafePointer<Double>, _ w: UnsafePointer<Double>, _ cases: Int,
      _ panels: Range<Int>, _ kind: WeightedDifference, _ dQ: UnsafeMutablePointer<Double>
    ) -> Void

  @inlinable
  public init(panelWidth: Int, packedCount: @escaping @Sendable (Int, Int) -> Int,
              pack: @escaping @Sendable (UnsafePointer<Double>, Int, Int, Range<Int>, UnsafeMutablePointer<Double>) -> Void,
    forward:
      @escaping @Sendable (
        UnsafePointer<Double>, Range<Int>, Int, Int, UnsafePointer<Double>, UnsafePointer<Double>,
        Range<Int>, WeightedDifference, UnsafeMutablePointer<Double>
      ) -> Void,
    backwardCases:
      @escaping @Sendable (
        UnsafePointer<Double>, UnsafePointer<Double>, Int, Int, Int, UnsafePointer<Double>,
        UnsafePointer<Double>, Range<Int>, WeightedDifference, UnsafeMutablePointer<Double>,
        UnsafeMutablePointer<Double>
      ) -> Void,
    backwardWeights:
      @escaping @Sendable (
        UnsafePointer<Double>, UnsafePointer<Double>, Int, Int, Int, UnsafePointer<Double>, Range<Int>, WeightedDifference,
        UnsafeMutablePointer<Double>
      ) -> Void,
    backwardQueries:
      @escaping @Sendable (
        UnsafePointer<Double>, Int, UnsafePointer<Double>, Int, Int, UnsafePointer<Double>,
        UnsafePointer<Double>, Int, Range<Int>, WeightedDifference, UnsafeMutablePointer<Double>
      ) -> Void
  ) {
    self.panelWidth = panelWidth
    self.packedCount = packedCount
    self.pack = pack
    self.forward = forward
    self.backwardCases = backwardCases
    self.backwardWeights = backwardWeights
    self.backwardQueries = backwardQueries
  }

  /// The kernels for vector type `V`, specialised in the calling module (see `KernelTable.specialised`).
  @inlinable
  public static func specialised<V: KernelVector>(_: V.Type) -> WeightedDistanceTable {
    typealias K = WeightedDistanceKernel<V>
    return WeightedDistanceTable(
      panelWidth: V.scalarCount,
      packedCount: { K.packedCount(rows: $0, width: $1) },
      pack: { K.pack($0, rows: $1, width: $2, panels: $3, into: $4) },
      forward: {
        K.forward($0, queries: $1, width: $2, cases: $3, packedCases: $4, packedWeights: $5, panels: $6, kind: $7, into: $8)
      },
      backwardCases: { K.backwardCases($0, $1, queries: $2, width: $3, cases: $4, packedCases: $5, packedWeights: $6, panels: $7,
                                       kind: $8, dC: $9, dW: $10) },
      backwardWeights: { K.backwardWeights($0, $1, queries: $2, width: $3, cases: $4, packedCases: $5, panels: $6, kind: $7,
                                           dW: $8) },
      backwardQueries: { K.backwardQueries($0, rowStride: $1, packedQueries: $2, queries: $3, width: $4, $5, $6, cases: $7,
                                           panels: $8, kind: $9, dQ: $10) })
  }
}
