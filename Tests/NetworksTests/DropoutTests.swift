import Foundation
import Randomness
import Testing
import Tensors
@testable import Autodiff
@testable import Networks

@Suite("Dropout")
struct DropoutTests {
  /// Runs Dropout(p) on x in `mode` with a stream from `seed`; returns output, input gradient
  /// of sum(y), and the stream afterwards.
  func run(_ p: Double, _ x: Tensor, mode: ForwardContext.Mode, seed: UInt64) throws -> (Tensor, Tensor, Xoshiro256StarStar) {
    let tape = Tape()
    let context = ForwardContext(tape: tape, parameters: try ParameterStore([]), mode: mode,
                                 random: Xoshiro256StarStar(seed: seed))
    let v = tape.variable(x)
    let y = try Dropout(p)(v, context: context)
    let dx = try tape.gradients(of: y.sum(), withRespectTo: v)[0]
    return (y.value, dx, context.random as! Xoshiro256StarStar)
  }

  @Test("[NET-6] training: one draw per element, kept when u < 1 - p, scaled by 1/(1 - p); the gradient is the mask")
  func trainingMask() throws {
    var d = Draw(seed: 21)
    let x = d.uniform([7, 5])
    for p in [0.1, 0.5, 0.8] {
      let (y, dx, stream) = try run(p, x, mode: .training, seed: 22)
      var after = stream
      var twin = Xoshiro256StarStar(seed: 22)
      for k in 0..<x.count {
        let kept = twin.nextDouble() < 1 - p
        let m = kept ? 1 / (1 - p) : 0
        #expect(y.scalars[k] == x.scalars[k] * m, "p \(p) element \(k)")
        #expect(dx.scalars[k] == m, "p \(p) element \(k)")
      }
      #expect(after.next() == twin.next(), "p \(p): exactly one draw per element")
    }
  }

  @Test("[NET-6] evaluation and p = 0 are the identity and draw nothing; the keep rate is 1 - p")
  func identityAndRate() throws {
    var d = Draw(seed: 23)
    let x = d.uniform([4, 4])
    for (p, mode) in [(0.5, ForwardContext.Mode.evaluation), (0.0, .training)] {
      let (y, dx, stream) = try run(p, x, mode: mode, seed: 24)
      var after = stream
      var fresh = Xoshiro256StarStar(seed: 24)
      #expect(y == x && dx == Tensor.ones([4, 4]))
      #expect(after.next() == fresh.next())
    }
    let (y, _, _) = try run(0.3, Tensor.ones([200, 500]), mode: .training, seed: 25)
    let kept = Double(y.scalars.filter { $0 != 0 }.count) / 100_000
    // Binomial standard deviation sqrt(0.7 * 0.3 / 1e5) = 0.00145; allow 5 of them.
    #expect(abs(kept - 0.7) < 0.0073, "keep rate \(kept)")
  }

  @Test("[NET-6] p outside [0, 1) and training without a stream are refused")
  func errors() throws {
    for p in [-0.1, 1.0, 1.5, Double.nan] {
      #expect(throws: NetworkError.self) { try Dropout(p) }
    }
    #expect(throws: NetworkError.dropoutProbability(1)) { try Dropout(1) }
    let tape = Tape()
    let context = ForwardContext(tape: tape, parameters: try ParameterStore([]), mode: .training)
    #expect(throws: NetworkError.missingRandomStream(layer: "Dropout(p: 0.5)")) {
      try Dropout(0.5)(tape.variable(.ones([2])), context: context)
    }
  }
}
