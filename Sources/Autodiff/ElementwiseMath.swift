import Foundation
import Tensors

/// Elementwise functions (FOUND-22) and activations (FOUND-23). Each is a pair: the forward rule
/// y = f(x) and the backward rule dx = g * f'(x) written from (g, x, y), side by side.
///
/// Kink conventions (FOUND-24), chosen to match PyTorch: relu'(0) = 0, |x|'(0) = 0,
/// leakyReLU'(0) = slope. The backward rules of relu, leakyReLU and abs are selects, not
/// multiplications: relu passes g where x > 0 and gives exactly 0 elsewhere, even when g is
/// infinite or NaN (this is what makes sqrt(relu(s)) at s = 0 give a zero gradient, as PyTorch does).
extension Variable {
  /// Records y = forward(x) with backward dx = backward(g, x, y), elementwise. Both rules must be
  /// pure: large tensors are split over the threads (`Tensor.parallelMap`, the same bits for any
  /// thread count). Inlined into each operation, so the rules are compiled into the loops.
  @inline(__always)
  public func elementwise(_ operation: String, forward: @escaping (Double) -> Double,
                          backward: @escaping (_ g: Double, _ x: Double, _ y: Double) -> Double) -> Variable {
    let x = value
    let y = x.parallelMap(forward)
    return tape.record(y, inputs: [self], operation: operation) { g in
      [Tensor.parallelMap(g, x, y, shape: x.shape, backward)]
    }
  }

  /// y = e^x.  dx = g y.
  public func exp() -> Variable { elementwise("exp", forward: Foundation.exp) { g, _, y in g * y } }

  /// y = ln x (NaN for x < 0, -inf at 0, as IEEE).  dx = g / x.
  public func log() -> Variable { elementwise("log", forward: Foundation.log) { g, x, _ in g / x } }

  /// y = sqrt(x).  dx = g / (2 y) (infinite at x = 0: guard with relu or a positive floor).
  /// `squareRoot()` is IEEE's correctly rounded root, as Foundation.sqrt, but compiled to the
  /// instruction rather than a call into the C library: the same bits, in the loop.
  public func sqrt() -> Variable { elementwise("sqrt", forward: { $0.squareRoot() }) { g, _, y in g / (2 * y) } }

  /// y = x^2.  dx = 2 x g.
  public func square() -> Variable { elementwise("square", forward: { $0 * $0 }) { g, x, _ in 2 * x * g } }

  /// y = x^p for a constant p.  dx = p x^(p-1) g.
  public func power(_ p: Double) -> Variable {
    elementwise("power", forward: { Foundation.pow($0, p) }) { g, x, _ in p * Foundation.pow(x, p - 1) * g }
  }

  /// y = |x|.  dx = sign(x) g with sign(0) = 0 (a select: exactly 0 at x = 0).
  public func abs() -> Variable {
    elementwise("abs", forward: Swift.abs) { g, x, _ in x > 0 ? g : (x < 0 ? -g : 0) }
  }

  /// y = max(x, 0).  dx = g where x > 0, exactly 0 elsewhere (a select).
  public func relu() -> Variable {
    elementwise("relu", forward: { $0 > 0 ? $0 : 0 }) { g, x, _ in x > 0 ? g : 0 }
  }

  /// y = x for x > 0, slope * x otherwise.  dx = g for x > 0, slope * g otherwise (so slope at 0).
  public func leakyReLU(slope: Double) -> Variable {
    elementwise("leakyReLU", forward: { $0 > 0 ? $0 : slope * $0 }) { g, x, _ in x > 0 ? g : slope * g }
  }

  /// y = 1 / (1 + e^-x), computed without overflow for large |x| (FOUND-25).  dx = g y (1 - y).
  public func sigmoid() -> Variable {
    let x = value
    let y = x.parallelChunks { Activation.sigmoid($0, into: $1) }
    return tape.record(y, inputs: [self], operation: "sigmoid") { g in
      [Tensor.parallelMap(g, x, y, shape: x.shape) { g, _, y in g * y * (1 - y) }]
    }
  }

  /// y = tanh x.  dx = g (1 - y^2).
  public func tanh() -> Variable { elementwise("tanh", forward: Foundation.tanh) { g, _, y in g * (1 - y * y) } }
}

/// Scalar activation functions shared by the tape operations and by plain (tape-free) code.
public enum Activation {
  /// The logistic function, stable for large |x| (FOUND-25): for x >= 0, 1 / (1 + e^-x); for
  /// x < 0, e^x / (1 + e^x), so no exponential of a large positive number is ever formed.
  /// Below -746, e^x rounds to +0 (half the least subnormal is e^-745.13), so the result is +0:
  /// returned without calling exp, whose underflow path is slow (same bits).
  @inline(__always)
  public static func sigmoid(_ x: Double) -> Double {
    if x >= 0 { return 1 / (1 + Foundation.exp(-x)) }
    if x < -746 { return 0 }
    let e = Foundation.exp(x)
    return e / (1 + e)
  }

  /// `sigmoid` on a run of elements, the same bits: for the whole groups of four, first every
  /// exponential (e^-x for x >= 0, e^x below, +0 under -746), then the quotients four at a time
  /// (1 or e over 1 + e), so the divisions overlap instead of each waiting on its exp call; the
  /// last few elements by the scalar rule.
  public static func sigmoid(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) {
    let grouped = x.count - x.count % 4
    for i in 0..<grouped {
      let v = x[i]
      y[i] = v >= 0 ? Foundation.exp(-v) : (v < -746 ? 0 : Foundation.exp(v))
    }
    let one = SIMD4<Double>(repeating: 1)
    for i in stride(from: 0, to: grouped, by: 4) {
      let v = SIMD4(x[i], x[i + 1], x[i + 2], x[i + 3]), e = SIMD4(y[i], y[i + 1], y[i + 2], y[i + 3])
      let quotient = e.replacing(with: one, where: v .>= 0) / (one + e)
      for lane in 0..<4 { y[i + lane] = quotient[lane] }
    }
    for i in grouped..<x.count { y[i] = sigmoid(x[i]) }
  }
}
