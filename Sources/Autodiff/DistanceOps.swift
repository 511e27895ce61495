import Tensors

/// Per-case weighted feature distances as a tape operation (FOUND-12).
extension Variable {
  /// S[q, c] = sum_j W[c, j] phi(Q[q, j] - C[c, j]) for self = Q [m, d], cases C [n, d],
  /// weights W [n, d]; phi(t) = t^2 or |t|. VJP: the three sums of ``WeightedDistances/backward``.
  /// Identical query and case rows give exactly 0 (and, for |t|, a zero derivative: sign(0) = 0).
  public func weightedDistances(to cases: Variable, weights: Variable,
                                _ kind: WeightedDistances.Difference) throws(TensorError) -> Variable {
    let (q, c, w) = (value, cases.value, weights.value)
    guard q.shape.count == 2 else { throw .rank(operation: "weightedDistances queries", expected: "2 ([m, d])", shape: q.shape) }
    guard c.shape.count == 2, c.shape[1] == q.shape[1] else {
      throw .shapeMismatch(operation: "weightedDistances cases", q.shape, c.shape)
    }
    guard w.shape == c.shape else { throw .shapeMismatch(operation: "weightedDistances weights", c.shape, w.shape) }
    let (m, n, d) = (q.shape[0], c.shape[0], q.shape[1])
    let s = try Tensor(shape: [m, n],
                       scalars: WeightedDistances.forward(q.scalars, c.scalars, w.scalars, m: m, n: n, d: d, kind: kind))
    return tape.record(s, inputs: [self, cases, weights], operation: "weightedDistances") { g throws(TensorError) in
      let (dQ, dC, dW) = WeightedDistances.backward(g.scalars, q.scalars, c.scalars, w.scalars, m: m, n: n, d: d, kind: kind)
      return [try Tensor(shape: q.shape, scalars: dQ), try Tensor(shape: c.shape, scalars: dC),
              try Tensor(shape: w.shape, scalars: dW)]
    }
  }
}
