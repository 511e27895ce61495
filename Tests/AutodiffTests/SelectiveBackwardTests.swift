import Testing
import Randomness
import Tensors
@testable import Autodiff

/// The backward sweep computes only the cotangents that can reach a target (FOUND-72).
@Suite("Selective backward")
struct SelectiveBackwardTests {
  @Test("[FOUND-72] a selective VJP is told exactly which inputs lead to a target; VJPs leading nowhere do not run")
  func neededMask() throws {
    let tape = Tape()
    let a = tape.variable(Tensor([1, 2]), name: "a"), b = tape.variable(Tensor([3, 4]), name: "b")
    let fromA = a * 3.0  // depends on the target
    var spyRan = false
    let fromB = tape.record(b.value, inputs: [b], operation: "spy") { g in spyRan = true; return [g] }
    var seen: [Bool] = []
    let y = tape.record(a.value, inputs: [a, b, fromB, fromA], operation: "probe") { g, needed in
      seen = needed
      return needed.map { $0 ? g : nil }
    }
    let grads = try tape.gradients(of: y, withRespectTo: [a], seed: Tensor([1, 1]))
    #expect(seen == [true, false, false, true])
    #expect(!spyRan, "the VJP of a node whose cotangent reaches no target must not run")
    #expect(grads[0] == Tensor([4, 4]))  // 1 directly + 3 through fromA
    // Asking for b too: now b and fromB are needed and the spy runs.
    _ = try tape.gradients(of: y, withRespectTo: [a, b], seed: Tensor([1, 1]))
    #expect(seen == [true, true, true, true] && spyRan)
  }

  @Test("[FOUND-72] [FOUND-71] a selective VJP that leaves out a needed cotangent is a typed error")
  func missingNeededCotangent() {
    let tape = Tape()
    let a = tape.variable(Tensor([1, 2])), b = tape.variable(Tensor([3, 4]))
    let y = tape.record(a.value, inputs: [a, b], operation: "lazy") { g, _ in [nil, g] }
    #expect(throws: TensorError.badVJP(operation: "lazy", reason: "returned no cotangent for needed input 0")) {
      _ = try tape.gradients(of: y, withRespectTo: [a], seed: Tensor([1, 1]))
    }
  }

  @Test("[FOUND-72] gradients with respect to any subset of the inputs are the same bits as with respect to all",
        arguments: [UInt64(11), 12, 13])
  func subsetsAreBitIdentical(seed: UInt64) throws {
    var r = TestInputs(seed: seed)
    let x = r.uniform([2, 2, 5, 5]), kernel = r.uniform([3, 2, 3, 3]), bias = r.uniform([3])
    let cases = r.uniform([4, 12]), weights = r.uniform([4, 12], 0.5, 2), classes = r.uniform([4, 3])
    let projection = r.uniform([75, 12])  // a constant: never a target
    let inputs = [x, kernel, bias, cases, weights, classes]
    // conv2d -> flatten -> weighted distances to the cases -> product with a class matrix.
    func run(_ targets: [Int]) throws -> [Tensor] {
      let tape = Tape()
      let v = inputs.map { tape.variable($0) }
      let y = try v[0].conv2d(weight: v[1], bias: v[2], padding: .explicit(top: 1, bottom: 1, left: 1, right: 1))
        .reshaped([2, 75]).matmul(tape.variable(projection))
        .weightedDistances(to: v[3], weights: v[4], .squared).matmul(v[5]).sum()
      return try tape.gradients(of: y, withRespectTo: targets.map { v[$0] })
    }
    let all = try run(Array(inputs.indices))
    for target in inputs.indices {
      let alone = try run([target])
      #expect(alone[0].scalars.map(\.bitPattern) == all[target].scalars.map(\.bitPattern), "seed \(seed) input \(target)")
    }
  }

  @Test("[FOUND-72] the convolution's backward without dx gives dw and db bit for bit, and no dx")
  func convolutionWithoutInputCotangent() throws {
    var r = TestInputs(seed: 21)
    let x = r.uniform([3, 4, 7, 6]), w = r.uniform([6, 2, 3, 3])
    let s = try Convolution2DShape(input: x.shape, weight: w.shape, stride: (2, 1), dilation: (1, 1), padding: .valid,
                                   groups: 2)
    let g = r.uniform(s.outputShape)
    let full = Convolution2D.backward(g.scalars, x.scalars, w.scalars, s)
    let part = Convolution2D.backward(g.scalars, x.scalars, w.scalars, s, inputCotangent: false)
    #expect(part.dx.isEmpty)
    #expect(part.dw.map(\.bitPattern) == full.dw.map(\.bitPattern) && part.db.map(\.bitPattern) == full.db.map(\.bitPattern))
  }
}
