import Randomness
import Testing
@testable import Tensors

@Suite("Linear algebra input checks")
struct LinearAlgebraInputTests {
  /// Every symmetric entry point, each calling the operation under its own name.
  typealias Operation = (name: String, run: (Tensor) throws -> Void)

  static var symmetricOperations: [Operation] {[
    ("symmetricEigen", { _ = try $0.symmetricEigen() }),
    ("cholesky", { _ = try $0.cholesky() }),
    ("inverseSPD", { _ = try $0.inverseSPD() }),
    ("logDeterminantSPD", { _ = try $0.logDeterminantSPD() }),
    ("solveSPD", { _ = try Tensor.solveSPD($0, Tensor.zeros([$0.shape.first ?? 0])) }),
  ]}

  /// The matrix checks shared with the triangular solves (LINALG-1 items 1-4).
  static var squareOperations: [Operation] {symmetricOperations + [
    ("solveLowerTriangular", { _ = try Tensor.solveLowerTriangular($0, Tensor.zeros([$0.shape.first ?? 0])) }),
    ("solveUpperTriangular", { _ = try Tensor.solveUpperTriangular($0, Tensor.zeros([$0.shape.first ?? 0])) }),
  ]}

  static func error(_ run: (Tensor) throws -> Void, _ input: Tensor) -> TensorError? {
    do { try run(input) } catch let error as TensorError { return error } catch { return nil }
    return nil
  }

  @Test("[LINALG-1] rank, non-square, empty and non-finite inputs are refused with their payload")
  func basicChecks() throws {
    for (name, run) in Self.squareOperations {
      #expect(Self.error(run, Tensor([1, 2])) == .rank(operation: name, expected: "2", shape: [2]))
      #expect(Self.error(run, Tensor.zeros([2, 3])) == .notSquare(operation: name, shape: [2, 3]))
      #expect(Self.error(run, Tensor.zeros([0, 0])) == .empty(operation: name, shape: [0, 0]))
      var infinite = Tensor.identity(3)
      infinite[1, 2] = -.infinity
      #expect(Self.error(run, infinite) == .nonFinite(operation: name, index: 5, value: -.infinity))
      var nan = Tensor.identity(2)
      nan[1, 0] = .nan
      guard case let .nonFinite(operation, index, value)? = Self.error(run, nan) else {
        Issue.record("\(name): NaN not reported as nonFinite"); continue
      }
      #expect(operation == name && index == 2 && value.isNaN)
    }
  }

  @Test("[LINALG-1] asymmetry beyond 1e-10 of the largest entry names the worst pair; within it is accepted")
  func symmetryCheck() throws {
    // Asymmetries 0.5 at (0, 2) and 0.1 at (1, 2): the worst is reported.
    let a = try Tensor(rows: [[4, 2, 3], [2, 5, 5], [3.5, 5.1, 9]])
    for (name, run) in Self.symmetricOperations {
      #expect(Self.error(run, a) == .notSymmetric(operation: name, row: 0, column: 2, asymmetry: 0.5))
    }
    // Relative tolerance: for a matrix scaled by 1e6, an asymmetry of 1e-5 (1e-11 relative) passes,
    // 1e-3 (1e-9 relative) does not.
    var rng = Xoshiro256StarStar(seed: 11)
    let spd = LinalgTestSupport.spd(4, &rng) * 1e6
    var slightly = spd
    slightly[3, 1] += 1e-5
    #expect(throws: Never.self) { _ = try slightly.symmetricEigen() }
    #expect(throws: Never.self) { _ = try slightly.cholesky() }
    var clearly = spd
    clearly[3, 1] += 1e-3
    guard case let .notSymmetric(_, row, column, asymmetry)? = Self.error({ _ = try $0.cholesky() }, clearly) else {
      Issue.record("seed 11: asymmetry 1e-3 at scale 1e6 was accepted"); return
    }
    #expect(row == 1 && column == 3 && abs(asymmetry - 1e-3) < 1e-6, "seed 11")
  }
}
