import Foundation
import Testing
import Randomness
import Tensors
@testable import Autodiff

/// Random test inputs. Each property test names its seed in every failure message, so a failing
/// case can be replayed by running the same seed.
struct TestInputs {
  var generator: Xoshiro256StarStar
  init(seed: UInt64) { generator = Xoshiro256StarStar(seed: seed) }

  mutating func extent(_ range: ClosedRange<Int>) -> Int {
    range.lowerBound + Int(generator.next() % UInt64(range.count))
  }

  /// Uniform in [low, high).
  mutating func uniform(_ shape: [Int], _ low: Double = -2, _ high: Double = 2) -> Tensor {
    var t = Tensor.zeros(shape)
    for i in 0..<t.count { t[flat: i] = low + (high - low) * generator.nextDouble() }
    return t
  }

  /// Values with |x| in [margin, 2] and random sign: away from the kink at 0.
  mutating func awayFromZero(_ shape: [Int], margin: Double = 0.1) -> Tensor {
    var t = uniform(shape, margin, 2)
    for i in 0..<t.count where generator.next() & 1 == 1 { t[flat: i] = -t.scalars[i] }
    return t
  }
}

/// Runs the full-Jacobian and random-direction checks, prints the worst relative error (the
/// figures quoted in notes come from these lines: grep "gradcheck"), and returns both reports.
func gradientCheck(_ family: String, seed: UInt64, _ inputs: [Tensor],
                   _ f: @escaping CheckedFunction) throws -> (GradientChecker.Report, GradientChecker.Report) {
  let checker = GradientChecker()
  let full = try checker.checkJacobian(inputs, f)
  let directions = try checker.checkDirections(inputs, trials: 4, seed: seed, f)
  print("gradcheck family=\(family) seed=\(seed) worst=\(max(full.maxError, directions.maxError))")
  return (full, directions)
}

/// The seeds every operation's property test runs.
let propertySeeds: [UInt64] = Array(1...6)

/// Checks `f` on `inputs` (full Jacobian and random directions, FOUND-60), that a zero cotangent
/// gives zero gradients and that the backward pass is repeatable (FOUND-63); every failure names
/// the family and the seed.
func expectGradients(_ family: String, seed: UInt64, _ inputs: [Tensor], _ f: @escaping CheckedFunction) throws {
  let (full, directions) = try gradientCheck(family, seed: seed, inputs, f)
  #expect(full.passed, "\(family) seed \(seed) full Jacobian:\n\(full)")
  #expect(directions.passed, "\(family) seed \(seed) directions:\n\(directions)")
  let checker = GradientChecker()
  #expect(try checker.inputsWithNonZeroGradientForZeroCotangent(inputs, f).isEmpty, "\(family) seed \(seed): zero cotangent")
  #expect(try checker.backwardIsRepeatable(inputs, f), "\(family) seed \(seed): backward twice")
}
