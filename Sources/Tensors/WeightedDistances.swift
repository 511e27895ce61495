import Kernels

/// Per-case weighted feature distances and their vector-Jacobian products (FOUND-12): the hot loop
/// of NN-kNN, kept beside its naive twin.
///
/// For queries Q [m, d], cases C [n, d] and per-case feature weights W [n, d]:
///   S[q, c] = sum_j W[c, j] * phi(Q[q, j] - C[c, j]),  phi(t) = t^2 (`.squared`) or |t| (`.absolute`).
/// Given the output cotangent G [m, n]:
///   dQ[q, j] =  sum_c G[q, c] W[c, j] phi'(Q[q, j] - C[c, j])
///   dC[c, j] = -sum_q G[q, c] W[c, j] phi'(Q[q, j] - C[c, j])
///   dW[c, j] =  sum_q G[q, c] phi(Q[q, j] - C[c, j])
/// with phi'(t) = 2t, or sign(t) with sign(0) = 0 (FOUND-24). Each sum is one chain of fused
/// multiply-adds from +0.0 over j, c or q in increasing order, with the products G W and t * t
/// rounded first (the exact steps are in `WeightedDistanceKernel` and Spec FOUND-12); identical
/// query and case rows give exactly S = 0 (the differences are exact zeros).
///
/// The fast versions run the selected kernel variant (FOUND-13), vectorised across cases or queries
/// and split into chunks over the threads (FOUND-31); every element is still one chain in the same
/// order, so they agree with the reference twins bit for bit, for any variant and thread count.
public enum WeightedDistances {
  public enum Difference: Sendable {
    case squared, absolute
    var kernelKind: WeightedDifference { self == .squared ? .squared : .absolute }
  }

  @inline(__always)
  static func phi(_ t: Double, _ kind: Difference) -> Double { kind == .squared ? t * t : (t < 0 ? -t : t) }
  @inline(__always)
  static func phiPrime(_ t: Double, _ kind: Difference) -> Double {
    kind == .squared ? t + t : (t > 0 ? 1 : (t < 0 ? -1 : 0))
  }

  // MARK: Reference twins (plain loops over arrays).

  public static func forwardReference(_ q: [Double], _ c: [Double], _ w: [Double], m: Int, n: Int, d: Int, kind: Difference)
    -> [Double]
  {
    var s = [Double](repeating: 0, count: m * n)
    for i in 0..<m {
      for k in 0..<n {
        var sum = 0.0
        for j in 0..<d { sum = sum.addingProduct(w[k * d + j], phi(q[i * d + j] - c[k * d + j], kind)) }
        s[i * n + k] = sum
      }
    }
    return s
  }

  public static func backwardReference(_ g: [Double], _ q: [Double], _ c: [Double], _ w: [Double], m: Int, n: Int, d: Int,
                                       kind: Difference) -> (dQ: [Double], dC: [Double], dW: [Double]) {
    var dQ = [Double](repeating: 0, count: m * d), dC = [Double](repeating: 0, count: n * d),
      dW = [Double](repeating: 0, count: n * d)
    for i in 0..<m {
      for j in 0..<d {
        var sum = 0.0
        for k in 0..<n { sum = sum.addingProduct(g[i * n + k] * w[k * d + j], phiPrime(q[i * d + j] - c[k * d + j], kind)) }
        dQ[i * d + j] = sum
      }
    }
    for k in 0..<n {
      for j in 0..<d {
        var sumC = 0.0, sumW = 0.0
        for i in 0..<m {
          let t = q[i * d + j] - c[k * d + j]
          sumC = sumC.addingProduct(-(g[i * n + k] * w[k * d + j]), phiPrime(t, kind))
          sumW = sumW.addingProduct(g[i * n + k], phi(t, kind))
        }
        dC[k * d + j] = sumC
        dW[k * d + j] = sumW
      }
    }
    return (dQ, dC, dW)
  }

  // MARK: Fast versions (the selected kernel variant, chunks over the threads).

  /// Panels (of the variant's vector width) per parallel chunk.
  static let panelsPerChunk = 8

