import Kernels

extension MatrixMultiply {
  /// A right operand B [k, n] packed once into the kernel's panels, for many products with it
  /// (FOUND-11): the exact search packs its training set once and multiplies every chunk of
  /// queries against it.
  ///
  /// Storage: the blocks of NC columns by KC products, column blocks outside, each block in the
  /// panel layout of the variant that packed it (`BlockedProduct.packRight`). Memory: k times n
  /// rounded up to whole panels, in doubles.
  public struct PackedRightOperand: Sendable {
    /// k, the inner extent.
    public let depth: Int
    /// n, the columns of B (and of every product).
    public let columns: Int
    /// The variant whose panel layout this is.
    public let variant: KernelVariant
    let kernels: KernelTable
    let storage: [Double]
    /// offsets[column block][depth block]: where that block starts in `storage`.
    let offsets: [[Int]]

    /// The column blocks (NC columns each, the last one shorter), in order.
    public var columnBlocks: [Range<Int>] {
      stride(from: 0, to: columns, by: kernels.columnBlock).map { $0..<Swift.min(columns, $0 + kernels.columnBlock) }
    }

    /// Packs the view `b` [k, n] for `variant` (nil: the one in force), in parallel over blocks.
    public init(
      _ b: StridedMatrix, depth k: Int, columns n: Int, threads: Int = Parallelism.threads, variant: KernelVariant? = nil
    ) {
      precondition(k >= 0 && n >= 0)
      let chosen = variant.flatMap { KernelSelection.supported.contains($0) ? $0 : nil } ?? KernelSelection.selected
      let kernels = KernelSelection.table(chosen)!
      let (kc, nc) = (kernels.depthBlock, kernels.columnBlock)
      var offsets: [[Int]] = []
      var blocks: [(columns: Range<Int>, depth: Range<Int>, offset: Int)] = []
      var total = 0
      for j0 in stride(from: 0, to: n, by: nc) {
        let columns = j0..<Swift.min(n, j0 + nc)
        var row: [Int] = []
        for p0 in stride(from: 0, to: k, by: kc) {
          let depth = p0..<Swift.min(k, p0 + kc)
          row.append(total)
          blocks.append((columns, depth, total))
          total += kernels.packedRightCount(depth.count, columns.count)
        }
        offsets.append(row)
      }
      var storage = [Double](repeating: 0, count: total)
      storage.withUnsafeMutableBufferPointer { buffer in
        let base = buffer.baseAddress
        Parallelism.forEachChunk(blocks.count, threads: threads) { i in
          kernels.packRight(b, blocks[i].depth, blocks[i].columns, base! + blocks[i].offset)
        }
      }
      (self.depth, self.columns, self.variant, self.kernels, self.storage, self.offsets) = (
        k, n, chosen, kernels, storage, offsets
      )
    }
  }

  /// C[0..<m, 0..<n] (row stride `ldc`) = A B for a view A [m, k] and a packed B: the same chains,
  /// and so the same bits, as ``product(_:_:m:k:n:into:rowStride:threads:variant:)`` on B itself.
  /// C is never read (it may be uninitialised).
  public static func product(_ a: StridedMatrix, m: Int, _ b: PackedRightOperand, into c: UnsafeMutablePointer<Double>,
                             rowStride ldc: Int, threads: Int = Parallelism.threads) {
    precondition(ldc >= b.columns)
    for (block, columns) in b.columnBlocks.enumerated() {
      product(a, m: m, b, columnBlock: block, into: c + columns.lowerBound, rowStride: ldc, threads: threads)
    }
  }

  /// The columns of one column block only: C[0..<m, 0..<w] (row stride `ldc`) = A B[:, block],
  /// w = the block's width. The same bits as those columns of the whole product.
  public static func product(_ a: StridedMatrix, m: Int, _ b: PackedRightOperand, columnBlock block: Int,
                             into c: UnsafeMutablePointer<Double>, rowStride ldc: Int, threads: Int = Parallelism.threads) {
    let (k, kernels) = (b.depth, b.kernels)
    let width = b.columnBlocks[block].count
    precondition(m >= 0 && ldc >= width)
    if m == 0 || width == 0 { return }
    if k == 0 {
      for i in 0..<m { (c + i &* ldc).update(repeating: 0, count: width) }
      return
    }
    b.storage.withUnsafeBufferPointer { storage in
      for (pBlock, p0) in stride(from: 0, to: k, by: kernels.depthBlock).enumerated() {
        let depth = p0..<Swift.min(k, p0 &+ kernels.depthBlock)
        multiplyBlock(a, m: m, storage.baseAddress! + b.offsets[block][pBlock], columns: 0..<width, depth: depth,
                      into: c, rowStride: ldc, threads: threads, kernels: kernels, fromZero: pBlock == 0)
      }
    }
  }
}
