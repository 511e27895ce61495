/// Steps 2 and 3 of the exact search for one query (NBR-6), fed one block of base values at a time
/// so that a block is scanned while it is still in cache.
///
/// For `.nearest(k)` the scan keeps the k smallest base values seen (a bounded max-heap) and every
/// index whose value was within the running threshold Theta(F_k seen so far) when it was seen.
/// That threshold only falls as the scan goes on, so the kept indices include every j with
/// f_j <= Theta(F_k) of the whole row: the final filter then leaves exactly the candidates the
/// two-pass description of NBR-6 names. For `.withinRadius` the threshold is fixed from the start.
struct CandidateScan {
  let k: Int?
  let tau: Double
  var smallest: TopK<Double>
  /// (index, base value) of every index kept so far.
  var kept: [(index: Int, value: Double)] = []
  var running: Double

  /// Theta = (F + 2 tau) (1 + 2^-49), the candidate threshold for a k-th smallest base value F.
  @inline(__always)
  static func threshold(_ kth: Double, tau: Double) -> Double { (kth + 2 * tau) * (1 + 0x1p-49) }

  init(_ request: NeighborRequest, tau: Double, radiusKey: (Double) -> Double) {
    self.tau = tau
    switch request {
    case let .nearest(k):
      (self.k, smallest, running) = (k, TopK(k: k), .infinity)
    case let .withinRadius(r):
      (self.k, smallest, running) = (nil, TopK(k: 1), (radiusKey(r) + tau) * (1 + 0x1p-49))
    }
  }

  /// Scans f[0..<count], the base values of training indices first..<first + count, leaving out
  /// index `exclude` (the query itself in leave-one-out search; -1 for none).
  mutating func scan(_ f: UnsafePointer<Double>, count: Int, first: Int, exclude: Int) {
    var j = 0
    while j < count {
      let v = f[j]
      if v <= running && first &+ j != exclude {
        kept.append((first &+ j, v))
        if k != nil {
          smallest.offer(v)
          if smallest.isFull { running = Self.threshold(smallest.worst, tau: tau) }
        }
      }
      j &+= 1
    }
  }

  /// The candidates of step 3: the kept indices whose value is within the final threshold.
  func candidates() -> [Int] {
    let final = k == nil ? running : Self.threshold(smallest.worst, tau: tau)
    return kept.compactMap { $0.value <= final ? $0.index : nil }
  }
}
