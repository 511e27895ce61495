import Testing
@testable import Tensors

@Suite("Tensor layout")
struct TensorLayoutTests {
  @Test("[FOUND-1] row-major: the last axis varies fastest; reshape keeps the scalar order")
  func rowMajor() throws {
    let t = try Tensor(shape: [2, 3], scalars: [0, 1, 2, 3, 4, 5])
    #expect(t.row(1) == [3, 4, 5])
    #expect(try t.transposed().scalars == [0, 3, 1, 4, 2, 5])
    #expect(try t.reshaped([3, -1]).shape == [3, 2])
    #expect(try t.reshaped([3, -1]).scalars == t.scalars)
  }

  @Test("[FOUND-40] a wrong element count is a typed error naming the shape and the counts")
  func elementCountError() {
    #expect(throws: TensorError.elementCount(shape: [2, 2], expected: 4, got: 3)) {
      _ = try Tensor(shape: [2, 2], scalars: [1, 2, 3])
    }
  }
}
