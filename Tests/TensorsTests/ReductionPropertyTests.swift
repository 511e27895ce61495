import Randomness
import Testing
@testable import Tensors

@Suite("Reduction properties")
struct ReductionPropertyTests {
  typealias S = LinalgTestSupport

  /// Naive reductions along `axis`: for each output position, a loop over the axis in order.
  /// Returns sums, maxima and the index of the first maximum.
  static func naive(_ x: Tensor, axis: Int) -> (sum: [Double], max: [Double], argmax: [Int]) {
    var sums = [Double](), maxima = [Double](), arguments = [Int]()
    for values in S.lanes(x, axis: axis) {
      var sum = 0.0
      for v in values { sum += v }
      sums.append(sum)
      if let best = values.max() {
        maxima.append(best)
        arguments.append(values.firstIndex(of: best)!)
      }
    }
    return (sums, maxima, arguments)
  }

  @Test("[FOUND-3] sum, mean, max and argmax along each axis agree with naive loops (sums bit for bit)")
  func alongEachAxis() throws {
    for trial in 0..<150 {
      let seed = UInt64(95_000 + trial)
      var rng = Xoshiro256StarStar(seed: seed)
      let shape = (0..<S.integer(&rng, 1...4)).map { _ in S.integer(&rng, 1...5) }
      let x = try Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in S.uniform(&rng, -10, 10) })
      for axis in 0..<shape.count {
        let want = Self.naive(x, axis: axis)
        var reducedShape = shape
        reducedShape.remove(at: axis)
        let sum = try x.sum(axis: axis)
        #expect(sum.shape == reducedShape && sum.scalars == want.sum, "seed \(seed), shape \(shape), axis \(axis)")
        var kept = shape
        kept[axis] = 1
        #expect(try x.sum(axis: axis, keepingDimension: true).shape == kept, "seed \(seed)")
        #expect(try x.mean(axis: axis).scalars == want.sum.map { $0 / Double(shape[axis]) }, "seed \(seed), axis \(axis)")
        #expect(try x.max(axis: axis).scalars == want.max, "seed \(seed), axis \(axis)")
        #expect(try x.argmax(axis: axis) == want.argmax, "seed \(seed), axis \(axis)")
      }
      #expect(x.sum() == x.scalars.reduce(0, +), "seed \(seed)")
    }
  }

  @Test("[FOUND-3] empty axes: sums are 0, mean and max are refused; a bad axis is refused")
  func emptyAndBadAxes() throws {
    let x = Tensor.zeros([2, 0, 3])
    #expect(try x.sum(axis: 1) == Tensor.zeros([2, 3]))
    #expect(try x.sum(axis: 0).shape == [0, 3])
    #expect(throws: TensorError.empty(operation: "mean", shape: [2, 0, 3])) { _ = try x.mean(axis: 1) }
    #expect(throws: TensorError.empty(operation: "max", shape: [2, 0, 3])) { _ = try x.max(axis: 1) }
    #expect(throws: TensorError.axisOutOfRange(operation: "sum", axis: 3, rank: 3)) { _ = try x.sum(axis: 3) }
    #expect(throws: TensorError.axisOutOfRange(operation: "max", axis: -1, rank: 3)) { _ = try x.argmax(axis: -1) }
  }

  @Test("[FOUND-4] argmax and max resolve ties to the lowest index")
  func ties() throws {
    let x = try Tensor(rows: [[1, 3, 3], [2, 2, 1]])
    #expect(try x.argmax(axis: 1) == [1, 0])
    #expect(try x.argmax(axis: 0) == [1, 0, 0])
    #expect(try Tensor([5, 5, 5, 5]).argmax(axis: 0) == [0])
    // Signed zeros compare equal: the first one is the maximum, its sign kept.
    let zeros = try Tensor([-0.0, 0.0]).maxWithIndex(axis: 0)
    #expect(zeros.indices == [0] && zeros.values.scalars[0].sign == .minus)
    // Random tensors of small integers have many ties.
    for trial in 0..<100 {
      let seed = UInt64(96_000 + trial)
      var rng = Xoshiro256StarStar(seed: seed)
      let shape = (0..<S.integer(&rng, 1...3)).map { _ in S.integer(&rng, 1...6) }
      let x = try Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in Double(S.integer(&rng, 0...2)) })
      for axis in 0..<shape.count {
        let (values, indices) = try x.maxWithIndex(axis: axis)
        let want = Self.naive(x, axis: axis)
        #expect(indices == want.argmax && values.scalars == want.max, "seed \(seed), shape \(shape), axis \(axis)")
      }
    }
  }
}
