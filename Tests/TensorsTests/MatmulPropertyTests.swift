import Randomness
import Testing
@testable import Tensors

@Suite("Matrix product properties")
struct MatmulPropertyTests {
  typealias S = LinalgTestSupport

  /// Entries with magnitudes spread over 2^-20...2^20, so that any change in the order of the
  /// additions would show up in the last bits.
  static func spreadMatrix(_ rows: Int, _ columns: Int, _ rng: inout Xoshiro256StarStar) -> Tensor {
    var m = S.matrix(rows, columns, &rng)
    for i in 0..<m.count { m[flat: i] *= Double(sign: .plus, exponent: S.integer(&rng, -20...20), significand: 1) }
    return m
  }

  /// Random (m, k, n) with each extent in 0...70, biased towards the edges 0, 1 and the tile
  /// boundaries 4, 15, 16, 17, 32, 33.
  static func shape(_ rng: inout Xoshiro256StarStar) -> (Int, Int, Int) {
    let edges = [0, 1, 3, 4, 5, 15, 16, 17, 31, 32, 33, 64, 70]
    func extent() -> Int { rng.next() % 3 == 0 ? edges[S.integer(&rng, 0...(edges.count - 1))] : S.integer(&rng, 0...70) }
    return (extent(), extent(), extent())
  }

  @Test("[FOUND-11] fast matmul equals matmulReference bit for bit on random shapes 0...70 and k across a 256 block")
  func fastEqualsReference() throws {
    var cases: [(Int, Int, Int)] = []
    var rng = Xoshiro256StarStar(seed: 80_000)
    for _ in 0..<250 { cases.append(Self.shape(&rng)) }
    // Depths beyond MatrixMultiply.depthBlock (256): two and three k blocks, with ragged m, n.
    cases += [(5, 257, 17), (33, 300, 16), (4, 512, 1), (1, 600, 35), (70, 513, 70), (36, 256, 20)]
    for (index, (m, k, n)) in cases.enumerated() {
      let seed = UInt64(81_000 + index)
      var rng = Xoshiro256StarStar(seed: seed)
      let a = Self.spreadMatrix(m, k, &rng), b = Self.spreadMatrix(k, n, &rng)
      let fast = try a.matmul(b), reference = try a.matmulReference(b)
      #expect(fast.shape == [m, n])
      let identical = fast.scalars.map(\.bitPattern) == reference.scalars.map(\.bitPattern)
      #expect(identical, "seed \(seed): m \(m), k \(k), n \(n): fast and reference differ")
    }
  }

  @Test("[FOUND-31] the product is bit-identical for 1, 2, 3 and 8 threads (explicit thread argument)")
  func threadCountInvariance() throws {
    for trial in 0..<20 {
      let seed = UInt64(82_000 + trial)
      var rng = Xoshiro256StarStar(seed: seed)
      // m above 32 rows so that there are several chunks to share out.
      let (m, k, n) = (S.integer(&rng, 33...150), S.integer(&rng, 1...300), S.integer(&rng, 1...40))
      let a = Self.spreadMatrix(m, k, &rng), b = Self.spreadMatrix(k, n, &rng)
      // Products this small run on one thread by default (parallelProductLimit): split them anyway.
      let table = KernelSelection.selectedTable.reblocked(parallelProductLimit: 0)
      func product(_ threads: Int) -> [Double] {
        KernelVariantTests.product(a, b, m: m, k: k, n: n, transposeA: false, transposeB: false, threads: threads, table: table)
      }
      let serial = product(1)
      for threads in [2, 3, 8] {
        let parallel = product(threads)
        #expect(parallel.map(\.bitPattern) == serial.map(\.bitPattern), "seed \(seed): \(threads) threads differ")
      }
    }
  }

  @Test("[FOUND-31] withThreads(1) and withThreads(2) give the same matmul, and the binding stays in its scope")
  func boundThreadsInvariance() throws {
    var rng = Xoshiro256StarStar(seed: 83_000)
    let a = Self.spreadMatrix(130, 90, &rng), b = Self.spreadMatrix(90, 50, &rng)
    let outside = Parallelism.threads
    let one = try Parallelism.withThreads(1) { () throws -> Tensor in
      #expect(Parallelism.threads == 1)
      return try a.matmul(b)
    }
    let two = try Parallelism.withThreads(2) { () throws -> Tensor in
      #expect(Parallelism.threads == 2)
      return try a.matmul(b)
    }
    #expect(Parallelism.threads == outside)
    #expect(one.scalars.map(\.bitPattern) == two.scalars.map(\.bitPattern), "seed 83000")
  }

  @Test("[FOUND-31] inside a chunk run on several workers, nested kernels see one thread")
  func nestedChunksRunSerially() {
    var seen = [Int](repeating: 0, count: 4)
    seen.withUnsafeMutableBufferPointer { buffer in
      let base = buffer.baseAddress!
      Parallelism.forEachChunk(4, threads: 2) { chunk in base[chunk] = Parallelism.threads }
    }
    #expect(seen == [1, 1, 1, 1])
  }

  @Test("[FOUND-31] forEachChunk runs every chunk exactly once for any thread count")
  func chunksRunOnce() {
    for threads in 1...5 {
      for chunks in [0, 1, 2, 7, 33] {
        var counts = [Int](repeating: 0, count: chunks)
        counts.withUnsafeMutableBufferPointer { buffer in
          let base = buffer.baseAddress
          Parallelism.forEachChunk(chunks, threads: threads) { chunk in base![chunk] += 1 }
        }
        #expect(counts == [Int](repeating: 1, count: chunks), "threads \(threads), chunks \(chunks)")
      }
    }
  }

  @Test("[FOUND-10] matmul refuses mismatched inner extents and ranks other than 2; empty extents are fine")
  func shapeErrors() throws {
    let a = Tensor.zeros([2, 3])
    for reference in [false, true] {
      func product(_ x: Tensor, _ y: Tensor) throws -> Tensor {
        reference ? try x.matmulReference(y) : try x.matmul(y)
      }
      #expect(throws: TensorError.shapeMismatch(operation: "matmul", [2, 3], [4, 2])) { _ = try product(a, Tensor.zeros([4, 2])) }
      #expect(throws: TensorError.rank(operation: "matmul", expected: "2 and 2", shape: [3])) {
        _ = try product(a, Tensor.zeros([3]))
      }
      #expect(throws: TensorError.rank(operation: "matmul", expected: "2 and 2", shape: [1, 2, 3])) {
        _ = try product(Tensor.zeros([1, 2, 3]), Tensor.zeros([3, 2]))
      }
      #expect(try product(Tensor.zeros([0, 3]), Tensor.zeros([3, 4])) == Tensor.zeros([0, 4]))
      #expect(try product(Tensor.ones([2, 0]), Tensor.ones([0, 3])) == Tensor.zeros([2, 3]))
    }
  }
}
