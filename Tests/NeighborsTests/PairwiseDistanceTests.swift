import Foundation
import Testing
import Tensors
@testable import Neighbors

@Suite("Neighbors: pairwise distances")
struct PairwiseDistanceTests {
  @Test("[NBR-3] the naive matrix is the metric applied to every pair; empty sets give empty matrices")
  func naiveIsPerPair() throws {
    var points = Points(seed: 3)
    let x = points.uniform(5, 3), y = points.uniform(7, 3)
    for metric in [Metric.euclidean, .squaredEuclidean, .manhattan, .cosine, .weightedSquaredEuclidean([1, 2, 0])] {
      let d = try PairwiseDistances.naive(x, y, metric: metric)
      #expect(d.shape == [5, 7])
      for i in 0..<5 { for j in 0..<7 { #expect(d[i, j] == (try metric.distance(x.row(i), y.row(j)))) } }
      #expect(try PairwiseDistances.fast(Tensor.zeros([0, 3]), y, metric: metric).shape == [0, 7])
      #expect(try PairwiseDistances.naive(x, Tensor.zeros([0, 3]), metric: metric).shape == [5, 0])
    }
  }

  /// tau_ij of NBR-4, written out independently of the implementation.
  static func tau(_ metric: Metric, _ a: [Double], _ b: [Double]) -> Double {
    let d = Double(a.count)
    let floor = (4 * d + 16) * Double.leastNonzeroMagnitude
    if metric == .cosine { return (d + 8) * 0x1p-50 + floor }
    var w = [Double](repeating: 1, count: a.count)
    if case let .weightedSquaredEuclidean(weights) = metric { w = weights }
    let na = zip(a, w).reduce(0.0) { $0 + $1.1 * $1.0 * $1.0 }
    let nb = zip(b, w).reduce(0.0) { $0 + $1.1 * $1.0 * $1.0 }
    return (d + 8) * 0x1p-51 * (na + nb) + floor
  }

  @Test("[NBR-4] fast GEMM form within tau_ij of the naive values, clamped at 0, exact 0 on identical rows")
  func fastAgreesWithNaive() throws {
    var worstRatio = 0.0
    for seed in propertySeeds {
      var points = Points(seed: seed)
      let (m, n, d) = (points.int(1...40), points.int(1...300), points.int(1...40))
      // Kinds of data: centred; far from the origin (cancellation); with duplicates across x and y.
      let offset = [0.0, 1e3, 0.0][Int(seed % 3)]
      var x = points.uniform(m, d) + offset, y = points.uniform(n, d) + offset
      if seed % 3 == 2 {
        y = points.addDuplicates(y, copies: n / 4)
        for i in 0..<min(m, n) where i % 2 == 0 { for c in 0..<d { x[flat: i * d + c] = y.scalars[i * d + c] } }
      }
      let weights = (0..<d).map { _ in Double(points.int(0...8)) / 4 }
      for metric in [Metric.squaredEuclidean, .euclidean, .cosine, .weightedSquaredEuclidean(weights)] {
        let fast = try PairwiseDistances.fast(x, y, metric: metric)
        let naive = try PairwiseDistances.naive(x, y, metric: metric)
        for i in 0..<m {
          for j in 0..<n {
            let (f, v) = (fast[i, j], naive[i, j])
            let t = Self.tau(metric, x.row(i), y.row(j))
            #expect(f >= 0, "seed \(seed) \(metric): negative distance \(f)")
            if x.row(i) == y.row(j) { #expect(f == 0, "seed \(seed) \(metric): identical rows give \(f)") }
            if metric == .euclidean {
              #expect(abs(f - v) <= t.squareRoot() + 0x1p-52 * v, "seed \(seed): euclidean \(f) vs \(v)")
            } else {
              #expect(abs(f - v) <= t, "seed \(seed) \(metric) [\(i), \(j)]: \(f) vs \(v), tau \(t)")
              worstRatio = max(worstRatio, abs(f - v) / t)
            }
          }
        }
      }
    }
    print("pairwise fast-vs-naive worst |fast - naive| / tau = \(worstRatio)")
  }

  @Test("[NBR-4] Manhattan's fast form is the naive loop; fast results do not depend on the thread count")
  func threadsAndManhattan() throws {
    var points = Points(seed: 21)
    let x = points.uniform(70, 9), y = points.uniform(300, 9)
    #expect(try PairwiseDistances.fast(x, y, metric: .manhattan) == PairwiseDistances.naive(x, y, metric: .manhattan))
    for metric in [Metric.euclidean, .cosine] {
      #expect(try PairwiseDistances.fast(x, y, metric: metric, threads: 1)
                == PairwiseDistances.fast(x, y, metric: metric, threads: 3))
    }
  }
}
