/// The per-case weighted feature distances of NN-kNN and their vector-Jacobian products (FOUND-12),
/// vectorised across cases (forward, dC, dW) or across queries (dQ) so that every element's sum
/// stays one chain of fused multiply-adds in the order Spec fixes, whatever the vector width:
///
///     t = Q[q, j] - C[c, j],   phi(t) = t * t (rounded) or |t|,   phi'(t) = 2t or sign(t)
///     S[q, c]  = chain over j:  a = fma(W[c, j], phi(t), a)
///     dQ[q, j] = chain over c:  a = fma(G[q, c] * W[c, j], phi'(t), a)
///     dC[c, j] = chain over q:  a = fma(-(G[q, c] * W[c, j]), phi'(t), a)
///     dW[c, j] = chain over q:  a = fma(G[q, c], phi(t), a)
///
/// each from a = +0.0. Layouts: Q [m, d], C and W [n, d], G and S [m, n], row-major. Cases are
/// packed into panels of `Vector.scalarCount` cases ([panel][j][lane], zero past the last case);
/// for dQ, queries are packed the same way and G is read transposed. Lanes past the last case or
/// query are computed and thrown away.
public enum WeightedDistanceKernel<Vector: KernelVector> {
  public typealias V = Vector

  /// Doubles in the panels of `count` rows of width d.
  @inlinable
  public static func packedCount(rows count: Int, width d: Int) -> Int {
    (count &+ V.scalarCount &- 1) / V.scalarCount &* V.scalarCount &* d
  }

  /// Packs panels `panels` of the rows [0, count) of a row-major [count, d] matrix:
  /// out[p][j][lane] = x[p V + lane, j], zero past the last row. Each parallel chunk packs its own
  /// panels (packing all of them first was a serial step as long as the forward kernel itself).
  @inlinable
  public static func pack(_ x: UnsafePointer<Double>, rows count: Int, width d: Int, panels: Range<Int>,
                          into out: UnsafeMutablePointer<Double>) {
    let w = V.scalarCount
    for p in panels {
      let panel = out + p &* d &* w
      if p &* w &+ w <= count {
        // A whole panel: written in order, one vector per feature from the panel's rows side by
        // side (lane by lane it was a scatter with a stride of w, as slow as the forward kernel).
        let source = x + p &* w &* d
        for j in 0..<d {
          var v = V()
          for lane in 0..<w { v[lane] = source[lane &* d &+ j] }
          store(v, panel + j &* w)
        }
        continue
      }
      for lane in 0..<w {
        let row = p &* w &+ lane
        if row < count {
          let source = x + row &* d
          for j in 0..<d { panel[j &* w &+ lane] = source[j] }
        } else {
          for j in 0..<d { panel[j &* w &+ lane] = 0 }
        }
      }
    }
  }

  @inlinable @inline(__always)
  static func phi(_ t: V, _ kind: WeightedDifference) -> V {
    kind == .squared ? t * t : V.absolute(t)
  }

  @inlinable @inline(__always)
  static func phiPrime(_ t: V, _ kind: WeightedDifference) -> V {
    kind == .squared ? t + t : V.sign(t)
  }

  /// S[q, case panels] for queries `queries` and case panels `panels`: four queries by two panels
  /// per pass (eight independent chains), the queries of a short group repeating the group's last
  /// one (its results are not stored twice).
  @inlinable
  public static func forward(_ q: UnsafePointer<Double>, queries: Range<Int>, width d: Int, cases n: Int,
                             packedCases cp: UnsafePointer<Double>, packedWeights wp: UnsafePointer<Double>,
                             panels: Range<Int>, kind: WeightedDifference, into s: UnsafeMutablePointer<Double>) {
    // The difference function is fixed for the whole call: each case gets its own copy of the loop,
    // with phi and phi' resolved at compile time instead of tested for every element.
    switch kind {
    case .squared: forwardBody(q, queries: queries, width: d, cases: n, packedCases: cp, packedWeights: wp, panels: panels,
        kind: .squared, into: s)
    case .absolute: forwardBody(q, queries: queries, width: d, cases: n, packedCases: cp, packedWeights: wp, panels: panels,
        kind: .absolute, into: s)
    }
  }

