import Autodiff
import Tensors

/// NN-kNN's activation layers as two fused tape operations (NNKNN-27): distances [m, s] ->
/// case activations [m, s] -> class activations [m, C], each one pass over [m, s] forward and
/// one backward, where the composed operations took six passes, a one-hot matrix product each
/// way and a temporary per pass. Each rounds every value exactly as the composition it replaces
/// (listed in its doc comment), so a model gives the same bits either way; the twin tests run both.
extension Variable {
  /// Case activations act[i, j] = sigmoid((bias[j] - d[i, j]) * slope + offset) for self = d
  /// [m, s] and bias [1, s] (NNKNN-5; NN-kNN_O's sigmoid(bias - d) is slope 1, offset 0). Rounded
  /// as `((bias - d) * slope + offset).sigmoid()`: the difference, the product, the sum, then the
  /// stable sigmoid (FOUND-25).
  ///
  /// VJP: t[i, j] = ((g y) (1 - y)) slope, each product rounded; dd = -t; dbias[j] = sum_i t[i, j],
  /// from +0.0 in increasing i (sumToShape's order, FOUND-3; with one row, t itself, -0.0 kept, as
  /// sumToShape leaves a tensor of the target's shape alone). Each only when a target needs it.
  ///
  /// Shapes: self [m, s], bias [1, s] -> [m, s].
  public func scaledSigmoidActivations(bias: Variable, slope: Double, offset: Double) throws(TensorError) -> Variable {
    let (d, b) = (value, bias.value)
    guard d.rank == 2 else { throw .rank(operation: "scaledSigmoidActivations distances", expected: "2 ([m, s])", shape: d.shape) }
    let (m, s) = (d.shape[0], d.shape[1])
    guard b.shape == [1, s] else { throw .shapeMismatch(operation: "scaledSigmoidActivations bias", [1, s], b.shape) }
    let y = d.parallelRows { rows, out in
      d.scalars.withUnsafeBufferPointer { d in b.scalars.withUnsafeBufferPointer { bias in
        withUnsafeTemporaryAllocation(of: Double.self, capacity: s) { z in
          for (i, row) in rows.enumerated() {
            for j in 0..<s { z[j] = (bias[j] - d[row * s + j]) * slope + offset }
            Activation.sigmoid(UnsafeBufferPointer(z), into: UnsafeMutableBufferPointer(start: out + i * s, count: s))
          }
        }
      } }
    }
    return tape.record(y, inputs: [self, bias], operation: "scaledSigmoidActivations") { g, needed throws(TensorError) in
      let t = Tensor.parallelMap(g, y, y, shape: [m, s]) { g, y, _ in g * y * (1 - y) * slope }
      return [needed[0] ? -t : nil, needed[1] ? try t.sumToShape([1, s]) : nil]
    }
  }

  /// Class activations A[i, l] = sum of act[i, j] * w[j] over the cases j of class l (labels[j] =
  /// l), for self = act [m, s] and case weights w [1, s] (NNKNN-5). Rounded as
  /// `(act * w).matmul(oneHot)`: each product act * w rounded, then one chain from +0.0 in
  /// increasing j (FOUND-10's fused multiply-add by 1 or 0 is that sum exactly: a product by 0
  /// adds a zero, which changes no sum, not even +0.0's sign).
  ///
  /// VJP: with h[i, j] = 0 + g[i, labels[j]] (the one-hot product's chain: +0.0 for a -0.0),
  /// dact = h * w; dw[j] = sum_i h[i, j] act[i, j], each product rounded, from +0.0 in increasing i
  /// (with one row, the product itself, as sumToShape gives it).
  ///
  /// Shapes: self [m, s], w [1, s], labels s values in 0 ..< classes -> [m, classes].
  public func classActivations(caseWeights: Variable, labels: [Int], classes: Int) throws(TensorError) -> Variable {
    let (a, w) = (value, caseWeights.value)
    guard a.rank == 2 else { throw .rank(operation: "classActivations activations", expected: "2 ([m, s])", shape: a.shape) }
    let s = a.shape[1]
    guard w.shape == [1, s] else { throw .shapeMismatch(operation: "classActivations case weights", [1, s], w.shape) }
    guard labels.count == s else { throw .shapeMismatch(operation: "classActivations labels", [s], [labels.count]) }
    guard classes >= 1, labels.allSatisfy({ (0..<classes).contains($0) }) else {
      throw .invalidArgument(operation: "classActivations", reason: "labels must lie in 0 ..< \(classes)")
    }
    let scores = a.parallelRows(width: classes) { rows, out in
      a.scalars.withUnsafeBufferPointer { a in w.scalars.withUnsafeBufferPointer { w in labels.withUnsafeBufferPointer { labels in
        for (i, row) in rows.enumerated() {
          let sums = out + i * classes
          sums.initialize(repeating: 0, count: classes)
          for j in 0..<s { sums[labels[j]] += a[row * s + j] * w[j] }
        }
      } } }
    }
    return tape.record(scores, inputs: [self, caseWeights], operation: "classActivations") { g, needed throws(TensorError) in
      // h[i, j] = 0 + g[i, labels[j]]: the cotangent of act * w, spread back from the classes.
      let h = a.parallelRows { rows, out in
        g.scalars.withUnsafeBufferPointer { g in labels.withUnsafeBufferPointer { labels in
          for (i, row) in rows.enumerated() {
            for j in 0..<s { out[i * s + j] = 0 + g[row * classes + labels[j]] }
          }
        } }
      }
      return [needed[0] ? try h * w : nil, needed[1] ? try (h * a).sumToShape([1, s]) : nil]
    }
  }
}
