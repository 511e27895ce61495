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

  @Test(
    "[FOUND-1] writes keep the shape invariant: flat subscript, checked replacement that leaves the tensor unchanged on error")
  func checkedWrites() throws {
    var t = try Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
    t[flat: 3] += 10
    t[flat: 0] = -1
    #expect(t.scalars == [-1, 2, 3, 14])
    #expect(t[1, 1] == 14)
    try t.replaceScalars([5, 6, 7, 8])
    #expect(t.scalars == [5, 6, 7, 8] && t.shape == [2, 2])
    #expect(throws: TensorError.elementCount(shape: [2, 2], expected: 4, got: 5)) { try t.replaceScalars([1, 2, 3, 4, 5]) }
    #expect(t.scalars == [5, 6, 7, 8])
  }
}