  @inlinable @inline(__always)
  static func forwardBody(_ q: UnsafePointer<Double>, queries: Range<Int>, width d: Int, cases n: Int,
                          packedCases cp: UnsafePointer<Double>, packedWeights wp: UnsafePointer<Double>,
                          panels: Range<Int>, kind: WeightedDifference, into s: UnsafeMutablePointer<Double>) {
    let w = V.scalarCount
    var q0 = queries.lowerBound
    while q0 < queries.upperBound {
      let live = Swift.min(4, queries.upperBound &- q0)
      let r0 = q0, r1 = q0 &+ Swift.min(1, live &- 1), r2 = q0 &+ Swift.min(2, live &- 1), r3 = q0 &+ Swift.min(3, live &- 1)
      let x0 = q + r0 &* d, x1 = q + r1 &* d, x2 = q + r2 &* d, x3 = q + r3 &* d
      var p = panels.lowerBound
      while p < panels.upperBound {
        let pair = p &+ 1 < panels.upperBound
        let c0 = cp + p &* d &* w, w0 = wp + p &* d &* w
        let c1 = pair ? c0 + d &* w : c0, w1 = pair ? w0 + d &* w : w0
        var a00 = V(), a01 = V(), a10 = V(), a11 = V(), a20 = V(), a21 = V(), a30 = V(), a31 = V()
        var j = 0
        while j < d {
          let cj0: V = load(c0 + j &* w), cj1: V = load(c1 + j &* w)
          let wj0: V = load(w0 + j &* w), wj1: V = load(w1 + j &* w)
          var x = V(repeating: x0[j])
          a00.addProduct(wj0, phi(x - cj0, kind)); a01.addProduct(wj1, phi(x - cj1, kind))
          x = V(repeating: x1[j])
          a10.addProduct(wj0, phi(x - cj0, kind)); a11.addProduct(wj1, phi(x - cj1, kind))
          x = V(repeating: x2[j])
          a20.addProduct(wj0, phi(x - cj0, kind)); a21.addProduct(wj1, phi(x - cj1, kind))
          x = V(repeating: x3[j])
          a30.addProduct(wj0, phi(x - cj0, kind)); a31.addProduct(wj1, phi(x - cj1, kind))
          j &+= 1
        }
        @inline(__always) func put(_ row: Int, _ first: V, _ second: V) {
          storeLanes(first, s + row &* n, from: p &* w, limit: n)
          if pair { storeLanes(second, s + row &* n, from: (p &+ 1) &* w, limit: n) }
        }
        put(r0, a00, a01)
        if live > 1 { put(r1, a10, a11) }
        if live > 2 { put(r2, a20, a21) }
        if live > 3 { put(r3, a30, a31) }
        p &+= pair ? 2 : 1
      }
      q0 &+= 4
    }
  }

  /// dC and dW for case panels `panels`: four features per pass (eight independent chains), each
  /// chain over every query in order.
  @inlinable
  public static func backwardCases(
    _ g: UnsafePointer<Double>, _ q: UnsafePointer<Double>, queries m: Int, width d: Int, cases n: Int,
    packedCases cp: UnsafePointer<Double>, packedWeights wp: UnsafePointer<Double>,
    panels: Range<Int>, kind: WeightedDifference,
    dC: UnsafeMutablePointer<Double>, dW: UnsafeMutablePointer<Double>
  ) {
    // The difference function is fixed for the whole call: each case gets its own copy of the loop,
    // with phi and phi' resolved at compile time instead of tested for every element.
    switch kind {
    case .squared: backwardCasesBody(g, q, queries: m, width: d, cases: n, packedCases: cp, packedWeights: wp, panels: panels,
        kind: .squared, dC: dC, dW: dW)
    case .absolute: backwardCasesBody(g, q, queries: m, width: d, cases: n, packedCases: cp, packedWeights: wp, panels: panels,
        kind: .absolute, dC: dC, dW: dW)
    }
  }

