import Foundation
import Testing
import Tensors
@testable import Neighbors

/// NBR-19: transformations that preserve distances preserve neighbours. On the dyadic grid the
/// transformed distances are exact, so indices (ties included) and distances must be identical.
@Suite("Neighbors: invariances")
struct InvarianceTests {
  static func transform(_ x: Tensor, _ f: ([Double]) -> [Double]) -> Tensor {
    try! Tensor(rows: (0..<x.shape[0]).map { f(x.row($0)) })
  }

  static func search(_ method: SearchMethod, _ training: Tensor, _ metric: Metric) throws -> any NeighborSearch {
    method == .bruteForce
      ? try BruteForceSearch(training: training, metric: metric) : try KDTree(training: training, metric: metric)
  }

  @Test("[NBR-19] translation, coordinate permutation, sign flips: identical neighbours and distances")
  func isometries() throws {
    for seed in propertySeeds {
      var p = Points(seed: seed)
      let d = p.int(1...4)
      let (training, queries) = (p.grid(p.int(10...120), d), p.grid(20, d))
      let shift = (0..<d).map { _ in Double(p.int(-16...16)) }
      let order = p.permutation(d)
      let signs = (0..<d).map { _ in p.int(0...1) == 0 ? 1.0 : -1.0 }
      let maps: [(String, ([Double]) -> [Double])] = [
        ("translation", { v in zip(v, shift).map { $0 + $1 } }),
        ("coordinate permutation", { v in order.map { v[$0] } }),
        ("sign flips", { v in zip(v, signs).map { $0 * $1 } }),
      ]
      for method in [SearchMethod.bruteForce, .kdTree] {
        for metric in [Metric.euclidean, .squaredEuclidean, .manhattan] {
          let k = p.int(1...training.shape[0])
          let before = try Self.search(method, training, metric).query(queries, k: k)
          for (name, f) in maps {
            let after = try Self.search(method, Self.transform(training, f), metric).query(Self.transform(queries, f), k: k)
            #expect(after == before, "seed \(seed) \(method) \(metric): \(name)")
          }
        }
      }
    }
  }

  @Test("[NBR-19] power-of-two scaling: identical indices, distances scaled exactly")
  func powerOfTwoScaling() throws {
    for seed in propertySeeds {
      var p = Points(seed: seed)
      let d = p.int(1...4)
      let (training, queries) = (p.grid(p.int(10...120), d), p.grid(20, d))
      let s = Double(sign: .plus, exponent: p.int(-3...3), significand: 1)
      for (metric, factor) in [(Metric.euclidean, s), (.squaredEuclidean, s * s), (.manhattan, s), (.cosine, 1)] {
        let before = try BruteForceSearch(training: training, metric: metric).query(queries, k: 5)
        let after = try BruteForceSearch(training: training * s, metric: metric).query(queries * s, k: 5)
        #expect(after.map { $0.map(\.index) } == before.map { $0.map(\.index) }, "seed \(seed) \(metric)")
        #expect(after.map { $0.map(\.distance) } == before.map { $0.map { $0.distance * factor } }, "seed \(seed) \(metric)")
      }
    }
  }

  @Test("[NBR-19] permuting the training set permutes the indices and leaves the distances unchanged")
  func trainingPermutation() throws {
    for seed in propertySeeds {
      var p = Points(seed: seed)
      let d = p.int(1...6)
      let training = p.uniform(p.int(10...200), d), queries = p.uniform(25, d)
      let n = training.shape[0]
      let order = p.permutation(n)  // new row r is old row order[r]
      let permuted = try training.rows(at: order)
      for method in [SearchMethod.bruteForce, .kdTree] {
        let k = p.int(1...n)
        let before = try Self.search(method, training, .euclidean).query(queries, k: k)
        let after = try Self.search(method, permuted, .euclidean).query(queries, k: k)
        // Continuous data: no ties, so the remapped lists are identical, order included.
        #expect(after.map { $0.map { Neighbor(index: order[$0.index], distance: $0.distance) } } == before, "seed \(seed)")
      }
      // On the grid (ties everywhere) the distance lists still agree exactly.
      let grid = p.grid(n, d)
      let a = try BruteForceSearch(training: grid).query(queries, k: n / 2 + 1)
      let b = try BruteForceSearch(training: try grid.rows(at: order)).query(queries, k: n / 2 + 1)
      #expect(a.map { $0.map(\.distance) } == b.map { $0.map(\.distance) }, "seed \(seed)")
    }
  }

  @Test("[NBR-19] cosine neighbours are invariant under positive rescaling of any vector")
  func cosineRescaling() throws {
    for seed in propertySeeds {
      var p = Points(seed: seed)
      let d = p.int(2...10)
      let training = p.uniform(p.int(10...200), d), queries = p.uniform(20, d)
      let n = training.shape[0]
      let scales = (0..<n).map { _ in 0.01 + 100 * p.generator.nextDouble() }
      var rescaled = training
      for i in 0..<n { for c in 0..<d { rescaled[flat: i * d + c] *= scales[i] } }
      let before = try BruteForceSearch(training: training, metric: .cosine).query(queries, k: 6)
      let after = try BruteForceSearch(training: rescaled, metric: .cosine).query(queries * 7.3, k: 6)
      #expect(after.map { $0.map(\.index) } == before.map { $0.map(\.index) }, "seed \(seed)")
      for (x, y) in zip(after.joined(), before.joined()) { #expect(abs(x.distance - y.distance) <= 1e-14, "seed \(seed)") }
    }
  }
}