  public static func forward(_ q: [Double], _ c: [Double], _ w: [Double], m: Int, n: Int, d: Int, kind: Difference,
                             threads: Int = Parallelism.threads, variant: KernelVariant? = nil) -> [Double] {
    precondition(q.count == m * d && c.count == n * d && w.count == n * d)
    if m == 0 || n == 0 { return [Double](repeating: 0, count: m * n) }
    if d == 0 { return [Double](repeating: 0, count: m * n) }
    let table = (variant.flatMap(KernelSelection.table) ?? KernelSelection.selectedTable).weighted
    let panels = (n + table.panelWidth - 1) / table.panelWidth
    var packedC = [Double](repeating: 0, count: table.packedCount(n, d)), packedW = packedC
    return [Double](unsafeUninitializedCapacity: m * n) { s, count in
      q.withUnsafeBufferPointer { pq in c.withUnsafeBufferPointer { pc in w.withUnsafeBufferPointer { pw in
        packedC.withUnsafeMutableBufferPointer { bc in packedW.withUnsafeMutableBufferPointer { bw in
          table.pack(pc.baseAddress!, n, d, bc.baseAddress!)
          table.pack(pw.baseAddress!, n, d, bw.baseAddress!)
          let (cp, wp, out) = (UnsafePointer(bc.baseAddress!), UnsafePointer(bw.baseAddress!), s.baseAddress!)
          Parallelism.forEachChunk((panels + panelsPerChunk - 1) / panelsPerChunk, threads: threads) { chunk in
            let range = (chunk * panelsPerChunk)..<min(panels, (chunk + 1) * panelsPerChunk)
            table.forward(pq.baseAddress!, 0..<m, d, n, cp, wp, range, kind.kernelKind, out)
          }
        } }
      } } }
      count = m * n
    }
  }

  public static func backward(
    _ g: [Double], _ q: [Double], _ c: [Double], _ w: [Double], m: Int, n: Int, d: Int, kind: Difference,
    threads: Int = Parallelism.threads, variant: KernelVariant? = nil
  ) -> (dQ: [Double], dC: [Double], dW: [Double]) {
    precondition(g.count == m * n && q.count == m * d && c.count == n * d && w.count == n * d)
    var dQ = [Double](repeating: 0, count: m * d), dC = [Double](repeating: 0, count: n * d),
      dW = [Double](repeating: 0, count: n * d)
    if m == 0 || n == 0 || d == 0 { return (dQ, dC, dW) }
    let table = (variant.flatMap(KernelSelection.table) ?? KernelSelection.selectedTable).weighted
    let width = table.panelWidth
    let (casePanels, queryPanels) = ((n + width - 1) / width, (m + width - 1) / width)
    var packedC = [Double](repeating: 0, count: table.packedCount(n, d)), packedW = packedC
    var packedQ = [Double](repeating: 0, count: table.packedCount(m, d))
    // G^T [n, m]: dQ's chains run over the cases, with a panel of queries in the lanes.
    var gt = [Double](repeating: 0, count: n * m)
    for i in 0..<m { for k in 0..<n { gt[k * m + i] = g[i * n + k] } }
    g.withUnsafeBufferPointer { pg in
      q.withUnsafeBufferPointer { pq in
        c.withUnsafeBufferPointer { pc in
          w.withUnsafeBufferPointer { pw in
            packedC.withUnsafeMutableBufferPointer { bc in
              packedW.withUnsafeMutableBufferPointer { bw in
                packedQ.withUnsafeMutableBufferPointer { bq in
                  gt.withUnsafeBufferPointer { pgt in
                    dQ.withUnsafeMutableBufferPointer { oq in
                      dC.withUnsafeMutableBufferPointer { oc in
                        dW.withUnsafeMutableBufferPointer { ow in
                          table.pack(pc.baseAddress!, n, d, bc.baseAddress!)
                          table.pack(pw.baseAddress!, n, d, bw.baseAddress!)
                          table.pack(pq.baseAddress!, m, d, bq.baseAddress!)
                          let (cp, wp, qp) = (
                            UnsafePointer(bc.baseAddress!), UnsafePointer(bw.baseAddress!), UnsafePointer(bq.baseAddress!)
                          )
                          let (outQ, outC, outW) = (oq.baseAddress!, oc.baseAddress!, ow.baseAddress!)
                          let caseChunks = (casePanels + panelsPerChunk - 1) / panelsPerChunk
                          let queryChunks = (queryPanels + panelsPerChunk - 1) / panelsPerChunk
                          // dC and dW by case panels, dQ by query panels: each chunk writes only its own rows.
                          Parallelism.forEachChunk(caseChunks + queryChunks, threads: threads) { chunk in
                            if chunk < caseChunks {
                let range = (chunk * panelsPerChunk)..<min(casePanels, (chunk + 1) * panelsPerChunk)
                table.backwardCases(pg.baseAddress!, pq.baseAddress!, m, d, n, cp, wp, range, kind.kernelKind, outC, outW)
              } else {
                let first = (chunk - caseChunks) * panelsPerChunk
                let range = first..<min(queryPanels, first + panelsPerChunk)
                              table.backwardQueries(
                                pgt.baseAddress!, m, qp, m, d, pc.baseAddress!, pw.baseAddress!, n, range, kind.kernelKind, outQ)
              }
            }
          } } }
        }
      } } }
    } } } }
    return (dQ, dC, dW)
  }
}
