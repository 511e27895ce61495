import Testing
@testable import Tensors

/// Shapes from outside data never trap (FOUND-70).
@Suite("Checked sizes")
struct CheckedSizeTests {
  @Test("[FOUND-70] a shape whose element count overflows Int is invalidShape, not a trap", arguments: [
    [1 << 32, 1 << 32], [Int.max, 2], [0, 1 << 40, 1 << 40], [1 << 40, 0, 1 << 40], [3, Int.max / 2],
  ])
  func overflowingShapes(shape: [Int]) {
    #expect(throws: TensorError.invalidShape(shape, reason: "element count overflows Int")) {
      try Tensor(shape: shape, scalars: [])
    }
  }

  @Test("[FOUND-70] zeros count as 1 in the overflow check, but the count itself is the true product")
  func zeroExtents() throws {
    #expect(try Tensor.elementCount(of: [1 << 40, 0]) == 0)
    #expect(try Tensor.elementCount(of: []) == 1)
    #expect(try Tensor.elementCount(of: [3, 4, 5]) == 60)
    #expect(try Tensor(shape: [1 << 30, 0, 7], scalars: []).strides == [0, 7, 1])
    #expect(throws: TensorError.invalidShape([2, -1], reason: "negative extent -1")) { try Tensor(shape: [2, -1], scalars: []) }
  }

  @Test("[FOUND-70] reshape to an overflowing shape, with or without -1, is an error")
  func reshape() throws {
    let t = Tensor([1, 2, 3, 4])
    #expect(throws: TensorError.self) { try t.reshaped([1 << 32, 1 << 32]) }
    #expect(throws: TensorError.self) { try t.reshaped([-1, 1 << 32, 1 << 32]) }
    #expect(try t.reshaped([-1, 2]).shape == [2, 2])
  }
}
