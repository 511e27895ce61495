/// The fast 2-D convolution (FOUND-82): im2col and the project's matrix product, with the naive
/// seven-loop twin in ``Convolution2DReference`` (same shapes, same meaning, FOUND-81).
///
/// The batch is cut into chunks of images fixed by the sizes (``Convolution2DShape/imageChunks``).
/// For a chunk of B images and each group, the patch matrix ("im2col", one row per output pixel)
///
///   rows [B P, K],  P = OH OW (rows (b, oh, ow)),  K = (C/g) kH kW (columns (c, i, j)),
///   rows[(b, oh, ow), (c, i, j)] = x[n0 + b, channel c of the group, ih, iw]  (0 in the padding)
///
/// turns the convolution into matrix products (`MatrixMultiply.fast`) whose long dimension B P is
/// the row count, so the rows split over threads; the other operand is cut into panels of at
/// most ``panelWidth`` columns so that it stays in cache:
///
///   forward:   Y_g^T[:, J] = rows W_g^T[:, J]            per panel J of output channels
///   backward:  per panel J of patch columns, with rows_J = rows[:, J] built on its own:
///              dW_g[:, J] += G_g rows_J                  (G_g [Og, B P]: the cotangent's rows)
///              drows_J     = G_g^T W_g[:, J], added back into dx ("col2im")
///   db[o] = sum over n, oh, ow of G[n, o, oh, ow], in that order.
///
/// Summation order: the forward sum of each output element runs over (c, i, j) as the reference's
/// does (the padding adds exact zeros), so it differs from the reference only by how the matrix
/// product rounds; dw sums over images chunk by chunk, and dx in another order than the
/// reference. Agreement with the twin is therefore stated in scaled ulps (FOUND-82), not bit for
/// bit. Results never depend on the thread count: chunks are fixed by the sizes, the patch rows
/// are built and added back image by image, each image by one thread.
public enum Convolution2D {
  /// The widest panel of a matrix-product operand that is not split over rows: 128 columns keep
  /// a 256-deep block of it (the product's depth block) within 256 KiB.
  static let panelWidth = 128

  /// The column ranges of panels of at most ``panelWidth`` columns covering 0..<count.
  static func panels(_ count: Int) -> [Range<Int>] {
    stride(from: 0, to: count, by: panelWidth).map { $0..<Swift.min(count, $0 + panelWidth) }
  }

  /// Columns `columns` of a row-major [rows, width] matrix, as a contiguous [rows, columns.count] matrix.
  static func columns(_ a: [Double], rows: Int, width: Int, _ columns: Range<Int>) -> [Double] {
    if columns == 0..<width { return a }
    var out = [Double](repeating: 0, count: rows * columns.count)
    for r in 0..<rows {
      out.replaceSubrange((r * columns.count)..<((r + 1) * columns.count),
                          with: a[(r * width + columns.lowerBound)..<(r * width + columns.upperBound)])
    }
    return out
  }

  /// y [N, O, OH, OW] from x [N, C, H, W], w [O, C/g, kH, kW], b [O] or nil.
  public static func forward(_ x: [Double], _ w: [Double], bias: [Double]?, _ s: Convolution2DShape,
                             threads: Int = Parallelism.threads) -> [Double] {
    precondition(x.count == s.inputCount && w.count == s.weightCount && (bias?.count ?? s.outputChannels) == s.outputChannels)
    let (og, k, plane) = (s.outputChannelsPerGroup, s.patchSize, s.placed.outputPlane)
    let outputPanels = panels(og)
    // W_g^T [K, Og], cut into panels of output channels: [group][panel] -> [K, panel width].
    let weightPanels = (0..<s.groups).map { group in
      let transposed = transpose(groupWeights(w, s, group), rows: og, columns: k)
      return outputPanels.map { columns(transposed, rows: k, width: og, $0) }
    }
    var y = [Double](repeating: 0, count: s.outputCount)
    for images in s.imageChunks {
      for group in 0..<s.groups {
        let rows = patchRows(x, s, images: images, group: group, columns: 0..<k, threads: threads)
        for (index, panel) in outputPanels.enumerated() {
          let width = panel.count
          let product = MatrixMultiply.fast(rows, weightPanels[group][index], m: images.count * plane, k: k, n: width,
                                            threads: threads)
          // product [B P, panel] -> y[n, group Og + o, q], plus the bias.
          product.withUnsafeBufferPointer { r in
            y.withUnsafeMutableBufferPointer { out in
              for (b, n) in images.enumerated() {
                for o in 0..<width {
                  let channel = group &* og &+ panel.lowerBound &+ o
                  let source = r.baseAddress! + (b &* plane &* width &+ o)
                  let target = out.baseAddress! + (n &* s.outputChannels &+ channel) &* plane
                  if let shift = bias?[channel] {
                    for q in 0..<plane { target[q] = source[q &* width] + shift }
                  } else {
                    for q in 0..<plane { target[q] = source[q &* width] }
                  }
                }
              }
            }
          }
        }
      }
    }
    return y
  }

