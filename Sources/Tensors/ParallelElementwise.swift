/// Elementwise maps split over the threads (FOUND-31): each output element is one call of a pure
/// function on its own inputs, so any split gives the same bits as the serial `map`. The tape's
/// elementwise operations run on these: NN-kNN's [batch, cases] activations (sigmoid's exp above
/// all) were a serial quarter of a training step on two cores.
extension Tensor {
  /// Elements per chunk: a chunk's work outweighs handing it to a thread, and a [32, 1617]
  /// matrix still splits into 13 chunks (7 and 6 on two threads).
  public static let elementwiseChunk = 4096

  /// y[i] = f(x[i]) with the same shape, chunks of `elementwiseChunk` on the threads. `f` must be
  /// pure: several threads call it at once.
  @inlinable
  public func parallelMap(_ f: (Double) -> Double) -> Tensor {
    parallelChunks { x, y in for i in x.indices { y[i] = f(x[i]) } }
  }

  /// z[i] = f(a[i], b[i], c[i]) for three tensors of `shape` (a VJP's g, x and y), chunks of
  /// `elementwiseChunk` on the threads. `f` must be pure.
  @inlinable
  public static func parallelMap(_ a: Tensor, _ b: Tensor, _ c: Tensor, shape: [Int],
                                 _ f: (Double, Double, Double) -> Double) -> Tensor {
    let (a, b, c) = (a.storage, b.storage, c.storage)
    precondition(a.count == b.count && b.count == c.count && c.count == shape.reduce(1, *), "parallelMap: element counts differ")
    return Tensor(uncheckedShape: shape, scalars: chunked(a.count) { range, out in
      a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in c.withUnsafeBufferPointer { c in
        for i in range { out[i] = f(a[i], b[i], c[i]) }
      } } }
    })
  }

  /// y with this shape written chunk by chunk: `body(x, y)` gets one chunk of the elements (at most
  /// `elementwiseChunk`) and the same positions of the result, to fill whole; chunks run on the
  /// threads. For rules that work on runs of elements (a vectorised second pass). `body` must be
  /// pure.
  @inlinable
  public func parallelChunks(_ body: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void) -> Tensor {
    let x = storage
    return Tensor(uncheckedShape: shape, scalars: Self.chunked(x.count) { range, out in
      x.withUnsafeBufferPointer { x in
        body(UnsafeBufferPointer(rebasing: x[range]), UnsafeMutableBufferPointer(start: out + range.lowerBound, count: range.count))
      }
    })
  }

  /// A [m, width] result (m = this matrix's rows, width its columns unless given) written a block
  /// of rows at a time: `body(rows, out)` fills rows `rows` of the result, `out` pointing at the
  /// first of them. Blocks of about `elementwiseChunk` elements run on the threads (from four
  /// blocks, as `parallelMap`). For rules where a row's outputs depend on that row alone, so any
  /// split gives the same bits. Shape: self [m, n] -> [m, width ?? n]; `body` must be pure.
  @inlinable
  public func parallelRows(width: Int? = nil, _ body: (Range<Int>, UnsafeMutablePointer<Double>) -> Void) -> Tensor {
    precondition(rank == 2, "parallelRows: a matrix is needed, got shape \(shape)")
    let (m, width) = (shape[0], width ?? shape[1])
    let rowsPerBlock = Swift.max(1, Self.elementwiseChunk / Swift.max(1, Swift.max(shape[1], width)))
    let blocks = (m + rowsPerBlock - 1) / rowsPerBlock
    let scalars = [Double](unsafeUninitializedCapacity: m * width) { out, initialised in
      if m * width > 0 {
        let base = out.baseAddress!
        Parallelism.forEachChunk(blocks, threads: blocks >= 4 ? Parallelism.threads : 1) { block in
          let rows = (block * rowsPerBlock)..<Swift.min(m, (block + 1) * rowsPerBlock)
          body(rows, base + rows.lowerBound * width)
        }
      }
      initialised = m * width
    }
    return Tensor(uncheckedShape: [m, width], scalars: scalars)
  }

  /// `count` elements written by `body(range, out)` for fixed ranges of `elementwiseChunk`.
  @inlinable
  static func chunked(_ count: Int, _ body: (Range<Int>, UnsafeMutablePointer<Double>) -> Void) -> [Double] {
    [Double](unsafeUninitializedCapacity: count) { out, initialised in
      if count > 0 {
        let base = out.baseAddress!, size = elementwiseChunk
        // Fewer than four chunks stay on this thread: waking another costs more than it saves
        // (an MLP's [64, 128] activations ran slower on two threads than on one).
        let threads = count >= 4 * size ? Parallelism.threads : 1
        Parallelism.forEachChunk((count + size - 1) / size, threads: threads) { chunk in
          body((chunk * size)..<Swift.min(count, (chunk + 1) * size), base)
        }
      }
      initialised = count
    }
  }
}
