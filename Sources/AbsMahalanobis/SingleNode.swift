/// One linear node with an activation, y_hat = act(W x + b), regressing a target under the mean
/// squared error, with its forward and backward pass in closed form (ABS-13).
///
/// For n points x_i in R^d (rows of a row-major [n, d] array) and targets y_i:
///   s_i = (sum_j x_ij w_j) + b          (one fused multiply-add chain over increasing j from 0,
///                                          as the matrix product forms it (FOUND-10), then the bias)
///   r_i = act(s_i) - y_i
///   L   = (sum_i r_i^2) / n              (squares added in increasing i)
///   g_i = act-backward((r_i * (2 / n)), s_i)   (the select of ``NodeActivation/backward(_:at:)``)
///   dL/dw_j = sum_i g_i x_ij   (a fused multiply-add chain over increasing i: the product G^T X)
///   dL/db = sum_i g_i          (added in increasing i)
/// These are the operations, in the same order, that the tape records for
/// `mse(act(X.matmul(W^T) + b), y)` (Linear, FOUND-26, FOUND-29), so the two agree bit for bit
/// (a test checks it); the closed form exists because Experiment 1 trains 1,200 nodes for 200
/// steps each and a tape per step would cost far more than the arithmetic.
public struct SingleNode: Sendable, Equatable {
  public var weight: [Double]
  public var bias: Double
  public let activation: NodeActivation

  public init(weight: [Double], bias: Double, activation: NodeActivation) {
    self.weight = weight
    self.bias = bias
    self.activation = activation
  }

  /// The pre-activation W x + b at one point (the same sum order as the forward pass).
  @inline(__always)
  public func preactivation(_ x: [Double]) -> Double {
    var s = 0.0
    for j in 0..<weight.count { s = s.addingProduct(x[j], weight[j]) }
    return s + bias
  }

  /// The loss and its gradient on the data set (ABS-13). `points` is row-major [n, d].
  public func lossAndGradient(points: [Double], targets: [Double]) -> (loss: Double, weight: [Double], bias: Double) {
    let d = weight.count, n = targets.count
    let scale = 2 / Double(n)
    var loss = 0.0, gradientBias = 0.0
    var gradientWeight = [Double](repeating: 0, count: d)
    points.withUnsafeBufferPointer { x in
      targets.withUnsafeBufferPointer { y in
        if d == 2 {
          // The experiment's case, unrolled: same operations as the general loop below.
          let (w0, w1, b) = (weight[0], weight[1], bias)
          var (g0, g1) = (0.0, 0.0)
          for i in 0..<n {
            let base = i &* 2
            let s = 0.0.addingProduct(x[base], w0).addingProduct(x[base &+ 1], w1) + b
            let r = activation.apply(s) - y[i]
            loss += r * r
            let g = activation.backward(r * scale, at: s)
            g0 = g0.addingProduct(g, x[base])
            g1 = g1.addingProduct(g, x[base &+ 1])
            gradientBias += g
          }
          gradientWeight = [g0, g1]
        } else {
          for i in 0..<n {
            let base = i &* d
            var s = 0.0
            for j in 0..<d { s = s.addingProduct(x[base &+ j], weight[j]) }
            s += bias
            let r = activation.apply(s) - y[i]
            loss += r * r
            let g = activation.backward(r * scale, at: s)
            for j in 0..<d { gradientWeight[j] = gradientWeight[j].addingProduct(g, x[base &+ j]) }
            gradientBias += g
          }
        }
      }
    }
    return (loss / Double(n), gradientWeight, gradientBias)
  }

  /// The mean squared error alone.
  public func loss(points: [Double], targets: [Double]) -> Double {
    lossAndGradient(points: points, targets: targets).loss
  }

  /// True when the node outputs exactly 0 at every point (a dead start, ABS-12).
  public func isDead(points: [Double]) -> Bool {
    let d = weight.count
    let n = points.count / Swift.max(d, 1)
    for i in 0..<n where activation.apply(preactivation(Array(points[(i * d)..<((i + 1) * d)]))) != 0 { return false }
    return true
  }
}
