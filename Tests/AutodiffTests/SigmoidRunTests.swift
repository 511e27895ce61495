import Testing
import Foundation
import Randomness
import Tensors
@testable import Autodiff

/// The run form of the stable sigmoid (exps first, quotients four at a time) and the tape's
/// chunked sigmoid against the scalar rule, bit for bit (FOUND-25).
@Suite("Sigmoid on runs")
struct SigmoidRunTests {
  /// Each side of every branch and threshold, signed zeros, infinities and NaN.
  static let edges: [Double] = [0, -0.0, 1e-300, -1e-300, 0.5, -0.5, 36.9, 37, 37.5, -37.5, 708, -708, 709.8, -745.1,
                                -745.2, -746, -746.0000001, -1000, 746, 1000, .infinity, -.infinity, .nan,
                                .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .greatestFiniteMagnitude,
                                -.greatestFiniteMagnitude]

  @Test("[FOUND-25] sigmoid on a run equals the scalar rule bit for bit (edges, every run length 0 to 9, random runs)",
        arguments: [UInt64(1), 2, 3])
  func runEqualsScalar(seed: UInt64) {
    var r = TestInputs(seed: seed)
    var values = Self.edges + r.uniform([997], -800, 800).scalars + r.uniform([64], -40, 40).scalars
    values.shuffle(using: &r.generator)
    for length in Array(0...9) + [values.count] {
      let x = Array(values.prefix(length))
      var y = [Double](repeating: 7, count: length)
      x.withUnsafeBufferPointer { xs in y.withUnsafeMutableBufferPointer { Activation.sigmoid(xs, into: $0) } }
      #expect(y.map(\.bitPattern) == x.map { Activation.sigmoid($0).bitPattern }, "seed \(seed) length \(length)")
    }
  }

  @Test("[FOUND-25] [FOUND-31] the tape's sigmoid is the scalar rule on every element, for 1, 2 and 3 threads")
  func tapeEqualsScalar() {
    var r = TestInputs(seed: 4)
    let x = r.uniform([4, Tensor.elementwiseChunk + 5], -50, 50)  // over four chunks: split over threads
    for threads in [1, 2, 3] {
      let y = Parallelism.withThreads(threads) { Tape().variable(x).sigmoid().value }
      #expect(y.scalars.map(\.bitPattern) == x.scalars.map { Activation.sigmoid($0).bitPattern }, "threads \(threads)")
    }
  }
}
