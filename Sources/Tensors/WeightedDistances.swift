/// Per-case weighted feature distances and their vector-Jacobian products (FOUND-12): the hot loop
/// of NN-kNN, kept beside its naive twin.
///
/// For queries Q [m, d], cases C [n, d] and per-case feature weights W [n, d]:
///   S[q, c] = sum_j W[c, j] * phi(Q[q, j] - C[c, j]),  phi(t) = t^2 (`.squared`) or |t| (`.absolute`).
/// Given the output cotangent G [m, n]:
///   dQ[q, j] =  sum_c G[q, c] W[c, j] phi'(Q[q, j] - C[c, j])
///   dC[c, j] = -sum_q G[q, c] W[c, j] phi'(Q[q, j] - C[c, j])
///   dW[c, j] =  sum_q G[q, c] phi(Q[q, j] - C[c, j])
/// with phi'(t) = 2t, or sign(t) with sign(0) = 0 (FOUND-24). Sums run over j, c or q in increasing
/// order; identical query and case rows give exactly S = 0 (the differences are exact zeros).
///
/// The fast versions split rows into fixed chunks over `Parallelism.threads` threads (FOUND-31) and
/// use unchecked pointer access; they perform the same operations in the same order as the
/// reference versions, so the two agree bit for bit.
public enum WeightedDistances {
  public enum Difference: Sendable { case squared, absolute }

  @inline(__always)
  static func phi(_ t: Double, _ kind: Difference) -> Double { kind == .squared ? t * t : (t < 0 ? -t : t) }
  @inline(__always)
  static func phiPrime(_ t: Double, _ kind: Difference) -> Double {
    kind == .squared ? 2 * t : (t > 0 ? 1 : (t < 0 ? -1 : 0))
  }

  // MARK: Reference twins (plain loops over arrays).

  public static func forwardReference(_ q: [Double], _ c: [Double], _ w: [Double], m: Int, n: Int, d: Int, kind: Difference) -> [Double] {
    var s = [Double](repeating: 0, count: m * n)
    for i in 0..<m {
      for k in 0..<n {
        var sum = 0.0
        for j in 0..<d { sum += w[k * d + j] * phi(q[i * d + j] - c[k * d + j], kind) }
        s[i * n + k] = sum
      }
    }
    return s
  }

  public static func backwardReference(_ g: [Double], _ q: [Double], _ c: [Double], _ w: [Double], m: Int, n: Int, d: Int,
                                       kind: Difference) -> (dQ: [Double], dC: [Double], dW: [Double]) {
    var dQ = [Double](repeating: 0, count: m * d), dC = [Double](repeating: 0, count: n * d), dW = [Double](repeating: 0, count: n * d)
    for i in 0..<m {
      for j in 0..<d {
        var sum = 0.0
        for k in 0..<n { sum += g[i * n + k] * w[k * d + j] * phiPrime(q[i * d + j] - c[k * d + j], kind) }
        dQ[i * d + j] = sum
      }
    }
    for k in 0..<n {
      for j in 0..<d {
        var sumC = 0.0, sumW = 0.0
        for i in 0..<m {
          let t = q[i * d + j] - c[k * d + j]
          sumC -= g[i * n + k] * w[k * d + j] * phiPrime(t, kind)
          sumW += g[i * n + k] * phi(t, kind)
        }
        dC[k * d + j] = sumC
        dW[k * d + j] = sumW
      }
    }
    return (dQ, dC, dW)
  }

  // MARK: Fast versions (fixed row chunks on all threads, pointer access).
  //
  // The public entry points switch on the kind once and call a version specialised for it, so
  // the inner loops carry no branch on the kind and the compiler can vectorise them over j.

  protocol Phi { static func phi(_ t: Double) -> Double; static func phiPrime(_ t: Double) -> Double }
  enum SquaredPhi: Phi {
    @inline(__always) static func phi(_ t: Double) -> Double { t * t }
    @inline(__always) static func phiPrime(_ t: Double) -> Double { 2 * t }
  }
  enum AbsolutePhi: Phi {
    @inline(__always) static func phi(_ t: Double) -> Double { t < 0 ? -t : t }
    @inline(__always) static func phiPrime(_ t: Double) -> Double { t > 0 ? 1 : (t < 0 ? -1 : 0) }
  }

  static let rowsPerChunk = 16
  /// Cases per cache block of the forward and dQ loops (64 rows of C and W: 64 KiB at d = 64).
  static let casesPerBlock = 64

  public static func forward(_ q: [Double], _ c: [Double], _ w: [Double], m: Int, n: Int, d: Int, kind: Difference) -> [Double] {
    kind == .squared ? forward(q, c, w, m: m, n: n, d: d, SquaredPhi.self) : forward(q, c, w, m: m, n: n, d: d, AbsolutePhi.self)
  }

