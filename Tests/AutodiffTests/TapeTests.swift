import Testing
import Tensors
@testable import Autodiff

@Suite("Tape")
struct TapeTests {
  @Test("[FOUND-20] a value used twice receives the sum of both cotangents; unused leaves get zeros")
  func fanOutSums() throws {
    let tape = Tape()
    let x = tape.variable(Tensor([1, 2, 3]))
    let unused = tape.variable(Tensor([5, 5]))
    let y = try (x * x + x).sum()  // d/dx = 2x + 1
    let grads = try tape.gradients(of: y, withRespectTo: x, unused)
    #expect(grads[0] == Tensor([3, 5, 7]))
    #expect(grads[1] == Tensor([0, 0]))
  }

  @Test("[FOUND-20] a seed of the wrong shape is a typed error naming both shapes")
  func seedShape() throws {
    let tape = Tape()
    let x = tape.variable(Tensor([1, 2, 3]))
    #expect(throws: TensorError.self) {
      _ = try tape.gradients(of: x, withRespectTo: [x], seed: Tensor([1, 2]))
    }
  }
}
