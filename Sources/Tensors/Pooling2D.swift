/// Pooling kernels over the planes of an NCHW tensor (FOUND-84, FOUND-85): `planes` = N C planes
/// of H x W each, every plane pooled on its own with a ``PlacedWindow``. Direct loops (there is no
/// faster formulation to twin them with); planes run in parallel, each written by one thread.
public enum Pooling2D {
  /// Max pooling, PyTorch's CPU rule (FOUND-84). For each window: start from -infinity with the
  /// first in-range position as the winner; visit in-range positions in row-major order and take
  /// a value when it is greater than the current maximum or is NaN. So ties keep the first maximum
  /// met, a NaN propagates (the last NaN wins), and padding never wins.
  /// Returns the values [planes, OH, OW] and each winner's index ih W + iw within its plane.
  public static func maxForward(_ x: [Double], planes: Int, _ p: PlacedWindow,
                                threads: Int = Parallelism.threads) -> (values: [Double], winners: [Int]) {
    let outputPlane = p.outputPlane
    var values = [Double](repeating: 0, count: planes * outputPlane)
    var winners = [Int](repeating: 0, count: planes * outputPlane)
    if values.isEmpty { return (values, winners) }
    x.withUnsafeBufferPointer { xb in
      values.withUnsafeMutableBufferPointer { vb in
        winners.withUnsafeMutableBufferPointer { wb in
          let (source, target, indices) = (xb.baseAddress!, vb.baseAddress!, wb.baseAddress!)
          Parallelism.forEachChunk(planes, threads: threads) { plane in
            let input = source + plane &* p.inputPlane
            for oh in 0..<p.outputHeight {
              let rows = inRange(p.outputRowStart(oh), p.kernelHeight, p.window.dilationHeight, p.inputHeight)
              for ow in 0..<p.outputWidth {
                let columns = inRange(p.outputColumnStart(ow), p.kernelWidth, p.window.dilationWidth, p.inputWidth)
                var best = -Double.infinity
                var winner = rows.first &* p.inputWidth &+ columns.first
                var ih = rows.first
                while ih < rows.end {
                  var iw = columns.first
                  while iw < columns.end {
                    let index = ih &* p.inputWidth &+ iw
                    let value = input[index]
                    if value > best || value.isNaN { best = value; winner = index }
                    iw &+= p.window.dilationWidth
                  }
                  ih &+= p.window.dilationHeight
                }
                let out = plane &* outputPlane &+ oh &* p.outputWidth &+ ow
                target[out] = best
                indices[out] = winner
              }
            }
          }
        }
      }
    }
    return (values, winners)
  }

  /// The max-pooling VJP: dx[winner] += g for every output element (windows that overlap may
  /// send several gradients to one input element; they are added in output order).
  public static func maxBackward(_ g: [Double], winners: [Int], planes: Int, _ p: PlacedWindow) -> [Double] {
    var dx = [Double](repeating: 0, count: planes * p.inputPlane)
    let outputPlane = p.outputPlane
    for plane in 0..<planes {
      for q in 0..<outputPlane {
        let out = plane * outputPlane + q
        dx[plane * p.inputPlane + winners[out]] += g[out]
      }
    }
    return dx
  }

  /// Average pooling, PyTorch's `avg_pool2d` (FOUND-85; dilation must be 1): the sum of the
  /// in-range values of each window, in row-major order, divided by the window's area within
  /// the padded input (`countIncludePadding`, torch's default) or by its in-range count.
  public static func averageForward(_ x: [Double], planes: Int, _ p: PlacedWindow, countIncludePadding: Bool) -> [Double] {
    var y = [Double](repeating: 0, count: planes * p.outputPlane)
    for plane in 0..<planes {
      let base = plane * p.inputPlane
      for oh in 0..<p.outputHeight {
        for ow in 0..<p.outputWidth {
          let (rows, columns, divisor) = averageWindow(p, oh, ow, countIncludePadding)
          var sum = 0.0
          for ih in rows {
            for iw in columns { sum += x[base + ih * p.inputWidth + iw] }
          }
          y[(plane * p.outputHeight + oh) * p.outputWidth + ow] = sum / divisor
        }
      }
    }
    return y
  }

