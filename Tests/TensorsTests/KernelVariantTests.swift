import Kernels
import Randomness
import Testing
@testable import Tensors

/// Every kernel variant this machine can run gives the reference product's bits (FOUND-11,
/// FOUND-13), for every transpose combination, every path (unpacked small product, blocked with
/// the variant's own blocks, blocked with tiny blocks) and thread counts 1, 2 and 3 passed
/// explicitly.
@Suite("Kernel variants")
struct KernelVariantTests {
  typealias S = LinalgTestSupport

  /// The variants under test, with the blocked path forced (limit 0) and with small blocks, so
  /// that small shapes cross every block edge.
  static func tables() -> [(String, KernelTable)] {
    KernelSelection.supported.flatMap { variant -> [(String, KernelTable)] in
      let table = KernelSelection.table(variant)!
      // Every table but the first splits even the smallest product over the threads.
      return [("\(variant)", table),
              ("\(variant) split", table.reblocked(parallelProductLimit: 0)),
              ("\(variant) blocked", table.reblocked(smallProductLimit: 0, parallelProductLimit: 0)),
              ("\(variant) tiny blocks",
               table.reblocked(depthBlock: 3, rowTiles: 1, columnTiles: 1, smallProductLimit: 0, parallelProductLimit: 0))]
    }
  }

  /// op(A) op(B) through `table`, from row-major storage of A (or A^T) and B (or B^T).
  static func product(_ a: Tensor, _ b: Tensor, m: Int, k: Int, n: Int, transposeA: Bool, transposeB: Bool,
                      threads: Int, table: KernelTable) -> [Double] {
    var c = [Double](repeating: .nan, count: m * n)
    let storedA = transposeA ? try! a.transposed() : a
    let storedB = transposeB ? try! b.transposed() : b
    storedA.scalars.withUnsafeBufferPointer { pa in
      storedB.scalars.withUnsafeBufferPointer { pb in
        c.withUnsafeMutableBufferPointer { pc in
          guard let out = pc.baseAddress else { return }
          let baseA = pa.baseAddress ?? UnsafePointer(out), baseB = pb.baseAddress ?? UnsafePointer(out)
          let viewA = transposeA ? StridedMatrix(baseA, rowStride: 1, columnStride: m) : StridedMatrix(baseA, rowStride: k)
          let viewB = transposeB ? StridedMatrix(baseB, rowStride: 1, columnStride: k) : StridedMatrix(baseB, rowStride: n)
          MatrixMultiply.product(viewA, viewB, m: m, k: k, n: n, into: out, rowStride: n, threads: threads, kernels: table)
        }
      }
    }
    return c
  }