  @inlinable @inline(__always)
  static func backwardCasesBody(
    _ g: UnsafePointer<Double>, _ q: UnsafePointer<Double>, queries m: Int, width d: Int, cases n: Int,
    packedCases cp: UnsafePointer<Double>, packedWeights wp: UnsafePointer<Double>,
    panels: Range<Int>, kind: WeightedDifference,
    dC: UnsafeMutablePointer<Double>, dW: UnsafeMutablePointer<Double>
  ) {
    let w = V.scalarCount
    for p in panels {
      let panelC = cp + p &* d &* w, panelW = wp + p &* d &* w
      let column = p &* w
      var j0 = 0
      while j0 < d {
        let (count, j1, j2, j3) = featureGroup(from: j0, width: d)
        let c0: V = load(panelC + j0 &* w), c1: V = load(panelC + j1 &* w), c2: V = load(panelC + j2 &* w),
          c3: V = load(panelC + j3 &* w)
        let v0: V = load(panelW + j0 &* w), v1: V = load(panelW + j1 &* w), v2: V = load(panelW + j2 &* w),
          v3: V = load(panelW + j3 &* w)
        var dc0 = V(), dc1 = V(), dc2 = V(), dc3 = V(), dw0 = V(), dw1 = V(), dw2 = V(), dw3 = V()
        for i in 0..<m {
          let gi = loadLanes(g + i &* n, from: column, limit: n)
          let x = q + i &* d
          var t = V(repeating: x[j0]) - c0
          dc0.addProduct(-(gi * v0), phiPrime(t, kind)); dw0.addProduct(gi, phi(t, kind))
          t = V(repeating: x[j1]) - c1
          dc1.addProduct(-(gi * v1), phiPrime(t, kind)); dw1.addProduct(gi, phi(t, kind))
          t = V(repeating: x[j2]) - c2
          dc2.addProduct(-(gi * v2), phiPrime(t, kind)); dw2.addProduct(gi, phi(t, kind))
          t = V(repeating: x[j3]) - c3
          dc3.addProduct(-(gi * v3), phiPrime(t, kind)); dw3.addProduct(gi, phi(t, kind))
        }
        @inline(__always) func put(_ j: Int, _ sumC: V, _ sumW: V) {
          for lane in 0..<Swift.min(w, n &- column) {
            dC[(column &+ lane) &* d &+ j] = sumC[lane]
            dW[(column &+ lane) &* d &+ j] = sumW[lane]
          }
        }
        put(j0, dc0, dw0)
        if count > 1 { put(j1, dc1, dw1) }
        if count > 2 { put(j2, dc2, dw2) }
        if count > 3 { put(j3, dc3, dw3) }
        j0 &+= 4
      }
    }
  }

  /// dW alone for case panels `panels` (when no target needs dC, FOUND-72): the same chains as
  /// `backwardCases`' dW, each over every query in order, so the same bits. Two panels by four
  /// features per pass (eight independent chains, as in `forward`; four alone wait on the latency
  /// of the fused multiply-add), a lone last panel paired with itself (its sums stored once).
  @inlinable
  public static func backwardWeights(
    _ g: UnsafePointer<Double>, _ q: UnsafePointer<Double>, queries m: Int, width d: Int, cases n: Int,
    packedCases cp: UnsafePointer<Double>, panels: Range<Int>, kind: WeightedDifference, dW: UnsafeMutablePointer<Double>
  ) {
    // The difference function is fixed for the whole call: each case gets its own copy of the loop.
    switch kind {
    case .squared: backwardWeightsBody(g, q, queries: m, width: d, cases: n, packedCases: cp, panels: panels, kind: .squared, dW: dW)
    case .absolute: backwardWeightsBody(g, q, queries: m, width: d, cases: n, packedCases: cp, panels: panels, kind: .absolute, dW: dW)
    }
  }