  /// (dx [N, C, H, W], dw [O, C/g, kH, kW], db [O]) from the output cotangent G [N, O, OH, OW].
  /// With `inputCotangent` false, dx is left empty and its products skipped (a network's first
  /// convolution: nothing needs the image's cotangent, FOUND-72); dw and db are the same bits.
  public static func backward(_ g: [Double], _ x: [Double], _ w: [Double], _ s: Convolution2DShape,
                              inputCotangent: Bool = true,
                              threads: Int = Parallelism.threads) -> (dx: [Double], dw: [Double], db: [Double]) {
    precondition(g.count == s.outputCount && x.count == s.inputCount && w.count == s.weightCount)
    let (og, k, plane) = (s.outputChannelsPerGroup, s.patchSize, s.placed.outputPlane)
    var dx = [Double](repeating: 0, count: inputCotangent ? s.inputCount : 0)
    var dw = [Double](repeating: 0, count: s.weightCount)
    var db = [Double](repeating: 0, count: s.outputChannels)
    for n in 0..<s.batch {
      for o in 0..<s.outputChannels {
        let base = (n * s.outputChannels + o) * plane
        var sum = db[o]
        for q in 0..<plane { sum += g[base + q] }
        db[o] = sum
      }
    }
    let patchPanels = panels(k)
    // W_g [Og, K] cut into panels of patch columns: [group][panel] -> [Og, panel width].
    let weightPanels = (0..<s.groups).map { group in
      patchPanels.map { columns(groupWeights(w, s, group), rows: og, width: k, $0) }
    }
    for images in s.imageChunks {
      let length = images.count * plane
      for group in 0..<s.groups {
        let cotangent = cotangentRows(g, s, images: images, group: group)  // G_g [Og, B P]
        let cotangentTransposed = inputCotangent ? transpose(cotangent, rows: og, columns: length) : []  // [B P, Og]
        for (index, panel) in patchPanels.enumerated() {
          let rows = patchRows(x, s, images: images, group: group, columns: panel, threads: threads)  // [B P, panel]
          let weightStep = MatrixMultiply.fast(cotangent, rows, m: og, k: length, n: panel.count, threads: threads)
          for o in 0..<og {
            let base = (group * og + o) * k + panel.lowerBound
            for r in 0..<panel.count { dw[base + r] += weightStep[o * panel.count + r] }
          }
          guard inputCotangent else { continue }
          let rowCotangent = MatrixMultiply.fast(cotangentTransposed, weightPanels[group][index], m: length, k: og,
                                                 n: panel.count,
                                                 threads: threads)
          addPatchRows(rowCotangent, into: &dx, s, images: images, group: group, columns: panel, threads: threads)
        }
      }
    }
    return (dx, dw, db)
  }

  /// The weights of one group, [Og, K] (contiguous in w's layout).
  static func groupWeights(_ w: [Double], _ s: Convolution2DShape, _ group: Int) -> [Double] {
    let size = s.outputChannelsPerGroup * s.patchSize
    return s.groups == 1 ? w : Array(w[(group * size)..<((group + 1) * size)])
  }

  /// Patch columns `columns` (of 0..<K, column (c, i, j) = (c kH + i) kW + j) of the patch matrix
  /// of `images` for `group`: [B P, columns.count], zeros where the window reads padding; built in
  /// parallel by image (each image owns P rows).
  public static func patchRows(_ x: [Double], _ s: Convolution2DShape, images: Range<Int>, group: Int, columns: Range<Int>,
                               threads: Int) -> [Double] {
    let (width, step) = (columns.count, s.placed.window.strideWidth)
    var rows = [Double](repeating: 0, count: images.count * s.placed.outputPlane * width)
    x.withUnsafeBufferPointer { xb in
      rows.withUnsafeMutableBufferPointer { rb in
        let (source, target) = (xb.baseAddress!, rb.baseAddress!)
        Parallelism.forEachChunk(images.count, threads: threads) { b in
          forEachRun(s, image: b, of: images, group: group, columns: columns) { input, entry, count in
            var (i, e) = (input, entry)
            for _ in 0..<count {
              target[e] = source[i]
              i &+= step
              e &+= width
            }
          }
        }
      }
    }
    return rows
  }