  /// The average-pooling VJP: every in-range element of a window receives g / divisor.
  public static func averageBackward(_ g: [Double], planes: Int, _ p: PlacedWindow, countIncludePadding: Bool) -> [Double] {
    var dx = [Double](repeating: 0, count: planes * p.inputPlane)
    for plane in 0..<planes {
      let base = plane * p.inputPlane
      for oh in 0..<p.outputHeight {
        for ow in 0..<p.outputWidth {
          let (rows, columns, divisor) = averageWindow(p, oh, ow, countIncludePadding)
          let share = g[(plane * p.outputHeight + oh) * p.outputWidth + ow] / divisor
          for ih in rows {
            for iw in columns { dx[base + ih * p.inputWidth + iw] += share }
          }
        }
      }
    }
    return dx
  }

  /// The in-range rows and columns of window (oh, ow) and its divisor: torch's
  /// hend = min(hstart + kH, H + bottom), area = (hend - hstart)(wend - wstart) before clipping
  /// to the input, count = the clipped area.
  static func averageWindow(_ p: PlacedWindow, _ oh: Int, _ ow: Int,
                            _ countIncludePadding: Bool) -> (Range<Int>, Range<Int>, Double) {
    let hStart = p.outputRowStart(oh), wStart = p.outputColumnStart(ow)
    let hEnd = Swift.min(hStart + p.kernelHeight, p.inputHeight + p.bottom)
    let wEnd = Swift.min(wStart + p.kernelWidth, p.inputWidth + p.right)
    let area = (hEnd - hStart) * (wEnd - wStart)
    let rows = Swift.max(hStart, 0)..<Swift.min(hEnd, p.inputHeight)
    let columns = Swift.max(wStart, 0)..<Swift.min(wEnd, p.inputWidth)
    return (rows, columns, Double(countIncludePadding ? area : rows.count * columns.count))
  }

  /// Global average pooling (PyTorch's `AdaptiveAvgPool2d(1)`, FOUND-85): the mean of each
  /// plane of `planeSize` values, summed in index order. Shape: [planes * planeSize] -> [planes].
  public static func globalAverageForward(_ x: [Double], planes: Int, planeSize: Int) -> [Double] {
    var y = [Double](repeating: 0, count: planes)
    for plane in 0..<planes {
      var sum = 0.0
      for q in 0..<planeSize { sum += x[plane * planeSize + q] }
      y[plane] = sum / Double(planeSize)
    }
    return y
  }

  /// The global-average VJP: every element of plane i receives g[i] / planeSize.
  public static func globalAverageBackward(_ g: [Double], planes: Int, planeSize: Int) -> [Double] {
    var dx = [Double](repeating: 0, count: planes * planeSize)
    for plane in 0..<planes {
      let share = g[plane] / Double(planeSize)
      for q in 0..<planeSize { dx[plane * planeSize + q] = share }
    }
    return dx
  }

  /// The first in-range position of a dilated window starting at `start` and the end of its
  /// in-range positions (torch: end = min(start + (k - 1) d + 1, extent); the start steps by d
  /// until it is >= 0).
  @inline(__always)
  static func inRange(_ start: Int, _ kernel: Int, _ dilation: Int, _ extent: Int) -> (first: Int, end: Int) {
    let end = Swift.min(start &+ (kernel &- 1) &* dilation &+ 1, extent)
    var first = start
    while first < 0 { first &+= dilation }
    return (first, end)
  }
}

extension PlacedWindow {
  /// The first (possibly padded) input row of output row `oh`: oh sH - top.
  @inline(__always) public func outputRowStart(_ oh: Int) -> Int { oh &* window.strideHeight &- top }
  /// The first (possibly padded) input column of output column `ow`: ow sW - left.
  @inline(__always) public func outputColumnStart(_ ow: Int) -> Int { ow &* window.strideWidth &- left }

  /// True when some window reads padding only (possible with padding larger than half the
  /// dilated kernel, which PyTorch's max pooling refuses).
  public var hasWindowInPaddingOnly: Bool {
    let rows = (0..<outputHeight).contains { oh in
      let r = Pooling2D.inRange(outputRowStart(oh), kernelHeight, window.dilationHeight, inputHeight)
      return r.first >= r.end
    }
    let columns = (0..<outputWidth).contains { ow in
      let c = Pooling2D.inRange(outputColumnStart(ow), kernelWidth, window.dilationWidth, inputWidth)
      return c.first >= c.end
    }
    return rows || columns
  }
}
