import Foundation
import Testing
import Tensors
@testable import Autodiff

/// The derivative chosen at each kink, checked as an exact value (FOUND-24), and the stability of
/// the sigmoid and the softmax family at extreme inputs (FOUND-25, FOUND-28).
@Suite("Kink conventions")
struct KinkConventionTests {
  /// d/dx of `op` at the points `xs`, for an upstream cotangent of 1 at each.
  func derivative(_ xs: [Double], _ op: (Variable) throws -> Variable) throws -> [Double] {
    let tape = Tape()
    let x = tape.variable(Tensor(xs))
    return try tape.gradients(of: try op(x), withRespectTo: [x], seed: Tensor(repeating: 1, shape: [xs.count]))[0].scalars
  }

  @Test("[FOUND-24] relu'(0) = 0, |x|'(0) = 0, leakyReLU'(0) = slope, and the values beside them")
  func kinksAtZero() throws {
    #expect(try derivative([-1, 0, 2]) { $0.relu() } == [0, 0, 1])
    #expect(try derivative([-1, 0, 2]) { $0.abs() } == [-1, 0, 1])
    #expect(try derivative([-1, 0, 2]) { $0.leakyReLU(slope: 0.01) } == [0.01, 0.01, 1])
  }

  @Test("[FOUND-24] relu and abs backward are selects: 0 * inf never becomes NaN (sqrt(relu(0)) has gradient 0)")
  func selectsNotProducts() throws {
    #expect(try derivative([0, 4]) { $0.relu().sqrt() } == [0, 0.25])
    #expect(try derivative([0]) { $0.abs().sqrt() } == [0])
  }

  @Test("[FOUND-4] max over an axis with tied values sends the whole gradient to the lowest index")
  func maxTies() throws {
    let tape = Tape()
    let x = tape.variable(try Tensor(rows: [[3, 1, 3], [2, 2, 2]]))
    let m = try x.max(axis: 1)
    #expect(m.value.scalars == [3, 2])
    let g = try tape.gradients(of: m, withRespectTo: [x], seed: Tensor([5, 7]))[0]
    #expect(g.scalars == [5, 0, 0, 7, 0, 0])
  }

  @Test("[FOUND-25] sigmoid is finite and exact at |x| = 1000; its derivative there is 0, not NaN")
  func sigmoidExtremes() throws {
    let tape = Tape()
    let x = tape.variable(Tensor([-1000, -40, 0, 40, 1000]))
    let y = x.sigmoid()
    #expect(y.value.scalars[0] == 0 && y.value.scalars[4] == 1 && y.value.scalars[2] == 0.5)
    #expect(y.value.scalars[1] > 0 && y.value.scalars[1] < 1e-17)
    let g = try tape.gradients(of: y.sum(), withRespectTo: x)[0]
    #expect(g.scalars.allSatisfy { $0.isFinite })
    #expect(g.scalars[0] == 0 && g.scalars[2] == 0.25 && g.scalars[4] == 0)
  }

  @Test("[FOUND-28] softmax, log-softmax and cross-entropy are finite for logits of size 1e4")
  func softmaxExtremes() throws {
    let tape = Tape()
    let x = tape.variable(try Tensor(rows: [[1e4, 0, -1e4], [5, 5, 5]]))
    let p = try x.softmax()
    #expect(p.value.scalars[0] == 1 && p.value.scalars[1] == 0)
    #expect(abs(p.value.scalars[3] - 1.0 / 3) <= 2.3e-16)  // one ulp of 1/3 is 5.6e-17
    let lp = try x.logSoftmax()
    #expect(lp.value.scalars[0] == 0 && lp.value.scalars[2] == -2e4)
    let loss = try x.crossEntropy(labels: [1, 0])
    #expect(abs(loss.value.scalars[0] - (1e4 + Foundation.log(3.0)) / 2) < 1e-9)
    let g = try tape.gradients(of: loss, withRespectTo: x)[0]
    let sixth: Double = 1.0 / 6
    let expected: [Double] = [0.5, -0.5, 0, sixth - 0.5, sixth, sixth]
    // e^(log(1/3)) / 2 rounds within a few ulps of 1/6.
    #expect(zip(g.scalars, expected).allSatisfy { abs($0 - $1) <= 1e-15 }, "\(g.scalars)")
  }

  @Test("[FOUND-40] losses and softmax refuse bad input with typed errors naming it")
  func lossErrors() throws {
    let tape = Tape()
    let x = tape.variable(Tensor.zeros([2, 3]))
    #expect(throws: TensorError.indexOutOfRange(operation: "crossEntropy label", index: 3, extent: 3)) {
      _ = try x.crossEntropy(labels: [0, 3])
    }
    #expect(throws: TensorError.shapeMismatch(operation: "crossEntropy labels", [2, 3], [1])) {
      _ = try x.crossEntropy(labels: [0])
    }
    #expect(throws: TensorError.shapeMismatch(operation: "meanSquaredError", [2, 3], [3])) {
      _ = try x.meanSquaredError(target: Tensor.zeros([3]))
    }
    #expect(throws: TensorError.empty(operation: "softmax", shape: [2, 0])) {
      _ = try tape.variable(Tensor.zeros([2, 0])).softmax()
    }
    #expect(throws: TensorError.self) { _ = try x + tape.variable(Tensor.zeros([4])) }
  }
}
