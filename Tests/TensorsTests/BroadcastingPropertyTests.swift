import Randomness
import Testing
@testable import Tensors

@Suite("Broadcasting properties")
struct BroadcastingPropertyTests {
  typealias S = LinalgTestSupport

  static func random(_ shape: [Int], _ rng: inout Xoshiro256StarStar) -> Tensor {
    try! Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in S.uniform(&rng) })
  }

  /// A shape that broadcasts to `full`: some leading axes dropped, some extents set to 1.
  static func reduced(_ full: [Int], _ rng: inout Xoshiro256StarStar) -> [Int] {
    let drop = S.integer(&rng, 0...full.count)
    return full.dropFirst(drop).map { rng.next() % 2 == 0 ? 1 : $0 }
  }

  /// A full shape of rank 0...4 with extents 0...4 (zero rarely).
  static func fullShape(_ rng: inout Xoshiro256StarStar) -> [Int] {
    (0..<S.integer(&rng, 0...4)).map { _ in rng.next() % 12 == 0 ? 0 : S.integer(&rng, 1...4) }
  }

  static func dot(_ a: Tensor, _ b: Tensor) -> (value: Double, magnitude: Double) {
    var value = 0.0, magnitude = 0.0
    for (x, y) in zip(a.scalars, b.scalars) { value += x * y; magnitude += abs(x * y) }
    return (value, magnitude)
  }

  @Test("[FOUND-2] a + b == b + a and a * b == b * a for broadcast-compatible shapes, with the broadcast shape")
  func commutativity() throws {
    for trial in 0..<200 {
      let seed = UInt64(90_000 + trial)
      var rng = Xoshiro256StarStar(seed: seed)
      let full = Self.fullShape(&rng)
      let sa = Self.reduced(full, &rng), sb = Self.reduced(full, &rng)
      let a = Self.random(sa, &rng), b = Self.random(sb, &rng)
      let target = try Tensor.broadcastShape(sa, sb)
      let sum = try a + b, product = try a * b
      #expect(sum.shape == target && product.shape == target, "seed \(seed): \(sa) and \(sb)")
      #expect(sum == (try b + a), "seed \(seed): \(sa) + \(sb)")
      #expect(product == (try b * a), "seed \(seed): \(sa) * \(sb)")
      // Broadcasting is elementwise on the explicitly broadcast operands.
      #expect(sum == (try a.broadcast(to: target) + b.broadcast(to: target)), "seed \(seed)")
    }
  }

  @Test("[FOUND-2] broadcast(to:) copies runs and equals its element-by-element twin; zip equals zip of the twins")
  func fastBroadcastEqualsReference() throws {
    for trial in 0..<300 {
      let seed = UInt64(92_000 + trial)
      var rng = Xoshiro256StarStar(seed: seed)
      let full = Self.fullShape(&rng)
      let sa = Self.reduced(full, &rng), sb = Self.reduced(full, &rng)
      let a = Self.random(sa, &rng), b = Self.random(sb, &rng)
      #expect(try a.broadcast(to: full) == a.broadcastReference(to: full), "seed \(seed): \(sa) -> \(full)")
      let target = try Tensor.broadcastShape(sa, sb)
      let expected = try Tensor(shape: target, scalars: Swift.zip(try a.broadcastReference(to: target).scalars,
          try b.broadcastReference(to: target).scalars
        ).map { $0 - 2 * $1 })
      #expect(try a.zip(b, operation: "test") { $0 - 2 * $1 } == expected, "seed \(seed): \(sa), \(sb)")
    }
  }

  @Test("[FOUND-2] adding a [1, n] row (or an [n] vector) equals adding it tiled m times")
  func rowTiling() throws {
    for trial in 0..<50 {
      let seed = UInt64(91_000 + trial)
      var rng = Xoshiro256StarStar(seed: seed)
      let (m, n) = (S.integer(&rng, 1...6), S.integer(&rng, 1...6))
      let x = S.matrix(m, n, &rng), row = S.matrix(1, n, &rng)
      let tiled = try Tensor(shape: [m, n], scalars: Array((0..<m).map { _ in row.scalars }.joined()))
      #expect(try row.broadcast(to: [m, n]) == tiled, "seed \(seed)")
      #expect(try x + row == x + tiled, "seed \(seed)")
      #expect(try x - Tensor(row.scalars) == x - tiled, "seed \(seed)")
      #expect(try row * x == tiled * x, "seed \(seed)")
    }
  }

  @Test("[FOUND-2] sumToShape is the adjoint of broadcast: <broadcast(x), y> == <x, sumToShape(y)>")
  func sumToShapeIsAdjoint() throws {
    for trial in 0..<200 {
      let seed = UInt64(92_000 + trial)
      var rng = Xoshiro256StarStar(seed: seed)
      let full = Self.fullShape(&rng)
      let small = Self.reduced(full, &rng)
      let x = Self.random(small, &rng), y = Self.random(full, &rng)
      let summed = try y.sumToShape(small)
      #expect(summed.shape == small, "seed \(seed)")
      let left = Self.dot(try x.broadcast(to: full), y)
      let right = Self.dot(x, summed)
      // The two sides add the same products in different orders.
      #expect(abs(left.value - right.value) <= 1e-14 * max(1, left.magnitude), "seed \(seed): \(small) -> \(full)")
    }
  }

  @Test("[FOUND-2] incompatible shapes are refused naming both shapes")
  func incompatible() throws {
    #expect(throws: TensorError.shapeMismatch(operation: "add", [3, 4], [3])) { _ = try Tensor.zeros([3, 4]) + Tensor.zeros([3]) }
    #expect(throws: TensorError.shapeMismatch(operation: "broadcast(to:)", [2, 3], [3])) {
      _ = try Tensor.zeros([2, 3]).broadcast(to: [3])
    }
    #expect(throws: TensorError.self) { _ = try Tensor.zeros([2, 3]).sumToShape([3, 3]) }
  }
}