  @inlinable @inline(__always)
  static func backwardWeightsBody(
    _ g: UnsafePointer<Double>, _ q: UnsafePointer<Double>, queries m: Int, width d: Int, cases n: Int,
    packedCases cp: UnsafePointer<Double>, panels: Range<Int>, kind: WeightedDifference, dW: UnsafeMutablePointer<Double>
  ) {
    let w = V.scalarCount
    // G is read a whole vector of cases at a time. Where the last panel runs past the last case,
    // its pass reads a copy of G's last columns padded with zeros to two whole panels, [m, 2w]
    // (a test inside the query loop cost register spills and copies). Allocated only then.
    let padded = UnsafeMutablePointer<Double>.allocate(capacity: panels.upperBound &* w > n ? m &* 2 &* w : 0)
    defer { padded.deallocate() }
    var p = panels.lowerBound
    while p < panels.upperBound {
      let pair = p &+ 1 < panels.upperBound
      let first = cp + p &* d &* w, second = pair ? first + d &* w : first
      let column0 = p &* w, column1 = pair ? column0 &+ w : column0
      // The rows of G this pass reads: G itself (row stride n) or the padded copy (stride 2w).
      var rows = g + column0, rowStride = n, offset1 = column1 &- column0
      if column1 &+ w > n {
        for i in 0..<m {
          for lane in 0..<(2 &* w) {
            padded[i &* 2 &* w &+ lane] = column0 &+ lane < n ? g[i &* n &+ column0 &+ lane] : 0
          }
        }
        (rows, rowStride, offset1) = (UnsafePointer(padded), 2 &* w, pair ? w : 0)
      }
      var j0 = 0
      while j0 < d {
        let (count, j1, j2, j3) = featureGroup(from: j0, width: d)
        // Eight independent chains: two case panels by four features.
        let c00: V = load(first + j0 &* w), c01: V = load(first + j1 &* w), c02: V = load(first + j2 &* w),
          c03: V = load(first + j3 &* w)
        let c10: V = load(second + j0 &* w), c11: V = load(second + j1 &* w), c12: V = load(second + j2 &* w),
          c13: V = load(second + j3 &* w)
        var a00 = V(), a01 = V(), a02 = V(), a03 = V(), a10 = V(), a11 = V(), a12 = V(), a13 = V()
        for i in 0..<m {
          let row = rows + i &* rowStride
          let g0: V = load(row), g1: V = load(row + offset1)
          let x = q + i &* d
          var t = V(repeating: x[j0])
          a00.addProduct(g0, phi(t - c00, kind)); a10.addProduct(g1, phi(t - c10, kind))
          t = V(repeating: x[j1])
          a01.addProduct(g0, phi(t - c01, kind)); a11.addProduct(g1, phi(t - c11, kind))
          t = V(repeating: x[j2])
          a02.addProduct(g0, phi(t - c02, kind)); a12.addProduct(g1, phi(t - c12, kind))
          t = V(repeating: x[j3])
          a03.addProduct(g0, phi(t - c03, kind)); a13.addProduct(g1, phi(t - c13, kind))
        }
        @inline(__always) func put(_ j: Int, _ column: Int, _ sum: V) {
          for lane in 0..<Swift.min(w, n &- column) { dW[(column &+ lane) &* d &+ j] = sum[lane] }
        }
        @inline(__always) func put(_ j: Int, _ first: V, _ second: V) {
          put(j, column0, first)
          if pair { put(j, column1, second) }
        }
        put(j0, a00, a10)
        if count > 1 { put(j1, a01, a11) }
        if count > 2 { put(j2, a02, a12) }
        if count > 3 { put(j3, a03, a13) }
        j0 &+= 4
      }
      p &+= pair ? 2 : 1
    }
  }

  /// dQ for query panels `panels` of the packed queries, with G^T [n, m] (row stride `ldt`):
  /// four features per pass, each chain over every case in order.
  @inlinable
  public static func backwardQueries(_ gt: UnsafePointer<Double>, rowStride ldt: Int, packedQueries qp: UnsafePointer<Double>,
    queries m: Int, width d: Int, _ c: UnsafePointer<Double>, _ wt: UnsafePointer<Double>, cases n: Int,
    panels: Range<Int>, kind: WeightedDifference, dQ: UnsafeMutablePointer<Double>
  ) {
    // The difference function is fixed for the whole call: each case gets its own copy of the loop,
    // with phi and phi' resolved at compile time instead of tested for every element.
    switch kind {
    case .squared: backwardQueriesBody(gt, rowStride: ldt, packedQueries: qp, queries: m, width: d, c, wt, cases: n,
        panels: panels, kind: .squared, dQ: dQ)
    case .absolute: backwardQueriesBody(gt, rowStride: ldt, packedQueries: qp, queries: m, width: d, c, wt, cases: n,
        panels: panels, kind: .absolute, dQ: dQ)
    }
  }

