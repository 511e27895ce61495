import Foundation
import Randomness
import Testing
@testable import Tensors

@Suite("Symmetric eigendecomposition")
struct SymmetricEigenTests {
  typealias S = LinalgTestSupport

  /// Checks every promise of LINALG-2 and LINALG-3 for one matrix; returns the relative
  /// reconstruction error so callers can report the largest.
  @discardableResult
  static func checkDecomposition(_ a: Tensor, _ label: String) throws -> Double {
    let n = a.shape[0]
    let e = try a.symmetricEigen()
    let v = e.vectors
    let reconstruction = S.distance(S.compose(v, e.values), a) / max(S.frobenius(a), .leastNormalMagnitude)
    #expect(reconstruction <= 1e-12, "\(label): ||A - V L V^T||_F / ||A||_F = \(reconstruction)")
    let gram = try v.transposed().matmulReference(v)
    let orthogonality = S.maxAbs(try gram - Tensor.identity(n))
    #expect(orthogonality <= 1e-12, "\(label): ||V^T V - I||_max = \(orthogonality)")
    for j in 1..<max(1, n) {
      #expect(e.values[j - 1] <= e.values[j], "\(label): eigenvalues not ascending at \(j): \(e.values)")
    }
    for j in 0..<n {
      let column = (0..<n).map { v[$0, j] }
      let largest = column.map(abs).max()!
      let lead = column.firstIndex { abs($0) == largest }!
      #expect(column[lead] > 0, "\(label): column \(j) breaks the sign rule: \(column)")
    }
    return reconstruction
  }

  @Test("[LINALG-2] [LINALG-3] random symmetric matrices of sizes 1...12: A = V diag(L) V^T, V^T V = I, ascending, signs")
  func randomMatrices() throws {
    var worst = 0.0
    var maxSweeps = 0
    for n in 1...12 {
      for trial in 0..<25 {
        let seed = UInt64(1000 * n + trial)
        var rng = Xoshiro256StarStar(seed: seed)
        // Scales from 1e-6 to 1e6: the tolerances are relative.
        let scale = pow(10, Double(S.integer(&rng, -6...6)))
        let a = S.symmetric(n, &rng, scale: scale)
        worst = max(worst, try Self.checkDecomposition(a, "seed \(seed), n \(n)"))
        maxSweeps = max(maxSweeps, try a.symmetricEigen().sweeps)
      }
    }
    print("LINALG-2: largest relative reconstruction error \(worst), most sweeps \(maxSweeps) (n <= 12)")
  }

  @Test("[LINALG-2] [LINALG-3] random matrices with repeated and clustered eigenvalues")
  func repeatedEigenvalues() throws {
    for trial in 0..<40 {
      let seed = UInt64(5000 + trial)
      var rng = Xoshiro256StarStar(seed: seed)
      let n = S.integer(&rng, 2...10)
      // Values from a small set, so most are repeated; a few are nudged by 1e-13 (clusters).
      var values = (0..<n).map { _ in Double(S.integer(&rng, -2...2)) }
      if trial % 2 == 1 { values[0] += 1e-13 }
      let q = S.orthogonal(n, &rng)
      let a = S.compose(q, values)
      let label = "seed \(seed), n \(n), values \(values)"
      // compose() is symmetric only up to rounding: well within the LINALG-1 tolerance.
      try Self.checkDecomposition(a, label)
      let computed = try a.symmetricEigen().values
      let expected = values.sorted()
      for j in 0..<n {
        #expect(abs(computed[j] - expected[j]) <= 1e-13, "\(label): eigenvalue \(j) is \(computed[j])")
      }
    }
  }

