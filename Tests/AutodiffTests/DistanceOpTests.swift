import Testing
import Randomness
import Tensors
@testable import Autodiff

@Suite("Weighted distances")
struct DistanceOpTests {
  @Test("[FOUND-12] [FOUND-72] fast weighted-distance kernels equal their reference twins bit for bit, every variant, thread count and subset of cotangents",
        arguments: [UInt64(1), 2, 3, 4, 5, 6])
  func fastEqualsReference(seed: UInt64) {
    var r = TestInputs(seed: seed)
    let (m, n, d) = (r.extent(0...40), r.extent(0...70), r.extent(1...13))
    var q = r.uniform([m, d]).scalars
    let c = r.uniform([n, d]).scalars, w = r.uniform([n, d], 0, 2).scalars
    let g = r.uniform([m, n]).scalars
    // Self-matches and single shared coordinates: t = 0 exactly (sign(0) = 0, FOUND-24).
    if m > 0 && n > 0 {
      for j in 0..<d { q[j] = c[j] }
      if m > 1 { q[d] = c[(n - 1) * d] }
    }
    for kind in [WeightedDistances.Difference.squared, .absolute] {
      let reference = WeightedDistances.forwardReference(q, c, w, m: m, n: n, d: d, kind: kind)
      let backReference = WeightedDistances.backwardReference(g, q, c, w, m: m, n: n, d: d, kind: kind)
      for variant in KernelSelection.supported {
        for threads in [1, 2, 3] {
          let forward = WeightedDistances.forward(q, c, w, m: m, n: n, d: d, kind: kind, threads: threads, variant: variant)
          let back = WeightedDistances.backward(g, q, c, w, m: m, n: n, d: d, kind: kind, threads: threads, variant: variant)
          #expect(forward.map(\.bitPattern) == reference.map(\.bitPattern), "seed \(seed) \(kind) \(variant)")
          #expect(back.dQ.map(\.bitPattern) == backReference.dQ.map(\.bitPattern)
                  && back.dC.map(\.bitPattern) == backReference.dC.map(\.bitPattern)
                  && back.dW.map(\.bitPattern) == backReference.dW.map(\.bitPattern),
                      "seed \(seed) \(kind) \(variant) threads \(threads)")
          // FOUND-72: any subset of the cotangents, each the same bits, the others absent.
          for mask in 0..<8 {
            let needs = WeightedDistances.Needs(queries: mask & 1 != 0, cases: mask & 2 != 0, weights: mask & 4 != 0)
            let part = WeightedDistances.backward(g, q, c, w, m: m, n: n, d: d, kind: kind, needing: needs, threads: threads,
                                                  variant: variant)
            #expect(part.dQ?.map(\.bitPattern) == (needs.queries ? backReference.dQ.map(\.bitPattern) : nil)
                    && part.dC?.map(\.bitPattern) == (needs.cases ? backReference.dC.map(\.bitPattern) : nil)
                    && part.dW?.map(\.bitPattern) == (needs.weights ? backReference.dW.map(\.bitPattern) : nil),
                    "seed \(seed) \(kind) \(variant) threads \(threads) needs \(needs)")
          }
        }
      }
    }
  }

  @Test("[FOUND-12] [FOUND-72] the dW-only kernel at every case count 1 ... 33: a ragged last panel alone, paired and split off by the threads")
  func weightsOnlyAtEveryRaggedEdge() {
    var r = TestInputs(seed: 41)
    for n in 1...33 {
      for (m, d) in [(1, 1), (5, 6)] {
        let q = r.uniform([m, d]).scalars, c = r.uniform([n, d]).scalars, w = r.uniform([n, d], 0, 2).scalars
        let g = r.uniform([m, n]).scalars
        for kind in [WeightedDistances.Difference.squared, .absolute] {
          let reference = WeightedDistances.backwardReference(g, q, c, w, m: m, n: n, d: d, kind: kind).dW
          for variant in KernelSelection.supported {
            for threads in [1, 2, 3] {
              let dW = WeightedDistances.backward(g, q, c, w, m: m, n: n, d: d, kind: kind,
                                                  needing: .init(queries: false, cases: false, weights: true),
                                                  threads: threads, variant: variant).dW
              #expect(dW?.map(\.bitPattern) == reference.map(\.bitPattern), "n \(n) m \(m) \(kind) \(variant) threads \(threads)")
            }
          }
        }
      }
    }
  }

  @Test("[FOUND-12] weighted distance VJPs pass the gradient checker (squared and absolute, away from q = c)",
        arguments: propertySeeds)
  func gradients(seed: UInt64) throws {
    var r = TestInputs(seed: seed)
    let (m, n, d) = (r.extent(1...3), r.extent(1...3), r.extent(1...3))
    let q = r.uniform([m, d], 0, 1), c = r.uniform([n, d], 2, 3), w = r.uniform([n, d], 0.5, 2)
    for kind in [WeightedDistances.Difference.squared, .absolute] {
      let checker = GradientChecker()
      let f: CheckedFunction = { _, v in try v[0].weightedDistances(to: v[1], weights: v[2], kind) }
      let (full, directions) = try gradientCheck("distances", seed: seed, [q, c, w], f)
      #expect(full.passed && directions.passed, "seed \(seed) \(kind)\n\(full)\n\(directions)")
      #expect(try checker.inputsWithNonZeroGradientForZeroCotangent([q, c, w], f).isEmpty)
    }
  }

  @Test("[FOUND-12] an identical query and case give S = 0 exactly and, for |t|, zero derivative")
  func identicalRows() throws {
    let tape = Tape()
    let q = tape.variable(try Tensor(rows: [[1, 2]])), c = tape.variable(try Tensor(rows: [[1, 2], [2, 4]]))
    let w = tape.variable(try Tensor(rows: [[3, 5], [1, 1]]))
    let s = try q.weightedDistances(to: c, weights: w, .absolute)
    #expect(s.value.scalars == [0, 3])
    let g = try tape.gradients(of: s, withRespectTo: [q, c, w], seed: try Tensor(rows: [[1, 1]]))
    #expect(g[0].scalars == [-1, -1] && g[1].scalars == [0, 0, 1, 1] && g[2].scalars == [0, 0, 1, 2])
  }
}