  @inlinable @inline(__always)
  static func backwardQueriesBody(_ gt: UnsafePointer<Double>, rowStride ldt: Int, packedQueries qp: UnsafePointer<Double>,
    queries m: Int, width d: Int, _ c: UnsafePointer<Double>, _ wt: UnsafePointer<Double>, cases n: Int,
    panels: Range<Int>, kind: WeightedDifference, dQ: UnsafeMutablePointer<Double>
  ) {
    let w = V.scalarCount
    for p in panels {
      let panel = qp + p &* d &* w
      let row = p &* w
      var j0 = 0
      while j0 < d {
        let (count, j1, j2, j3) = featureGroup(from: j0, width: d)
        let x0: V = load(panel + j0 &* w), x1: V = load(panel + j1 &* w), x2: V = load(panel + j2 &* w),
          x3: V = load(panel + j3 &* w)
        var a0 = V(), a1 = V(), a2 = V(), a3 = V()
        for k in 0..<n {
          let gk = loadLanes(gt + k &* ldt, from: row, limit: m)
          let ck = c + k &* d, wk = wt + k &* d
          a0.addProduct(gk * V(repeating: wk[j0]), phiPrime(x0 - V(repeating: ck[j0]), kind))
          a1.addProduct(gk * V(repeating: wk[j1]), phiPrime(x1 - V(repeating: ck[j1]), kind))
          a2.addProduct(gk * V(repeating: wk[j2]), phiPrime(x2 - V(repeating: ck[j2]), kind))
          a3.addProduct(gk * V(repeating: wk[j3]), phiPrime(x3 - V(repeating: ck[j3]), kind))
        }
        @inline(__always) func put(_ j: Int, _ sum: V) {
          for lane in 0..<Swift.min(w, m &- row) { dQ[(row &+ lane) &* d &+ j] = sum[lane] }
        }
        put(j0, a0)
        if count > 1 { put(j1, a1) }
        if count > 2 { put(j2, a2) }
        if count > 3 { put(j3, a3) }
        j0 &+= 4
      }
    }
  }

  /// The four features of a backward pass starting at j0: how many are real (at most 4) and the
  /// next three, those past the last feature aliased to it (their sums are computed, not stored).
  @inlinable @inline(__always)
  static func featureGroup(from j0: Int, width d: Int) -> (count: Int, j1: Int, j2: Int, j3: Int) {
    let count = Swift.min(4, d &- j0)
    return (count, j0 &+ Swift.min(1, count &- 1), j0 &+ Swift.min(2, count &- 1), j0 &+ Swift.min(3, count &- 1))
  }

  /// Stores the lanes of `v` at row[from ..< from + V] that fall below `limit`.
  @inlinable @inline(__always)
  static func storeLanes(_ v: V, _ row: UnsafeMutablePointer<Double>, from: Int, limit: Int) {
    if from &+ V.scalarCount <= limit {
      store(v, row + from)
    } else {
      for lane in 0..<(limit &- from) { row[from &+ lane] = v[lane] }
    }
  }

  /// Loads row[from ..< from + V], zero for positions at or past `limit`.
  @inlinable @inline(__always)
  static func loadLanes(_ row: UnsafePointer<Double>, from: Int, limit: Int) -> V {
    if from &+ V.scalarCount <= limit { return load(row + from) }
    var v = V()
    for lane in 0..<(limit &- from) { v[lane] = row[from &+ lane] }
    return v
  }
}

/// The difference function of the weighted distances: phi(t) = t^2 or |t|.
public enum WeightedDifference: Sendable {
  case squared, absolute
}
