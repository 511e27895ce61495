import Randomness
import Testing
@testable import Tensors

@Suite("Allocator tuning")
struct AllocatorTuningTests {
  @Test("[FOUND-32] tuning the allocator leaves large products bit-identical")
  func resultsUnchanged() throws {
    var g = Xoshiro256StarStar(seed: 11)
    var a = Tensor.zeros([300, 200]), b = Tensor.zeros([200, 250])
    for i in 0..<a.count { a[flat: i] = g.nextDouble() - 0.5 }
    for i in 0..<b.count { b[flat: i] = g.nextDouble() - 0.5 }
    let before = try a.matmul(b)
    #if os(Linux)
      #expect(AllocatorTuning.keepLargeBlocks())
    #endif
    #expect(try a.matmul(b) == before)
    #expect(try a.matmulReference(b) == before)
  }
}
