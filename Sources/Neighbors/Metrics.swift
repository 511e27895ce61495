import Foundation

/// A distance between two points of d features (NBR-1, NBR-2).
///
/// Every definition below is the *naive* formula: one pass over the coordinates in increasing
/// index, sums starting from 0.0, no fused multiply-add. These naive values are what every search
/// reports and sorts by (NBR-5); the fast GEMM form (NBR-4) only preselects candidates.
///
/// - euclidean: sqrt(s) with s = sum_i (a_i - b_i)^2 (the same s as squaredEuclidean).
/// - squaredEuclidean: s = sum_i t_i * t_i, t_i = a_i - b_i.
/// - manhattan: sum_i |a_i - b_i|.
/// - cosine: 1 - <a, b> / (sqrt(<a, a>) sqrt(<b, b>)), clamped to [0, 2]; exactly 0 when a and b are
///   equal coordinate by coordinate (==), exactly 0 when both are zero vectors and exactly 1 when
///   only one is (a zero vector is "orthogonal to everything but itself"). A vector counts as zero
///   when <a, a> == 0 in double precision.
/// - weightedSquaredEuclidean(w): sum_i w_i * (t_i * t_i), weights finite and >= 0, one per feature.
///
/// Properties: every distance is >= 0 and d(a, a) = 0 exactly. Invariances (NBR-19): all but cosine
/// are unchanged by translation, coordinate permutation and sign flips (bit for bit where the
/// arithmetic is exact, as on dyadic grids); power-of-two scaling scales them exactly; cosine is
/// unchanged by positive rescaling of either vector.
public enum Metric: Sendable, Equatable, Hashable, CustomStringConvertible {
  case euclidean
  case squaredEuclidean
  case manhattan
  case cosine
  case weightedSquaredEuclidean([Double])

  public var description: String {
    switch self {
    case .euclidean: return "euclidean"
    case .squaredEuclidean: return "squaredEuclidean"
    case .manhattan: return "manhattan"
    case .cosine: return "cosine"
    case let .weightedSquaredEuclidean(w): return "weightedSquaredEuclidean(\(w.count) weights)"
    }
  }

  /// Checks the metric's own parameters against the feature count d (weights: d of them, finite, >= 0).
  public func validate(dimension d: Int) throws(NeighborsError) {
    guard case let .weightedSquaredEuclidean(w) = self else { return }
    guard w.count == d else { throw .dimensionMismatch(argument: "metric weights", expected: d, got: w.count) }
    for (i, wi) in w.enumerated() where !(wi.isFinite && wi >= 0) {
      throw .invalidArgument(operation: "weightedSquaredEuclidean", reason: "weight \(i) = \(wi) is not finite and >= 0")
    }
  }

  /// The naive distance between two equal-length arrays (NBR-1).
  public func distance(_ a: [Double], _ b: [Double]) throws(NeighborsError) -> Double {
    guard a.count == b.count else { throw .dimensionMismatch(argument: "b", expected: a.count, got: b.count) }
    try validate(dimension: a.count)
    for (name, v) in [("a", a), ("b", b)] {
      if let i = v.firstIndex(where: { !$0.isFinite }) { throw .nonFinite(argument: name, row: 0, column: i, value: v[i]) }
    }
    return a.withUnsafeBufferPointer { pa in
      b.withUnsafeBufferPointer { pb in distance(pa.baseAddress!, pb.baseAddress!, a.count) }
    }
  }

  /// The naive distance between d coordinates at `a` and at `b` (the hot-loop form; inputs checked
  /// by the caller). For d = 0 every distance is 0.
  @inline(__always)
  func distance(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ d: Int) -> Double {
    switch self {
    case .euclidean: return Foundation.sqrt(Self.squaredSum(a, b, d))
    case .squaredEuclidean: return Self.squaredSum(a, b, d)
    case .manhattan:
      var s = 0.0
      var i = 0
      while i < d { s += Swift.abs(a[i] - b[i]); i &+= 1 }
      return s
    case .cosine: return Self.cosineDistance(a, b, d)
    case let .weightedSquaredEuclidean(w):
      var s = 0.0
      var i = 0
      while i < d { let t = a[i] - b[i]; s += w[i] * (t * t); i &+= 1 }
      return s
    }
  }

  @inline(__always)
  static func squaredSum(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ d: Int) -> Double {
    var s = 0.0
    var i = 0
    while i < d { let t = a[i] - b[i]; s += t * t; i &+= 1 }
    return s
  }

  /// Cosine distance with the zero-vector and equal-vector conventions of NBR-1.
  static func cosineDistance(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ d: Int) -> Double {
    var dot = 0.0, aa = 0.0, bb = 0.0
    var equal = true
    var i = 0
    while i < d {
      dot += a[i] * b[i]; aa += a[i] * a[i]; bb += b[i] * b[i]
      equal = equal && a[i] == b[i]
      i &+= 1
    }
    if equal { return 0 }
    if aa == 0 || bb == 0 { return aa == bb ? 0 : 1 }
    let c = 1 - dot / (Foundation.sqrt(aa) * Foundation.sqrt(bb))
    return Swift.min(2, Swift.max(0, c))
  }

  /// The monotone map from the GEMM-form quantity ("base") to the reported distance: sqrt for
  /// Euclidean, identity for the others (NBR-4). Manhattan has no GEMM form.
  var hasGemmForm: Bool { self != .manhattan }
  var keyIsSquareRoot: Bool { self == .euclidean }
}
