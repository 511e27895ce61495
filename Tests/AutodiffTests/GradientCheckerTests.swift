import Testing
import Tensors
@testable import Autodiff

/// The checker itself must be able to fail: a deliberately wrong VJP is caught, a kink is reported
/// as a kink, a stray constant in a VJP is caught by the zero-cotangent check (FOUND-60...63).
@Suite("Gradient checker")
struct GradientCheckerTests {
  /// y = x^2 with a VJP scaled by `factor` (1 is correct) plus `stray` added (0 is correct).
  static func square(factor: Double, stray: Double = 0) -> CheckedFunction {
    { tape, v in
      let x = v[0].value
      let y = x.map { $0 * $0 }
      return tape.record(y, inputs: [v[0]], operation: "square under test") { g throws(TensorError) in
        [try (try g * x) * (2 * factor) + stray]
      }
    }
  }

  let x = Tensor([0.3, -1.2, 2.0])

  @Test("[FOUND-60] a correct VJP passes in both modes with error far below the tolerance")
  func correctPasses() throws {
    let checker = GradientChecker()
    let full = try checker.checkJacobian([x], Self.square(factor: 1))
    let directions = try checker.checkDirections([x], seed: 1, Self.square(factor: 1))
    #expect(full.passed && full.compared == 9 && full.maxError < 1e-8, "\(full)")
    #expect(directions.passed && directions.maxError < 1e-8, "\(directions)")
  }

  @Test("[FOUND-61] a VJP off by a factor 1 + 1e-5 fails both modes and the worst entry is named")
  func wrongFactorFails() throws {
    let checker = GradientChecker()
    let full = try checker.checkJacobian([x], Self.square(factor: 1 + 1e-5))
    let directions = try checker.checkDirections([x], seed: 1, Self.square(factor: 1 + 1e-5))
    #expect(!full.passed && full.failures.count == 3, "\(full)")
    #expect(!directions.passed, "\(directions)")
    let worst = try #require(full.worst)
    #expect(worst.error > 9e-6 && worst.error < 1.1e-5)
    #expect(worst.input == 0 && worst.output == worst.element)
  }

  @Test("[FOUND-62] a kink inside the step is reported as not smooth, neither passed nor failed")
  func kinkIsReported() throws {
    // |x| at x = 2e-6 with h = 1e-5: the central difference straddles the kink.
    let report = try GradientChecker().checkJacobian([Tensor([2e-6, 1.0])]) { _, v in v[0].abs() }
    #expect(!report.passed)
    #expect(report.failures.isEmpty, "\(report)")
    #expect(report.nonSmooth.map(\.element) == [0], "\(report)")
  }

  @Test("[FOUND-63] a stray constant in a VJP is caught by the zero-cotangent check; backward twice is identical")
  func zeroCotangentAndRepeat() throws {
    let checker = GradientChecker()
    #expect(try checker.inputsWithNonZeroGradientForZeroCotangent([x], Self.square(factor: 1, stray: 1e-3)) == [0])
    #expect(try checker.inputsWithNonZeroGradientForZeroCotangent([x], Self.square(factor: 1)).isEmpty)
    #expect(try checker.backwardIsRepeatable([x], Self.square(factor: 1)))
  }

  @Test("""
    [FOUND-64] a VJP that captures a Variable keeps its tape alive: every pass is counted and the \
    report fails although every entry is right; concatenate, which once did this, frees its tape
    """)
  func retainedTapeFails() throws {
    let cycle: CheckedFunction = { tape, v in
      let input = v[0]
      let x = input.value
      return tape.record(x.map { $0 * $0 }, inputs: [input], operation: "square holding its input") { g throws(TensorError) in
        [try (try g * input.value) * 2]  // `input` holds the tape: a reference cycle
      }
    }
    let checker = GradientChecker()
    let full = try checker.checkJacobian([x], cycle)
    let directions = try checker.checkDirections([x], trials: 2, seed: 1, cycle)
    #expect(full.failures.isEmpty && full.tapesRetained == 3 && !full.passed, "\(full)")
    #expect(directions.tapesRetained == 2 && !directions.passed && "\(directions)".contains("tapes still alive"))
    let concatenated = try checker.checkDirections([x, Tensor([0.5, 1.5])], trials: 2, seed: 2) { _, v in
      try Variable.concatenate([v[0], v[1]], axis: 0).square()
    }
    #expect(concatenated.passed && concatenated.tapesRetained == 0, "\(concatenated)")
  }
}