  @Test("[LINALG-2] [LINALG-3] known cases: 2 x 2, diagonal, 1 x 1, zero, repeated eigenvalue")
  func knownCases() throws {
    // [[2, 1], [1, 2]]: eigenvalues 1 and 3; the vector of 1 is (1, -1)/sqrt 2, whose two
    // components tie in magnitude, so the lower index is made positive.
    let e2 = try Tensor(rows: [[2, 1], [1, 2]]).symmetricEigen()
    let h = 0.5.squareRoot()
    #expect(abs(e2.values[0] - 1) <= 1e-15 && abs(e2.values[1] - 3) <= 1e-15, "\(e2.values)")
    let expected2 = try Tensor(rows: [[h, h], [-h, h]])
    #expect(S.maxAbs(try e2.vectors - expected2) <= 1e-15, "\(e2.vectors)")

    // Diagonal: no rotation at all, exact values, vectors a permutation of the identity.
    let ed = try Tensor(rows: [[3, 0, 0], [0, -1, 0], [0, 0, 2]]).symmetricEigen()
    #expect(ed.values == [-1, 2, 3])
    #expect(ed.vectors == (try Tensor(rows: [[0, 0, 1], [1, 0, 0], [0, 1, 0]])))
    #expect(ed.sweeps == 0)

    let e1 = try Tensor(rows: [[-5]]).symmetricEigen()
    #expect(e1.values == [-5] && e1.vectors == Tensor.identity(1))

    let e0 = try Tensor.zeros([3, 3]).symmetricEigen()
    #expect(e0.values == [0, 0, 0] && e0.vectors == Tensor.identity(3))

    // I + 1 1^T (3 x 3): eigenvalues 1, 1, 4; the vector of 4 is (1, 1, 1)/sqrt 3.
    let a = try Tensor(rows: [[2, 1, 1], [1, 2, 1], [1, 1, 2]])
    let er = try a.symmetricEigen()
    for (value, want) in zip(er.values, [1.0, 1, 4]) { #expect(abs(value - want) <= 1e-14, "\(er.values)") }
    let third = 1 / 3.0.squareRoot()
    for r in 0..<3 { #expect(abs(er.vectors[r, 2] - third) <= 1e-15, "\(er.vectors)") }
    try Self.checkDecomposition(a, "I + 1 1^T")
  }

  @Test("[LINALG-2] only the lower triangle is read; asymmetry within tolerance is accepted")
  func lowerTriangle() throws {
    var rng = Xoshiro256StarStar(seed: 77)
    let a = S.symmetric(6, &rng)
    var perturbed = a
    perturbed[flat: 0 * 6 + 4] += 1e-12  // strictly upper entry, inside the 1e-10 tolerance
    #expect(try perturbed.symmetricEigen() == a.symmetricEigen(), "seed 77")
  }

  @Test("[LINALG-2] a symmetric matrix of size 60 converges within the sweep limit, to 1e-12")
  func largerMatrix() throws {
    var rng = Xoshiro256StarStar(seed: 60)
    let a = S.symmetric(60, &rng)
    let start = Date()
    let sweeps = try a.symmetricEigen().sweeps
    let elapsed = Date().timeIntervalSince(start)
    try Self.checkDecomposition(a, "seed 60, n 60")
    print("LINALG-2: n = 60 took \(sweeps) sweeps, \(String(format: "%.3f", elapsed)) s")
    #expect(sweeps < SymmetricEigendecomposition.maxSweeps)
  }

  @Test("[LINALG-2] a sweep limit that is too small gives noConvergence with the sweeps and the residual")
  func noConvergence() throws {
    var rng = Xoshiro256StarStar(seed: 12)
    let a = LinalgTestSupport.symmetric(8, &rng)
    let error = #expect(throws: TensorError.self) { _ = try a.symmetricEigen(maxSweeps: 2) }
    guard case let .noConvergence(operation, iterations, residual)? = error else {
      Issue.record("seed 12: expected noConvergence, got \(String(describing: error))"); return
    }
    #expect(operation == "symmetricEigen" && iterations == 2, "seed 12")
    #expect(residual > 0 && residual < 1, "seed 12: residual \(residual)")
    #expect(throws: Never.self) { _ = try a.symmetricEigen(maxSweeps: 20) }
  }
}