  static func forward<P: Phi>(_ q: [Double], _ c: [Double], _ w: [Double], m: Int, n: Int, d: Int, _: P.Type) -> [Double] {
    precondition(q.count == m * d && c.count == n * d && w.count == n * d)
    var s = [Double](repeating: 0, count: m * n)
    q.withUnsafeBufferPointer { qb in c.withUnsafeBufferPointer { cb in w.withUnsafeBufferPointer { wb in
      s.withUnsafeMutableBufferPointer { sb in
        let (pq, pc, pw, ps) = (qb.baseAddress, cb.baseAddress, wb.baseAddress, sb.baseAddress)
        // Cases are visited in blocks so that a block's rows of C and W stay in cache while every
        // query of the chunk uses them; each S element is still one sum over j in order.
        Parallelism.forEachChunk((m + rowsPerChunk - 1) / rowsPerChunk) { chunk in
          let rows = (chunk &* rowsPerChunk)..<min(m, (chunk &+ 1) &* rowsPerChunk)
          var k0 = 0
          while k0 < n {
            let k1 = min(n, k0 &+ casesPerBlock)
            for i in rows {
              let qi = pq! + i &* d
              for k in k0..<k1 {
                let ck = pc! + k &* d, wk = pw! + k &* d
                var sum = 0.0
                for j in 0..<d { sum += wk[j] * P.phi(qi[j] - ck[j]) }
                ps![i &* n &+ k] = sum
              }
            }
            k0 = k1
          }
        }
      }
    } } }
    return s
  }

  public static func backward(_ g: [Double], _ q: [Double], _ c: [Double], _ w: [Double], m: Int, n: Int, d: Int,
                              kind: Difference) -> (dQ: [Double], dC: [Double], dW: [Double]) {
    kind == .squared ? backward(g, q, c, w, m: m, n: n, d: d, SquaredPhi.self) : backward(g, q, c, w, m: m, n: n, d: d, AbsolutePhi.self)
  }

  static func backward<P: Phi>(_ g: [Double], _ q: [Double], _ c: [Double], _ w: [Double], m: Int, n: Int, d: Int,
                               _: P.Type) -> (dQ: [Double], dC: [Double], dW: [Double]) {
    precondition(g.count == m * n && q.count == m * d && c.count == n * d && w.count == n * d)
    var dQ = [Double](repeating: 0, count: m * d), dC = [Double](repeating: 0, count: n * d), dW = [Double](repeating: 0, count: n * d)
    g.withUnsafeBufferPointer { gb in q.withUnsafeBufferPointer { qb in c.withUnsafeBufferPointer { cb in w.withUnsafeBufferPointer { wb in
      dQ.withUnsafeMutableBufferPointer { dqb in dC.withUnsafeMutableBufferPointer { dcb in dW.withUnsafeMutableBufferPointer { dwb in
        let (pg, pq, pc, pw) = (gb.baseAddress, qb.baseAddress, cb.baseAddress, wb.baseAddress)
        let (pdq, pdc, pdw) = (dqb.baseAddress, dcb.baseAddress, dwb.baseAddress)
        // dQ: chunks of query rows. The case loop is outside the feature loop for contiguous
        // access, but each element still receives its terms in increasing case order.
        Parallelism.forEachChunk((m + rowsPerChunk - 1) / rowsPerChunk) { chunk in
          let rows = (chunk &* rowsPerChunk)..<min(m, (chunk &+ 1) &* rowsPerChunk)
          var k0 = 0
          while k0 < n {  // case blocks in increasing order: each element still sums over k in order
            let k1 = min(n, k0 &+ casesPerBlock)
            for i in rows {
              let qi = pq! + i &* d, gi = pg! + i &* n, out = pdq! + i &* d
              for k in k0..<k1 {
                let gik = gi[k], ck = pc! + k &* d, wk = pw! + k &* d
                for j in 0..<d { out[j] += gik * wk[j] * P.phiPrime(qi[j] - ck[j]) }
              }
            }
            k0 = k1
          }
        }
        // dC and dW: chunks of case rows; each element receives its terms in increasing query order.
        Parallelism.forEachChunk((n + rowsPerChunk - 1) / rowsPerChunk) { chunk in
          for k in (chunk &* rowsPerChunk)..<min(n, (chunk &+ 1) &* rowsPerChunk) {
            let ck = pc! + k &* d, wk = pw! + k &* d, outC = pdc! + k &* d, outW = pdw! + k &* d
            for i in 0..<m {
              let qi = pq! + i &* d, gik = pg![i &* n &+ k]
              for j in 0..<d {
                let t = qi[j] - ck[j]
                outC[j] -= gik * wk[j] * P.phiPrime(t)
                outW[j] += gik * P.phi(t)
              }
            }
          }
        }
      } } }
    } } } }
    return (dQ, dC, dW)
  }
}
