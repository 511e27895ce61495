import Foundation
import Testing
import Tensors
@testable import Neighbors

@Suite("Neighbors: exact search")
struct SearchTests {
  /// Data sets that stress ties and rounding: a dyadic grid (many exact ties and duplicates),
  /// continuous data with duplicated rows, and data far from the origin (GEMM cancellation).
  static func dataSets(_ seed: UInt64) -> [(name: String, training: Tensor, queries: Tensor)] {
    var p = Points(seed: seed)
    let d = p.int(1...4)
    let grid = p.grid(p.int(20...200), d)
    let continuous = p.addDuplicates(p.uniform(p.int(20...300), d), copies: 15)
    let far = p.addDuplicates(p.uniform(p.int(20...300), d, -1e-3, 1e-3) + 1e4, copies: 10)
    return [("grid", grid, p.grid(p.int(1...40), d)),
            ("duplicates", continuous, p.addDuplicates(p.uniform(40, d), copies: 0)),
            ("far", far, p.uniform(30, d, -1e-3, 1e-3) + 1e4)]
  }

  @Test("[NBR-6] [NBR-7] brute force and k-d tree equal the naive reference exactly (ties, duplicates)")
  func bruteForceEqualsTreeEqualsReference() throws {
    for seed in propertySeeds {
      var p = Points(seed: seed &+ 100)
      for (name, training, queries) in Self.dataSets(seed) {
        let n = training.shape[0]
        for metric in treeMetrics(training.shape[1], &p) {
          let brute = try BruteForceSearch(training: training, metric: metric)
          let tree = try KDTree(training: training, metric: metric)
          for k in [1, 3, p.int(1...n), n] {
            let expected = try reference(queries, training, metric, .nearest(k: k))
            #expect(try brute.query(queries, k: k) == expected, "seed \(seed) \(name) \(metric) k \(k): brute force")
            #expect(try tree.query(queries, k: k) == expected, "seed \(seed) \(name) \(metric) k \(k): k-d tree")
          }
        }
      }
    }
  }

  @Test("[NBR-6] cosine brute force equals the naive reference; zero vectors follow NBR-1")
  func cosineBruteForce() throws {
    for seed in propertySeeds {
      var p = Points(seed: seed)
      let d = p.int(2...20)
      var training = p.addDuplicates(p.uniform(p.int(10...300), d), copies: 10)
      for c in 0..<d { training[flat: c] = 0; training[flat: 3 * d + c] = 0 }  // rows 0 and 3 zero
      let queries = try Tensor.concatenateRows([Tensor.zeros([1, d]), p.uniform(20, d), training.rows(0..<8)])
      let brute = try BruteForceSearch(training: training, metric: .cosine)
      for k in [1, 5, training.shape[0]] {
        #expect(try brute.query(queries, k: k) == reference(queries, training, .cosine, .nearest(k: k)), "seed \(seed) k \(k)")
      }
      let zeroQuery = try brute.query(Tensor.zeros([1, d]), k: 3)[0]
      #expect(zeroQuery.map(\.index) == [0, 3, 1] && zeroQuery.map(\.distance) == [0, 0, 1], "seed \(seed)")
    }
  }

  @Test("[NBR-5] sorted by (distance, index); k = n returns every point; self is nearest unless excluded")
  func orderAndSelf() throws {
    for seed in propertySeeds {
      var p = Points(seed: seed)
      let d = p.int(1...5)
      let continuous = p.uniform(p.int(5...150), d)
      let grid = p.grid(p.int(5...150), d)
      for training in [continuous, grid] {
        let n = training.shape[0]
        let search = try BruteForceSearch(training: training)
        let all = try search.query(training, k: n)
        for (i, row) in all.enumerated() {
          #expect(Set(row.map(\.index)) == Set(0..<n) && row.count == n, "seed \(seed)")
          #expect(zip(row, row.dropFirst()).allSatisfy { $0 < $1 }, "seed \(seed): not in (distance, index) order")
          // The nearest is at distance 0: self, or the lowest-index exact duplicate of self.
          let firstCopy = (0..<n).first { training.row($0) == training.row(i) }!
          #expect(row[0] == Neighbor(index: firstCopy, distance: 0), "seed \(seed) query \(i)")
          if training == continuous { #expect(row[0].index == i) }
        }
      }
    }
  }

  @Test("[NBR-8] leave-one-out: never returns the query's own index; equals k + 1 search minus self")
  func leaveOneOut() throws {
    for seed in propertySeeds {
      var p = Points(seed: seed)
      let d = p.int(1...3)
      let training = p.addDuplicates(p.grid(p.int(3...120), d), copies: 5)
      let n = training.shape[0]
      for metric in treeMetrics(d, &p) {
        let brute = try BruteForceSearch(training: training, metric: metric)
        let tree = try KDTree(training: training, metric: metric)
        for k in [1, 2, n - 1] {
          let loo = try brute.leaveOneOut(k: k)
          #expect(try tree.leaveOneOut(k: k) == loo, "seed \(seed) \(metric) k \(k)")
          #expect(loo == (try reference(training, training, metric, .nearest(k: k), excludeSelf: true)), "seed \(seed)")
          let plain = try brute.query(training, k: k + 1)
          for i in 0..<n {
            #expect(!loo[i].contains { $0.index == i })
            #expect(loo[i] == Array(plain[i].filter { $0.index != i }.prefix(k)), "seed \(seed) \(metric) i \(i)")
          }
        }
      }
    }
  }

  @Test("[NBR-9] radius search: every point within r, sorted; brute force = k-d tree = reference")
  func radius() throws {
    for seed in propertySeeds {
      var p = Points(seed: seed)
      for (name, training, queries) in SearchTests.dataSets(seed) {
        for metric in treeMetrics(training.shape[1], &p) {
          let brute = try BruteForceSearch(training: training, metric: metric)
          let tree = try KDTree(training: training, metric: metric)
          let sample = try PairwiseDistances.naive(queries, training, metric: metric)
          // Radii equal to actual distances: the boundary case "distance == r" is included.
          for r in [0, sample.scalars[p.int(0...(sample.count - 1))], sample.scalars[p.int(0...(sample.count - 1))]] {
            let expected = try reference(queries, training, metric, .withinRadius(r))
            #expect(try brute.withinRadius(queries, radius: r) == expected, "seed \(seed) \(name) \(metric) r \(r)")
            #expect(try tree.withinRadius(queries, radius: r) == expected, "seed \(seed) \(name) \(metric) r \(r)")
          }
          let loo = try brute.searchLeavingOneOut(.withinRadius(0.5))
          #expect(try tree.searchLeavingOneOut(.withinRadius(0.5)) == loo, "seed \(seed)")
          #expect(loo == (try reference(training, training, metric, .withinRadius(0.5), excludeSelf: true)))
        }
      }
    }
  }

  @Test("[NBR-6] [FOUND-31] results do not depend on the thread count or the chunking (high dimension, many queries)")
  func threadIndependence() throws {
    var p = Points(seed: 5)
    let training = p.addDuplicates(p.uniform(700, 40), copies: 30)
    let queries = p.uniform(100, 40)
    let one = try BruteForceSearch(training: training, threads: 1).query(queries, k: 7)
    let three = try BruteForceSearch(training: training, threads: 3).query(queries, k: 7)
    #expect(one == three)
    #expect(one == (try reference(queries, training, .euclidean, .nearest(k: 7))))
    #expect(try KDTree(training: training).query(queries, k: 7) == one)
  }
}