  /// col2im: adds drows [B P, columns.count] (patch columns `columns`) back onto the input
  /// positions each entry was read from; in parallel by image (an image's input planes are
  /// written by one thread, in a fixed order).
  static func addPatchRows(_ drows: [Double], into dx: inout [Double], _ s: Convolution2DShape, images: Range<Int>, group: Int,
                           columns: Range<Int>, threads: Int) {
    let (width, step) = (columns.count, s.placed.window.strideWidth)
    drows.withUnsafeBufferPointer { rb in
      dx.withUnsafeMutableBufferPointer { xb in
        let (source, target) = (rb.baseAddress!, xb.baseAddress!)
        Parallelism.forEachChunk(images.count, threads: threads) { b in
          forEachRun(s, image: b, of: images, group: group, columns: columns) { input, entry, count in
            var (i, e) = (input, entry)
            for _ in 0..<count {
              target[i] += source[e]
              i &+= step
              e &+= width
            }
          }
        }
      }
    }
  }

  /// The runs that connect image b of `images` to its patch rows: for each patch column of
  /// `columns` and each output row oh whose input row ih is inside the image, `body(input, entry,
  /// count)` with the flat index of the first input element read (x[n, channel, ih, iw]), the flat
  /// index of its entry in the [B P, columns.count] matrix, and the number of in-range output
  /// columns; along a run the input index advances by sW and the entry index by columns.count.
  @inline(__always)
  static func forEachRun(_ s: Convolution2DShape, image b: Int, of images: Range<Int>, group: Int, columns: Range<Int>,
                         _ body: (_ input: Int, _ entry: Int, _ count: Int) -> Void) {
    let p = s.placed
    let n = images.lowerBound &+ b
    for patchColumn in columns {
      let (c, tap) = patchColumn.quotientAndRemainder(dividingBy: p.taps)
      let (i, j) = tap.quotientAndRemainder(dividingBy: p.kernelWidth)
      let plane = (n &* s.inputChannels &+ group &* s.inputChannelsPerGroup &+ c) &* p.inputPlane
      let valid = validColumns(p, kernelColumn: j)
      if valid.isEmpty { continue }
      let firstColumn = p.inputColumn(valid.lowerBound, j)
      for oh in 0..<p.outputHeight {
        let ih = p.inputRow(oh, i)
        if ih < 0 || ih >= p.inputHeight { continue }  // those entries stay zero
        let entry =
          (b &* p.outputPlane &+ oh &* p.outputWidth &+ valid.lowerBound) &* columns.count &+ (patchColumn &- columns.lowerBound)
        body(plane &+ ih &* p.inputWidth &+ firstColumn, entry, valid.count)
      }
    }
  }

  /// The output columns ow whose input column ow sW - left + j dW lies inside 0..<W.
  @inline(__always)
  static func validColumns(_ p: PlacedWindow, kernelColumn j: Int) -> Range<Int> {
    let offset = j * p.window.dilationWidth - p.left
    let stride = p.window.strideWidth
    let low = offset >= 0 ? 0 : (-offset + stride - 1) / stride
    let lastInput = p.inputWidth - 1 - offset
    let high = lastInput < 0 ? 0 : Swift.min(p.outputWidth, lastInput / stride + 1)
    return low < high ? low..<high : 0..<0
  }

  /// The cotangent rows of `group` for `images`: G_g [Og, B P], G_g[o, (b, q)] = G[n0 + b, g Og + o, q].
  static func cotangentRows(_ g: [Double], _ s: Convolution2DShape, images: Range<Int>, group: Int) -> [Double] {
    let (og, plane) = (s.outputChannelsPerGroup, s.placed.outputPlane)
    let width = images.count * plane
    var rows = [Double](repeating: 0, count: og * width)
    for (b, n) in images.enumerated() {
      for o in 0..<og {
        let from = (n * s.outputChannels + group * og + o) * plane
        rows.replaceSubrange((o * width + b * plane)..<(o * width + (b + 1) * plane), with: g[from..<(from + plane)])
      }
    }
    return rows
  }

  /// The transpose of a row-major [rows, columns] matrix, in 32 x 32 blocks.
  static func transpose(_ a: [Double], rows: Int, columns: Int) -> [Double] {
    var t = [Double](repeating: 0, count: a.count)
    if a.isEmpty { return t }
    a.withUnsafeBufferPointer { ab in
      t.withUnsafeMutableBufferPointer { tb in
        let (source, target) = (ab.baseAddress!, tb.baseAddress!)
        var i0 = 0
        while i0 < rows {
          let i1 = Swift.min(rows, i0 + 32)
          var j0 = 0
          while j0 < columns {
            let j1 = Swift.min(columns, j0 + 32)
            for i in i0..<i1 {
              for j in j0..<j1 { target[j &* rows &+ i] = source[i &* columns &+ j] }
            }
            j0 = j1
          }
          i0 = i1
        }
      }
    }
    return t
  }
}
