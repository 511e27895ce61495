import Foundation
import Randomness
import Testing
@testable import Tensors

@Suite("Cholesky, triangular solves, SPD inverse and log-determinant")
struct CholeskyTests {
  typealias S = LinalgTestSupport

  @Test("[LINALG-4] random SPD matrices of sizes 1...12: L lower with positive diagonal, L L^T = A")
  func factorisation() throws {
    var worst = 0.0
    for n in 1...12 {
      for trial in 0..<20 {
        let seed = UInt64(20_000 + 100 * n + trial)
        var rng = Xoshiro256StarStar(seed: seed)
        let a = S.spd(n, &rng)
        let l = try a.cholesky()
        for i in 0..<n {
          #expect(l[i, i] > 0, "seed \(seed): l[\(i), \(i)] = \(l[i, i])")
          for j in (i + 1)..<n { #expect(l[i, j] == 0, "seed \(seed): l[\(i), \(j)] = \(l[i, j])") }
        }
        let error = S.distance(try l.matmulReference(l.transposed()), a) / S.frobenius(a)
        worst = max(worst, error)
        #expect(error <= 1e-12, "seed \(seed), n \(n): ||L L^T - A||_F / ||A||_F = \(error)")
      }
    }
    print("LINALG-4: largest relative ||L L^T - A||_F \(worst)")
  }

  @Test("[LINALG-4] the textbook example factors exactly; failing pivots are named with their value")
  func knownCases() throws {
    let a = try Tensor(rows: [[4, 12, -16], [12, 37, -43], [-16, -43, 98]])
    #expect(try a.cholesky() == Tensor(rows: [[2, 0, 0], [6, 1, 0], [-8, 5, 3]]))
    // Pivot 1: 1 - 2^2 = -3.
    #expect(throws: TensorError.notPositiveDefinite(operation: "cholesky", pivot: 1, value: -3)) {
      _ = try Tensor(rows: [[1, 2], [2, 1]]).cholesky()
    }
    #expect(throws: TensorError.notPositiveDefinite(operation: "cholesky", pivot: 0, value: -1)) {
      _ = try Tensor(rows: [[-1]]).cholesky()
    }
    // Positive semidefinite (rank 1): the second pivot is exactly 0.
    #expect(throws: TensorError.notPositiveDefinite(operation: "cholesky", pivot: 1, value: 0)) {
      _ = try Tensor(rows: [[1, 1], [1, 1]]).cholesky()
    }
    #expect(throws: TensorError.notPositiveDefinite(operation: "logDeterminantSPD", pivot: 1, value: 0)) {
      _ = try Tensor(rows: [[1, 1], [1, 1]]).logDeterminantSPD()
    }
  }

  /// A random triangular matrix with diagonal magnitudes in [1, 2) and random signs.
  static func triangular(_ n: Int, lower: Bool, _ rng: inout Xoshiro256StarStar) -> Tensor {
    var t = S.matrix(n, n, &rng)
    for i in 0..<n {
      for j in 0..<n where lower ? j > i : j < i { t[i, j] = 0 }
      t[i, i] = (t[i, i] < 0 ? -1 : 1) * (1 + abs(t[i, i]))
    }
    return t
  }

  @Test("[LINALG-5] forward and back substitution: T X = B for vector and matrix right-hand sides")
  func triangularSolves() throws {
    for trial in 0..<120 {
      let seed = UInt64(30_000 + trial)
      var rng = Xoshiro256StarStar(seed: seed)
      let n = S.integer(&rng, 1...12), m = S.integer(&rng, 0...4)
      let lower = trial % 2 == 0
      let t = Self.triangular(n, lower: lower, &rng)
      let b = S.matrix(n, m, &rng)
      let x = lower ? try Tensor.solveLowerTriangular(t, b) : try Tensor.solveUpperTriangular(t, b)
      #expect(x.shape == [n, m])
      let residual = S.maxAbs(try t.matmulReference(x) - b)
      #expect(residual <= 1e-12, "seed \(seed), n \(n), m \(m), lower \(lower): residual \(residual)")
      // A vector right-hand side gives exactly the first column of the matrix solve.
      if m > 0 {
        let column = Tensor((0..<n).map { b[$0, 0] })
        let xv = lower ? try Tensor.solveLowerTriangular(t, column) : try Tensor.solveUpperTriangular(t, column)
        #expect(xv.scalars == (0..<n).map { x[$0, 0] }, "seed \(seed)")
      }
    }
    // Small exact cases.
    let l = try Tensor(rows: [[2, 0], [1, 4]])
    #expect(try Tensor.solveLowerTriangular(l, Tensor([2, 9])) == Tensor([1, 2]))
    #expect(try Tensor.solveUpperTriangular(l.transposed(), Tensor([4, 8])) == Tensor([1, 2]))
  }

  @Test("[LINALG-5] triangular solve errors: wrong triangle, zero pivot, overflow, right-hand side shape")
  func triangularErrors() throws {
    let l = try Tensor(rows: [[2, 0], [1, 4]])
    #expect(throws: TensorError.invalidArgument(operation: "solveLowerTriangular",
                                                reason: "not lower triangular: entry [0, 1] = 0.5")) {
      _ = try Tensor.solveLowerTriangular(Tensor(rows: [[2, 0.5], [1, 4]]), Tensor([1, 1]))
    }
    #expect(throws: TensorError.invalidArgument(operation: "solveUpperTriangular",
                                                reason: "not upper triangular: entry [1, 0] = 1.0")) {
      _ = try Tensor.solveUpperTriangular(l, Tensor([1, 1]))
    }
    #expect(throws: TensorError.singular(operation: "solveLowerTriangular", pivot: 1)) {
      _ = try Tensor.solveLowerTriangular(Tensor(rows: [[2, 0], [1, 0]]), Tensor([1, 1]))
    }
    // 1e-300 is a legal pivot, but 1 / 1e-300 overflows the next row.
    #expect(throws: TensorError.singular(operation: "solveLowerTriangular", pivot: 1)) {
      _ = try Tensor.solveLowerTriangular(Tensor(rows: [[1e-300, 0], [1e300, 1]]), Tensor([1, 1]))
    }
    #expect(throws: TensorError.shapeMismatch(operation: "solveLowerTriangular", [2, 2], [3])) {
      _ = try Tensor.solveLowerTriangular(l, Tensor([1, 2, 3]))
    }
    #expect(throws: TensorError.rank(operation: "solveLowerTriangular", expected: "1 or 2", shape: [2, 1, 1])) {
      _ = try Tensor.solveLowerTriangular(l, Tensor.zeros([2, 1, 1]))
    }
    #expect(throws: TensorError.nonFinite(operation: "solveUpperTriangular", index: 1, value: .infinity)) {
      _ = try Tensor.solveUpperTriangular(l.transposed(), Tensor([1, .infinity]))
    }
  }

  @Test("[LINALG-6] SPD solve and inverse: A X = B, A A^-1 = I, the inverse exactly symmetric")
  func inverseAndSolve() throws {
    var worst = 0.0
    for n in 1...12 {
      for trial in 0..<10 {
        let seed = UInt64(40_000 + 100 * n + trial)
        var rng = Xoshiro256StarStar(seed: seed)
        let a = S.spd(n, &rng)
        let inverse = try a.inverseSPD()
        #expect(inverse == (try inverse.transposed()), "seed \(seed): inverse not exactly symmetric")
        let error = S.maxAbs(try a.matmulReference(inverse) - Tensor.identity(n))
        worst = max(worst, error)
        #expect(error <= 1e-9, "seed \(seed), n \(n): ||A A^-1 - I||_max = \(error)")
        let b = S.matrix(n, 3, &rng)
        let x = try Tensor.solveSPD(a, b)
        let residual = S.maxAbs(try a.matmulReference(x) - b)
        #expect(residual <= 1e-9, "seed \(seed), n \(n): ||A X - B||_max = \(residual)")
      }
    }
    print("LINALG-6: largest ||A A^-1 - I||_max \(worst)")
    #expect(try Tensor(rows: [[4, 0], [0, 0.25]]).inverseSPD() == Tensor(rows: [[0.25, 0], [0, 4]]))
    #expect(throws: TensorError.shapeMismatch(operation: "solveSPD", [2, 2], [3, 1])) {
      _ = try Tensor.solveSPD(Tensor.identity(2), Tensor.zeros([3, 1]))
    }
  }

  @Test("[LINALG-7] log det A = sum of log eigenvalues; finite where det A overflows")
  func logDeterminant() throws {
    for n in 1...12 {
      for trial in 0..<10 {
        let seed = UInt64(50_000 + 100 * n + trial)
        var rng = Xoshiro256StarStar(seed: seed)
        let a = S.spd(n, &rng, shift: 0.01)
        let logdet = try a.logDeterminantSPD()
        let fromEigen = try a.symmetricEigen().values.map { log($0) }.reduce(0, +)
        #expect(abs(logdet - fromEigen) <= 1e-9 * (1 + abs(logdet)),
                "seed \(seed), n \(n): Cholesky \(logdet), eigenvalues \(fromEigen)")
      }
    }
    #expect(abs(try Tensor(rows: [[2, 0], [0, 3]]).logDeterminantSPD() - log(6)) <= 1e-15)
    // det(1000 I_120) = 1e360 overflows a double; its logarithm does not.
    let big = Tensor.identity(120) * 1000
    #expect(abs(try big.logDeterminantSPD() - 120 * log(1000)) <= 1e-12 * 120 * log(1000))
  }
}
