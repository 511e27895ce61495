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
    if m == 0 || n == 0 || d == 0 { return [Double](repeating: 0, count: m * n) }
    let table = (variant.flatMap(KernelSelection.table) ?? KernelSelection.selectedTable).weighted
    let panels = (n + table.panelWidth - 1) / table.panelWidth
    let buffers = ScratchBuffers()
    defer { buffers.free() }
    let cp = buffers.make(table.packedCount(n, d)), wp = buffers.make(table.packedCount(n, d))
    return [Double](unsafeUninitializedCapacity: m * n) { s, count in
      q.withUnsafeBufferPointer { q in c.withUnsafeBufferPointer { c in w.withUnsafeBufferPointer { w in
        let (q, c, w, out) = (q.baseAddress!, c.baseAddress!, w.baseAddress!, s.baseAddress!)
        Parallelism.forEachChunk((panels + panelsPerChunk - 1) / panelsPerChunk, threads: threads) { chunk in
          let range = (chunk * panelsPerChunk)..<min(panels, (chunk + 1) * panelsPerChunk)
          table.pack(c, n, d, range, cp)
          table.pack(w, n, d, range, wp)
          table.forward(q, 0..<m, d, n, cp, wp, range, kind.kernelKind, out)
        }
      } } }
      count = m * n
    }
  }

  public static func backward(
    _ g: [Double], _ q: [Double], _ c: [Double], _ w: [Double], m: Int, n: Int, d: Int, kind: Difference,
    threads: Int = Parallelism.threads, variant: KernelVariant? = nil
  ) -> (dQ: [Double], dC: [Double], dW: [Double]) {
    let all = backward(g, q, c, w, m: m, n: n, d: d, kind: kind, needing: Needs(), threads: threads, variant: variant)
    return (all.dQ!, all.dC!, all.dW!)
  }

  /// Which of the three cotangents a caller needs (the tape asks only for those that reach a
  /// target, FOUND-72: NN-kNN without an extractor needs dW alone).
  public struct Needs: Sendable, Equatable {
    public var queries: Bool, cases: Bool, weights: Bool
    public init(queries: Bool = true, cases: Bool = true, weights: Bool = true) {
      (self.queries, self.cases, self.weights) = (queries, cases, weights)
    }
  }

  /// The cotangents in `needs`, nil for the others; each one computed is the same bits as
  /// `backwardReference`'s. dW without dC runs the dW-only kernel (the same chains).
  public static func backward(
    _ g: [Double], _ q: [Double], _ c: [Double], _ w: [Double], m: Int, n: Int, d: Int, kind: Difference, needing needs: Needs,
    threads: Int = Parallelism.threads, variant: KernelVariant? = nil
  ) -> (dQ: [Double]?, dC: [Double]?, dW: [Double]?) {
    precondition(g.count == m * n && q.count == m * d && c.count == n * d && w.count == n * d)
    let zeros = { (count: Int, needed: Bool) in needed ? [Double](repeating: 0, count: count) : nil }
    if m == 0 || n == 0 || d == 0 {
      return (zeros(m * d, needs.queries), zeros(n * d, needs.cases), zeros(n * d, needs.weights))
    }
    let table = (variant.flatMap(KernelSelection.table) ?? KernelSelection.selectedTable).weighted
    let width = table.panelWidth
    let (casePanels, queryPanels) = ((n + width - 1) / width, (m + width - 1) / width)
    let caseChunks = needs.cases || needs.weights ? (casePanels + panelsPerChunk - 1) / panelsPerChunk : 0
    let queryChunks = needs.queries ? (queryPanels + panelsPerChunk - 1) / panelsPerChunk : 0
    // Scratch and outputs (each allocated only when needed; freed on return): packed cases (dC,
    // dW), packed weights (dC), packed queries and G^T [n, m] (dQ: its chains run over the cases,
    // with a panel of queries in the lanes). Each chunk packs the panels it reads.
    let buffers = ScratchBuffers()
    defer { buffers.free() }
    let cp = buffers.make(caseChunks > 0 ? table.packedCount(n, d) : 0)
    let wp = buffers.make(needs.cases ? table.packedCount(n, d) : 0)
    let qp = buffers.make(needs.queries ? table.packedCount(m, d) : 0)
    let gt = buffers.make(needs.queries ? n * m : 0)
    let outQ = buffers.make(needs.queries ? m * d : 0)
    let outC = buffers.make(needs.cases ? n * d : 0)
    let outW = buffers.make(caseChunks > 0 ? n * d : 0)
    g.withUnsafeBufferPointer { g in q.withUnsafeBufferPointer { q in c.withUnsafeBufferPointer { c in
      w.withUnsafeBufferPointer { w in
        let (g, q, c, w) = (g.baseAddress!, q.baseAddress!, c.baseAddress!, w.baseAddress!)
        // dC and dW by case panels, dQ by query panels: each chunk writes only its own rows.
        Parallelism.forEachChunk(caseChunks + queryChunks, threads: threads) { chunk in
          if chunk < caseChunks {
            let range = (chunk * panelsPerChunk)..<min(casePanels, (chunk + 1) * panelsPerChunk)
            table.pack(c, n, d, range, cp)
            if needs.cases {
              table.pack(w, n, d, range, wp)
              table.backwardCases(g, q, m, d, n, cp, wp, range, kind.kernelKind, outC, outW)
            } else {
              table.backwardWeights(g, q, m, d, n, cp, range, kind.kernelKind, outW)
            }
          } else {
            let first = (chunk - caseChunks) * panelsPerChunk
            let range = first..<min(queryPanels, first + panelsPerChunk)
            table.pack(q, m, d, range, qp)
            let rows = (range.lowerBound * width)..<min(m, range.upperBound * width)
            for k in 0..<n { for i in rows { gt[k * m + i] = g[i * n + k] } }  // this chunk's columns of G^T
            table.backwardQueries(gt, m, qp, m, d, c, w, n, range, kind.kernelKind, outQ)
          }
        }
      }
    } } }
    let array = { (p: UnsafeMutablePointer<Double>, count: Int, needed: Bool) in
      needed ? Array(UnsafeBufferPointer(start: p, count: count)) : nil
    }
    return (array(outQ, m * d, needs.queries), array(outC, n * d, needs.cases), array(outW, n * d, needs.weights))
  }
}

/// Raw scratch buffers freed together (the kernels write through pointers; every buffer is fully
/// written before it is read: packs and transposes fill theirs, each output element is stored once).
final class ScratchBuffers {
  private var pointers: [UnsafeMutablePointer<Double>] = []

  func make(_ count: Int) -> UnsafeMutablePointer<Double> {
    let p = UnsafeMutablePointer<Double>.allocate(capacity: Swift.max(count, 1))
    pointers.append(p)
    return p
  }

  func free() { for p in pointers { p.deallocate() } }
}
