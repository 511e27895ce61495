import Autodiff
import Foundation
import Tensors

/// The network of Experiment 2 in closed form (ABS-22):
///   H = X W1^T + b1,  A = act(H),  O = A W2^T + b2,  P = act(O),  logits = -P
/// for X [n, in], W1 [hidden, in], W2 [classes, hidden] (PyTorch's Linear layout), with the mean
/// cross-entropy of the logits (FOUND-29) as loss. Backward, with S = softmax(logits):
///   dlogits = (S - onehot(y)) / n,  dP = -dlogits,  dO = act-backward(dP, O)
///   dW2 = dO^T A,  db2 = column sums of dO,  dA = dO W2,  dH = act-backward(dA, H)
///   dW1 = dH^T X,  db1 = column sums of dH.
/// Every product is the fast matrix kernel (FOUND-10), and every sum runs in the order the tape
/// uses for `Sequential(Linear, act, Linear, act)` followed by negation and cross-entropy, so the
/// loss and gradients equal the tape's bit for bit (a test checks it). Unlike the tape, the
/// backward pass never forms dX (the input needs no gradient), which saves a third of the work.
public struct TwoLayerNetwork: Sendable, Equatable {
  public let inputWidth: Int, hiddenWidth: Int, outputWidth: Int
  public let activation: NodeActivation
  /// [hidden, in], [hidden], [classes, hidden], [classes]; row-major.
  public var w1: [Double], b1: [Double], w2: [Double], b2: [Double]

  public init(inputWidth: Int, hiddenWidth: Int, outputWidth: Int, activation: NodeActivation,
              w1: [Double], b1: [Double], w2: [Double], b2: [Double]) throws(AbsMahalanobisError) {
    for (name, array, count) in [("w1", w1, hiddenWidth * inputWidth), ("b1", b1, hiddenWidth),
                                 ("w2", w2, outputWidth * hiddenWidth), ("b2", b2, outputWidth)] where array.count != count {
      throw .dimensionMismatch(what: "\(name) size", expected: count, got: array.count)
    }
    self.inputWidth = inputWidth; self.hiddenWidth = hiddenWidth; self.outputWidth = outputWidth
    self.activation = activation
    self.w1 = w1; self.b1 = b1; self.w2 = w2; self.b2 = b2
  }

  /// Gradients in the parameters' layouts.
  public struct Gradients: Sendable, Equatable {
    public var w1: [Double], b1: [Double], w2: [Double], b2: [Double]
  }

  /// The forward pass's intermediate values, row-major: H and O before the activations.
  struct Pass {
    var h: [Double], a: [Double], o: [Double], logits: [Double]
  }

  /// Y = X M^T + bias for X [n, k], M [width, k]: the Linear layer.
  static func linear(_ x: [Double], rows n: Int, _ m: [Double], _ bias: [Double], k: Int, width: Int) -> [Double] {
    var y = MatrixMultiply.fast(x, m, m: n, k: k, n: width, transposeB: true, threads: 1)
    for i in 0..<n {
      for j in 0..<width { y[i &* width &+ j] = y[i &* width &+ j] + bias[j] }
    }
    return y
  }

  func forward(_ x: [Double], rows n: Int) -> Pass {
    let h = Self.linear(x, rows: n, w1, b1, k: inputWidth, width: hiddenWidth)
    let a = h.map(activation.apply)
    let o = Self.linear(a, rows: n, w2, b2, k: hiddenWidth, width: outputWidth)
    return Pass(h: h, a: a, o: o, logits: o.map { -activation.apply($0) })
  }

  /// The logits -act(O) for rows X [n, in], row-major [n, classes].
  public func logits(_ x: [Double], rows n: Int) -> [Double] { forward(x, rows: n).logits }

  /// Mean cross-entropy of row-major logits [n, c] against labels, with the log-probabilities
  /// (FOUND-28, FOUND-29: the tape's formula and summation order).
  static func crossEntropy(_ logits: [Double], labels: [Int], classes c: Int) -> (loss: Double, logProbabilities: [Double]) {
    let n = labels.count
    let lp = LogSoftmax.forward(logits, rows: n, width: c)
    var total = 0.0
    for i in 0..<n { total -= lp[i * c + labels[i]] }
    return (total / Double(n), lp)
  }

  /// Per-sample cross-entropies -log softmax(logits_i)[y_i].
  public static func sampleCrossEntropies(_ logits: [Double], labels: [Int], classes c: Int) -> [Double] {
    let lp = crossEntropy(logits, labels: labels, classes: c).logProbabilities
    return labels.indices.map { -lp[$0 * c + labels[$0]] }
  }

  /// The loss and every parameter's gradient for rows X [n, in] with labels (ABS-22).
  public func lossAndGradients(_ x: [Double], rows n: Int, labels: [Int]) -> (loss: Double, gradients: Gradients) {
    let pass = forward(x, rows: n)
    let c = outputWidth, hidden = hiddenWidth
    let (loss, lp) = Self.crossEntropy(pass.logits, labels: labels, classes: c)
    let scale = 1 / Double(n)
    var dO = [Double](repeating: 0, count: n * c)
    for i in 0..<n {
      for k in 0..<c {
        var dLogit = Foundation.exp(lp[i * c + k]) * scale
        if k == labels[i] { dLogit -= scale }
        dO[i * c + k] = activation.backward(-dLogit, at: pass.o[i * c + k])
      }
    }
    let dW2 = MatrixMultiply.fast(dO, pass.a, m: c, k: n, n: hidden, transposeA: true, threads: 1)
    let db2 = Self.columnSums(dO, rows: n, columns: c)
    var dH = MatrixMultiply.fast(dO, w2, m: n, k: c, n: hidden, threads: 1)
    for i in 0..<dH.count { dH[i] = activation.backward(dH[i], at: pass.h[i]) }
    let dW1 = MatrixMultiply.fast(dH, x, m: hidden, k: n, n: inputWidth, transposeA: true, threads: 1)
    let db1 = Self.columnSums(dH, rows: n, columns: hidden)
    return (loss, Gradients(w1: dW1, b1: db1, w2: dW2, b2: db2))
  }

  /// Sums over rows, added in increasing row order (as `sumToShape`, FOUND-21).
  static func columnSums(_ m: [Double], rows: Int, columns: Int) -> [Double] {
    var sums = [Double](repeating: 0, count: columns)
    for i in 0..<rows {
      for j in 0..<columns { sums[j] += m[i * columns + j] }
    }
    return sums
  }

  /// The predicted class of each row: the largest logit, the lowest class index on ties
  /// (FOUND-4), i.e. the smallest output activation ("nearest" class, ABS-25).
  public static func predictions(_ logits: [Double], classes c: Int) -> [Int] {
    (0..<(logits.count / c)).map { i in
      var best = 0
      for k in 1..<c where logits[i * c + k] > logits[i * c + best] { best = k }
      return best
    }
  }
}
