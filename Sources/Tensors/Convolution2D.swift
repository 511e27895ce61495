/// The fast 2-D convolution (FOUND-82): im2col and the project's matrix product, with the naive
/// seven-loop twin in ``Convolution2DReference`` (same shapes, same meaning, FOUND-81).
///
/// The batch is cut into chunks of images fixed by the sizes (``Convolution2DShape/imageChunks``).
/// For a chunk of B images and each group, the column matrix
///
///   cols [K, B P],  K = (C/g) kH kW (rows (c, i, j)),  P = OH OW (columns (b, oh, ow)),
///   cols[(c, i, j), (b, oh, ow)] = x[n0 + b, channel c of the group, ih, iw]  (0 in the padding)
///
/// turns the convolution into matrix products (`MatrixMultiply.fast`):
///
///   forward:   Y_g [Og, B P]   = W_g [Og, K] cols
///   backward:  dW_g^T [K, Og] += cols G_g^T         (G_g [Og, B P]: the cotangent's rows)
///              dcols [K, B P]  = W_g^T G_g, then added back into dx ("col2im")
///   db[o] = sum over n, oh, ow of G[n, o, oh, ow], in that order.
///
/// Summation order: the forward sum of each output element runs over (c, i, j) as the reference's
/// does (the padding adds exact zeros), so it differs from the reference only by how the matrix
/// product rounds; dw sums over images chunk by chunk, and dx in another order than the
/// reference. Agreement with the twin is therefore stated in scaled ulps (FOUND-82), not bit for
/// bit. Results never depend on the thread count: chunks are fixed by the sizes, the column
/// matrix is built in parallel by channel, and col2im adds each channel's plane in one thread.
public enum Convolution2D {
  /// y [N, O, OH, OW] from x [N, C, H, W], w [O, C/g, kH, kW], b [O] or nil.
  public static func forward(_ x: [Double], _ w: [Double], bias: [Double]?, _ s: Convolution2DShape,
                             threads: Int = Parallelism.threads) -> [Double] {
    precondition(x.count == s.inputCount && w.count == s.weightCount && (bias?.count ?? s.outputChannels) == s.outputChannels)
    let p = s.placed
    let (og, k, plane) = (s.outputChannelsPerGroup, s.patchSize, p.outputPlane)
    var y = [Double](repeating: 0, count: s.outputCount)
    for images in s.imageChunks {
      let columnsWidth = images.count * plane
      for group in 0..<s.groups {
        let cols = columns(x, s, images: images, group: group, threads: threads)
        let weight = s.groups == 1 ? w : Array(w[(group * og * k)..<((group + 1) * og * k)])
        let product = MatrixMultiply.fast(weight, cols, m: og, k: k, n: columnsWidth, threads: threads)  // [Og, B P]
        product.withUnsafeBufferPointer { r in
          y.withUnsafeMutableBufferPointer { out in
            for (b, n) in images.enumerated() {
              for o in 0..<og {
                let channel = group * og + o
                let source = r.baseAddress! + o * columnsWidth + b * plane
                let target = out.baseAddress! + (n * s.outputChannels + channel) * plane
                if let shift = bias?[channel] {
                  for q in 0..<plane { target[q] = source[q] + shift }
                } else {
                  for q in 0..<plane { target[q] = source[q] }
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
  public static func backward(_ g: [Double], _ x: [Double], _ w: [Double], _ s: Convolution2DShape,
                              threads: Int = Parallelism.threads) -> (dx: [Double], dw: [Double], db: [Double]) {
    precondition(g.count == s.outputCount && x.count == s.inputCount && w.count == s.weightCount)
    let p = s.placed
    let (og, k, plane) = (s.outputChannelsPerGroup, s.patchSize, p.outputPlane)
    var dx = [Double](repeating: 0, count: s.inputCount)
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
    let weightsTransposed = (0..<s.groups).map { group in
      transpose(Array(w[(group * og * k)..<((group + 1) * og * k)]), rows: og, columns: k)  // [K, Og]
    }
    for images in s.imageChunks {
      let columnsWidth = images.count * plane
      for group in 0..<s.groups {
        let cotangent = cotangentRows(g, s, images: images, group: group)  // G_g [Og, B P]
        let cols = columns(x, s, images: images, group: group, threads: threads)
        let weightStep = MatrixMultiply.fast(cols, transpose(cotangent, rows: og, columns: columnsWidth), m: k, k: columnsWidth, n: og, threads: threads)
        for o in 0..<og {
          let row = (group * og + o) * k
          for r in 0..<k { dw[row + r] += weightStep[r * og + o] }
        }
        let columnCotangent = MatrixMultiply.fast(weightsTransposed[group], cotangent, m: k, k: og, n: columnsWidth, threads: threads)
        addColumns(columnCotangent, into: &dx, s, images: images, group: group, threads: threads)
      }
    }
    return (dx, dw, db)
  }

  /// The column matrix [K, B P] of `images` for `group` (zeros where the window reads padding),
  /// built in parallel by input channel (each channel owns kH kW rows).
  static func columns(_ x: [Double], _ s: Convolution2DShape, images: Range<Int>, group: Int, threads: Int) -> [Double] {
    let p = s.placed
    let (cg, taps, plane) = (s.inputChannelsPerGroup, p.taps, p.outputPlane)
    let width = images.count * plane
    var cols = [Double](repeating: 0, count: s.patchSize * width)
    x.withUnsafeBufferPointer { xb in
      cols.withUnsafeMutableBufferPointer { cb in
        let (source, target) = (xb.baseAddress!, cb.baseAddress!)
        Parallelism.forEachChunk(cg, threads: threads) { c in
          let channel = group &* cg &+ c
          for i in 0..<p.kernelHeight {
            for j in 0..<p.kernelWidth {
              let row = target + (c &* taps &+ i &* p.kernelWidth &+ j) &* width
              let valid = validColumns(p, kernelColumn: j)
              for (b, n) in images.enumerated() {
                let inputPlane = source + (n &* s.inputChannels &+ channel) &* p.inputPlane
                for oh in 0..<p.outputHeight {
                  let ih = p.inputRow(oh, i)
                  if ih < 0 || ih >= p.inputHeight { continue }  // the row stays zero
                  let inputRow = inputPlane + ih &* p.inputWidth
                  let out = row + (b &* plane &+ oh &* p.outputWidth)
                  var iw = p.inputColumn(valid.lowerBound, j)
                  for ow in valid {
                    out[ow] = inputRow[iw]
                    iw &+= p.window.strideWidth
                  }
                }
              }
            }
          }
        }
      }
    }
    return cols
  }

  /// col2im: adds dcols [K, B P] back onto the input positions each entry was read from; in
  /// parallel by input channel (a channel's plane is written by one thread, in row order of dcols).
  static func addColumns(_ dcols: [Double], into dx: inout [Double], _ s: Convolution2DShape, images: Range<Int>, group: Int,
                         threads: Int) {
    let p = s.placed
    let (cg, taps, plane) = (s.inputChannelsPerGroup, p.taps, p.outputPlane)
    let width = images.count * plane
    dcols.withUnsafeBufferPointer { cb in
      dx.withUnsafeMutableBufferPointer { xb in
        let (source, target) = (cb.baseAddress!, xb.baseAddress!)
        Parallelism.forEachChunk(cg, threads: threads) { c in
          let channel = group &* cg &+ c
          for i in 0..<p.kernelHeight {
            for j in 0..<p.kernelWidth {
              let row = source + (c &* taps &+ i &* p.kernelWidth &+ j) &* width
              let valid = validColumns(p, kernelColumn: j)
              for (b, n) in images.enumerated() {
                let inputPlane = target + (n &* s.inputChannels &+ channel) &* p.inputPlane
                for oh in 0..<p.outputHeight {
                  let ih = p.inputRow(oh, i)
                  if ih < 0 || ih >= p.inputHeight { continue }
                  let inputRow = inputPlane + ih &* p.inputWidth
                  let from = row + (b &* plane &+ oh &* p.outputWidth)
                  var iw = p.inputColumn(valid.lowerBound, j)
                  for ow in valid {
                    inputRow[iw] += from[ow]
                    iw &+= p.window.strideWidth
                  }
                }
              }
            }
          }
        }
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
