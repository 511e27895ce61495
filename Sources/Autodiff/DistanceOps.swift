import Tensors

/// Per-case weighted feature distances as a tape operation (FOUND-12).
extension Variable {
  /// S[q, c] = sum_j W[c, j] phi(Q[q, j] - C[c, j]) for self = Q [m, d], cases C [n, d],
  /// weights W [n, d]; phi(t) = t^2 or |t|. VJP: the three sums of ``WeightedDistances/backward``,
  /// each only when a target needs it.
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
    // Selective (FOUND-72): NN-kNN without an extractor needs dW alone, half the backward's work.
    return tape.record(s, inputs: [self, cases, weights], operation: "weightedDistances") { g, needed throws(TensorError) in
      let needs = WeightedDistances.Needs(queries: needed[0], cases: needed[1], weights: needed[2])
      let (dQ, dC, dW) = WeightedDistances.backward(g.scalars, q.scalars, c.scalars, w.scalars, m: m, n: n, d: d, kind: kind,
                                                    needing: needs)
      return [try dQ.map { s throws(TensorError) in try Tensor(shape: q.shape, scalars: s) },
              try dC.map { s throws(TensorError) in try Tensor(shape: c.shape, scalars: s) },
              try dW.map { s throws(TensorError) in try Tensor(shape: w.shape, scalars: s) }]
    }
  }
}
