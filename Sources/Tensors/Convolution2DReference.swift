/// The naive seven-loop 2-D convolution and its vector-Jacobian products (FOUND-81): the
/// definition the fast im2col kernel (``Convolution2D``) is tested against.
///
/// Forward, for x [N, C, H, W], w [O, C/g, kH, kW], optional b [O] (g = groups, Cg = C / g,
/// Og = O / g, group of o: go = o / Og):
///
///   y[n, o, oh, ow] = sum_{c < Cg, i < kH, j < kW} w[o, c, i, j] x[n, go Cg + c, ih, iw] (+ b[o])
///   with ih = oh sH - top + i dH, iw = ow sW - left + j dW; terms with (ih, iw) in the padding
///   are absent (zero padding). The sum runs over (c, i, j) in that order from 0.0; the bias is
///   added last.
///
/// Backward, for the output cotangent G [N, O, OH, OW]:
///
///   dx[n, go Cg + c, ih, iw] = sum over (o, oh, ow, i, j) reaching (ih, iw) of G[n, o, oh, ow] w[o, c, i, j]
///   dw[o, c, i, j]           = sum_{n, oh, ow} G[n, o, oh, ow] x[n, go Cg + c, ih, iw]
///   db[o]                    = sum_{n, oh, ow} G[n, o, oh, ow]
public enum Convolution2DReference {
  /// y [N, O, OH, OW] from x [N, C, H, W], w [O, C/g, kH, kW], b [O] or nil.
  public static func forward(_ x: [Double], _ w: [Double], bias: [Double]?, _ s: Convolution2DShape) -> [Double] {
    let p = s.placed
    let (cg, og) = (s.inputChannelsPerGroup, s.outputChannelsPerGroup)
    let (kh, kw, h, wd) = (p.kernelHeight, p.kernelWidth, p.inputHeight, p.inputWidth)
    var y = [Double](repeating: 0, count: s.outputCount)
    for n in 0..<s.batch {
      for o in 0..<s.outputChannels {
        let firstChannel = (o / og) * cg
        for oh in 0..<p.outputHeight {
          for ow in 0..<p.outputWidth {
            var sum = 0.0
            for c in 0..<cg {
              for i in 0..<kh {
                let ih = p.inputRow(oh, i)
                if ih < 0 || ih >= h { continue }
                for j in 0..<kw {
                  let iw = p.inputColumn(ow, j)
                  if iw < 0 || iw >= wd { continue }
                  sum += w[((o * cg + c) * kh + i) * kw + j] * x[((n * s.inputChannels + firstChannel + c) * h + ih) * wd + iw]
                }
              }
            }
            y[((n * s.outputChannels + o) * p.outputHeight + oh) * p.outputWidth + ow] = bias.map { sum + $0[o] } ?? sum
          }
        }
      }
    }
    return y
  }

  /// (dx [N, C, H, W], dw [O, C/g, kH, kW], db [O]) from G [N, O, OH, OW], accumulated in the
  /// loop order of ``forward(_:_:bias:_:)``.
  public static func backward(_ g: [Double], _ x: [Double], _ w: [Double], _ s: Convolution2DShape)
    -> (dx: [Double], dw: [Double], db: [Double]) {
    let p = s.placed
    let (cg, og) = (s.inputChannelsPerGroup, s.outputChannelsPerGroup)
    let (kh, kw, h, wd) = (p.kernelHeight, p.kernelWidth, p.inputHeight, p.inputWidth)
    var dx = [Double](repeating: 0, count: s.inputCount)
    var dw = [Double](repeating: 0, count: s.weightCount)
    var db = [Double](repeating: 0, count: s.outputChannels)
    for n in 0..<s.batch {
      for o in 0..<s.outputChannels {
        let firstChannel = (o / og) * cg
        for oh in 0..<p.outputHeight {
          for ow in 0..<p.outputWidth {
            let gy = g[((n * s.outputChannels + o) * p.outputHeight + oh) * p.outputWidth + ow]
            db[o] += gy
            for c in 0..<cg {
              for i in 0..<kh {
                let ih = p.inputRow(oh, i)
                if ih < 0 || ih >= h { continue }
                for j in 0..<kw {
                  let iw = p.inputColumn(ow, j)
                  if iw < 0 || iw >= wd { continue }
                  let wi = ((o * cg + c) * kh + i) * kw + j
                  let xi = ((n * s.inputChannels + firstChannel + c) * h + ih) * wd + iw
                  dx[xi] += gy * w[wi]
                  dw[wi] += gy * x[xi]
                }
              }
            }
          }
        }
      }
    }
    return (dx, dw, db)
  }
}
