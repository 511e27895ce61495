import Foundation

/// Batch-normalisation kernels (FOUND-87) on x viewed as [N, C, S]: N examples, C channels, S
/// positions per channel (S = 1 for `BatchNorm1d` on [N, C], H W for `BatchNorm2d`). Statistics
/// are per channel over the M = N S values of that channel; sums run over n, then s.
///
///   mean_c = (1/M) sum x,   var_c = (1/M) sum (x - mean_c)^2   (biased; two passes)
///   y = (x - mu_c) istd_c w_c + b_c,  istd_c = 1 / sqrt(v_c + eps)
///
/// with (mu, v) = the batch statistics in training and the running statistics in evaluation.
/// VJPs (g the output cotangent; sums per channel over n, s):
///   training:   dx = (g - (1/M) sum g - (x - mu) (1/M) istd^2 sum g (x - mu)) istd w
///   evaluation: dx = g istd w
///   both:       dw = istd sum g (x - mu),  db = sum g
/// (PyTorch's `batch_norm_backward` with the same sums; mu and istd are constants in evaluation.)
public enum BatchNormalization {
  /// (mean [C], biased variance [C]) of x [N, C, S].
  public static func statistics(_ x: [Double], batch: Int, channels: Int, spatial: Int) -> (mean: [Double], variance: [Double]) {
    let m = Double(batch * spatial)
    var mean = [Double](repeating: 0, count: channels)
    var variance = [Double](repeating: 0, count: channels)
    for c in 0..<channels {
      var sum = 0.0
      for n in 0..<batch {
        let base = (n * channels + c) * spatial
        for s in 0..<spatial { sum += x[base + s] }
      }
      let mu = sum / m
      var squares = 0.0
      for n in 0..<batch {
        let base = (n * channels + c) * spatial
        for s in 0..<spatial {
          let d = x[base + s] - mu
          squares += d * d
        }
      }
      mean[c] = mu
      variance[c] = squares / m
    }
    return (mean, variance)
  }

  /// 1 / sqrt(v + eps) per channel.
  public static func inverseStandardDeviation(_ variance: [Double], eps: Double) -> [Double] {
    variance.map { 1 / Foundation.sqrt($0 + eps) }
  }

  /// y = (x - mean) istd w + b, channel by channel.
  public static func normalize(_ x: [Double], mean: [Double], inverseStd: [Double], weight: [Double], bias: [Double],
                               batch: Int, channels: Int, spatial: Int) -> [Double] {
    var y = [Double](repeating: 0, count: x.count)
    for n in 0..<batch {
      for c in 0..<channels {
        let base = (n * channels + c) * spatial
        let (mu, scale, shift, w) = (mean[c], inverseStd[c], bias[c], weight[c])
        for s in 0..<spatial { y[base + s] = (x[base + s] - mu) * scale * w + shift }
      }
    }
    return y
  }

  /// (dx, dw, db) of ``normalize(_:mean:inverseStd:weight:bias:batch:channels:spatial:)``;
  /// `training` adds the terms through the batch mean and variance.
  public static func backward(_ g: [Double], _ x: [Double], mean: [Double], inverseStd: [Double], weight: [Double],
                              batch: Int, channels: Int, spatial: Int,
                                  training: Bool) -> (dx: [Double], dw: [Double], db: [Double]) {
    let m = Double(batch * spatial)
    var dx = [Double](repeating: 0, count: x.count)
    var dw = [Double](repeating: 0, count: channels)
    var db = [Double](repeating: 0, count: channels)
    for c in 0..<channels {
      let (mu, istd) = (mean[c], inverseStd[c])
      var sum = 0.0, dot = 0.0
      for n in 0..<batch {
        let base = (n * channels + c) * spatial
        for s in 0..<spatial {
          sum += g[base + s]
          dot += g[base + s] * (x[base + s] - mu)
        }
      }
      db[c] = sum
      dw[c] = dot * istd
      let scale = istd * weight[c]
      let meanGradient = sum / m
      let projection = dot * istd * istd / m
      for n in 0..<batch {
        let base = (n * channels + c) * spatial
        for s in 0..<spatial {
          if training {
            dx[base + s] = (g[base + s] - meanGradient - (x[base + s] - mu) * projection) * scale
          } else {
            dx[base + s] = g[base + s] * scale
          }
        }
      }
    }
    return (dx, dw, db)
  }
}