  /// Checks one shape on every table, transpose combination and thread count against the reference.
  static func check(m: Int, k: Int, n: Int, seed: UInt64, tables: [(String, KernelTable)], threads: [Int] = [1, 2, 3]) {
    var rng = Xoshiro256StarStar(seed: seed)
    let a = MatmulPropertyTests.spreadMatrix(m, k, &rng), b = MatmulPropertyTests.spreadMatrix(k, n, &rng)
    let reference = MatrixMultiply.reference(a.scalars, b.scalars, m: m, k: k, n: n).map(\.bitPattern)
    for (name, table) in tables {
      for (transposeA, transposeB) in [(false, false), (false, true), (true, false), (true, true)] {
        for t in threads {
          let fast = product(a, b, m: m, k: k, n: n, transposeA: transposeA, transposeB: transposeB, threads: t, table: table)
          #expect(fast.map(\.bitPattern) == reference,
                  "seed \(seed): \(name), m \(m) k \(k) n \(n), transposeA \(transposeA) transposeB \(transposeB), \(t) threads")
        }
      }
    }
  }

  @Test("[FOUND-13] the machine's variants are detected; portable always; the selected one is supported")
  func detection() {
    #expect(KernelSelection.supported.first == .portable)
    #expect(KernelSelection.supported.contains(KernelSelection.selected))
    for variant in KernelVariant.allCases {
      #expect((KernelSelection.table(variant) != nil) == KernelSelection.supported.contains(variant), "\(variant)")
    }
    #if arch(x86_64) && os(Linux)
    // Every x86-64 machine this project runs on since 2013 has AVX2 and FMA.
    if CPUFeatures.current.contains("avx2") && CPUFeatures.current.contains("fma") {
      #expect(KernelSelection.supported.contains(.x86V3))
    }
    #endif
  }

  @Test("[FOUND-13] skinny products past the small-product limit (depth under 8, fewer rows than a tile) equal the reference")
  func skinnyShapes() {
    // NN-kNN's glocal product and its VJPs at a small case count, and the edges of the routing.
    for (index, (m, k, n)) in [(300, 4, 64), (4, 300, 64), (300, 64, 4), (7, 150, 70), (200, 1, 200), (200, 7, 33),
                               (3, 500, 30), (1, 2000, 17)].enumerated() {
      Self.check(m: m, k: k, n: n, seed: 900 + UInt64(index), tables: Self.tables())
    }
  }

  @Test("[FOUND-13] every variant equals the reference bit for bit on shapes at every edge: 0, 1, primes, tiles +-1, blocks +-1")
  func edgeShapes() {
    let tables = Self.tables()
    var shapes: [(Int, Int, Int)] = []
    let small = [0, 1, 2, 3, 5, 7, 8, 9, 11, 13]
    for m in small { for n in [0, 1, 7, 11, 12, 13, 23, 24, 25] { shapes.append((m, [1, 3, 4, 7][(m + n) % 4], n)) } }
    shapes += [(0, 5, 5), (5, 0, 5), (5, 5, 0), (1, 1, 1), (17, 31, 29), (37, 41, 43)]
    for (index, (m, k, n)) in shapes.enumerated() {
      Self.check(m: m, k: k, n: n, seed: UInt64(84_000 + index), tables: tables, threads: [1, 3])
    }
  }

  @Test("[FOUND-13] every variant's own blocks, crossed by one: MC +- 1 rows, KC +- 1 products, NC +- 1 columns")
  func blockEdges() {
    for variant in KernelSelection.supported {
      let table = KernelSelection.table(variant)!
      let (mc, kc, nc) = (table.rowBlock, table.depthBlock, table.columnBlock)
      let shapes = [(mc - 1, 9, 29), (mc + 1, 9, 29), (9, kc - 1, 29), (9, kc + 1, 29), (9, 2 * kc + 1, 13),
                    (3, 5, nc - 1), (3, 5, nc + 1), (table.tileRows + 1, kc + 1, table.tileColumns + 1)]
      for (index, (m, k, n)) in shapes.enumerated() {
        Self.check(m: m, k: k, n: n, seed: UInt64(85_000 + index),
                   tables: [("\(variant) blocked", table.reblocked(smallProductLimit: 0, parallelProductLimit: 0))])
      }
    }
  }

  @Test("[FOUND-13] random shapes 0...70 through every variant and path equal the reference",
        arguments: [UInt64(86_000), 86_001, 86_002])
  func randomShapes(seed: UInt64) {
    let tables = Self.tables()
    var rng = Xoshiro256StarStar(seed: seed)
    for trial in 0..<12 {
      let (m, k, n) = MatmulPropertyTests.shape(&rng)
      Self.check(m: m, k: k, n: n, seed: seed &* 100 &+ UInt64(trial), tables: tables, threads: [1, 2])
    }
  }

  @Test("[FOUND-11] the reference is one fused multiply-add chain: a product that plain multiply-then-add rounds differently")
  func referenceIsFused() {
    // x = 1 + 2^-30, x^2 = 1 + 2^-29 + 2^-60 exactly. The chain is c = fma(x, x, 0) = 1 + 2^-29
    // (the 2^-60 rounds away), then fma(x, -x, c) = -2^-60 exactly. Multiplying and then adding
    // would round x (-x) to -(1 + 2^-29) and give 0.
    let x = 1 + 0x1p-30
    let a = [x, x], b = [x, -x]
    let c = MatrixMultiply.reference(a, b, m: 1, k: 2, n: 1)
    #expect(c == [-0x1p-60])
    for variant in KernelSelection.supported {
      #expect(MatrixMultiply.fast(a, b, m: 1, k: 2, n: 1, variant: variant) == [-0x1p-60], "\(variant)")
    }
  }
}
