import Testing
import Tensors
@testable import Autodiff

/// A VJP that breaks its contract is a typed error naming the operation (FOUND-71).
@Suite("VJP contract")
struct VJPContractTests {
  /// Records `a + b` with the given (wrong) VJP and runs the backward pass.
  func backward(_ vjp: @escaping Tape.VJP) throws {
    let tape = Tape()
    let a = tape.variable(Tensor([1, 2, 3])), b = tape.variable(Tensor([4, 5, 6]))
    let y = tape.record(try a.value + b.value, inputs: [a, b], operation: "brokenAdd", vjp: vjp)
    _ = try tape.gradients(of: y, withRespectTo: [a, b], seed: Tensor([1, 1, 1]))
  }

  @Test("[FOUND-71] too few or too many cotangents name the operation and both counts")
  func count() {
    #expect(throws: TensorError.badVJP(operation: "brokenAdd", reason: "returned 1 cotangents for 2 inputs")) {
      try backward { g in [g] }
    }
    #expect(throws: TensorError.badVJP(operation: "brokenAdd", reason: "returned 3 cotangents for 2 inputs")) {
      try backward { g in [g, g, g] }
    }
  }

  @Test("[FOUND-71] a cotangent of another shape (even one that would broadcast) is an error")
  func shape() {
    #expect(throws: TensorError.badVJP(operation: "brokenAdd", reason: "cotangent 1 has shape [1], its input has shape [3]")) {
      try backward { g in [g, Tensor([1])] }
    }
    #expect(throws: TensorError.badVJP(operation: "brokenAdd", reason: "cotangent 0 has shape [1, 3], its input has shape [3]")) {
      try backward { g throws(TensorError) in [try g.reshaped([1, 3]), g] }
    }
  }

  @Test("[FOUND-71] a correct VJP still passes the check")
  func correct() throws {
    try backward { g in [g, g] }
  }
}
