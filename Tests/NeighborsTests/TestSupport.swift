import Foundation
import Randomness
import Tensors
@testable import Neighbors

/// Random point sets for property tests. Every test names its seed in its failure messages.
struct Points {
  var generator: Xoshiro256StarStar
  init(seed: UInt64) { generator = Xoshiro256StarStar(seed: seed) }

  mutating func int(_ range: ClosedRange<Int>) -> Int {
    range.lowerBound + Int(generator.next() % UInt64(range.count))
  }

  /// Uniform in [low, high).
  mutating func uniform(_ n: Int, _ d: Int, _ low: Double = -1, _ high: Double = 1) -> Tensor {
    try! Tensor(shape: [n, d], scalars: (0..<(n * d)).map { _ in low + (high - low) * generator.nextDouble() })
  }

  /// Dyadic grid points: integers in -levels...levels divided by 4. Many exact ties and duplicates,
  /// and translations by integers, sign flips, coordinate permutations and power-of-two scalings
  /// are exact in floating point.
  mutating func grid(_ n: Int, _ d: Int, levels: Int = 3) -> Tensor {
    try! Tensor(shape: [n, d], scalars: (0..<(n * d)).map { _ in Double(int(-levels...levels)) / 4 })
  }

  /// Overwrites `copies` random rows with copies of other random rows.
  mutating func addDuplicates(_ x: Tensor, copies: Int) -> Tensor {
    var y = x
    let (n, d) = (x.shape[0], x.shape[1])
    for _ in 0..<copies {
      let (from, to) = (int(0...(n - 1)), int(0...(n - 1)))
      for c in 0..<d { y[flat: to * d + c] = x.scalars[from * d + c] }
    }
    return y
  }

  /// A random permutation of 0..<n (Fisher-Yates with our generator).
  mutating func permutation(_ n: Int) -> [Int] {
    var p = Array(0..<n)
    for i in stride(from: n - 1, to: 0, by: -1) { p.swapAt(i, int(0...i)) }
    return p
  }
}

/// The reference ranking: every naive distance (PairwiseDistances.naive), sorted by (distance,
/// index), cut at k (or filtered by radius); `excludeSelf` drops index i for query i.
func reference(_ queries: Tensor, _ training: Tensor, _ metric: Metric, _ request: NeighborRequest,
               excludeSelf: Bool = false) throws -> [[Neighbor]] {
  let d = try PairwiseDistances.naive(queries, training, metric: metric)
  let (m, n) = (queries.shape[0], training.shape[0])
  return (0..<m).map { i in
    let all = (0..<n).filter { !excludeSelf || $0 != i }.map { Neighbor(index: $0, distance: d.scalars[i * n + $0]) }
      .sorted { ($0.distance, $0.index) < ($1.distance, $1.index) }
    switch request {
    case let .nearest(k): return Array(all.prefix(k))
    case let .withinRadius(r): return all.filter { $0.distance <= r }
    }
  }
}

/// The metrics a k-d tree supports, with weights for d features.
func treeMetrics(_ d: Int, _ points: inout Points) -> [Metric] {
  [.euclidean, .squaredEuclidean, .manhattan,
   .weightedSquaredEuclidean((0..<d).map { _ in Double(points.int(0...4)) / 2 })]
}

let propertySeeds: [UInt64] = Array(1...8)
