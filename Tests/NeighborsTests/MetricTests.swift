import Foundation
import Testing
import Tensors
@testable import Neighbors

@Suite("Neighbors: metrics")
struct MetricTests {
  @Test("[NBR-1] metric values on hand-checked pairs")
  func values() throws {
    #expect(try Metric.euclidean.distance([0, 0], [3, 4]) == 5)
    #expect(try Metric.squaredEuclidean.distance([0, 0], [3, 4]) == 25)
    #expect(try Metric.manhattan.distance([1, -1], [4, 3]) == 7)
    #expect(try Metric.cosine.distance([1, 0], [0, 2]) == 1)
    #expect(try Metric.cosine.distance([1, 0], [-3, 0]) == 2)
    #expect(try Metric.cosine.distance([1, 1], [1, 0]) == 1 - 1 / 2.0.squareRoot())
    #expect(try Metric.cosine.distance([1, 2, 3], [2, 4, 6]) <= 2e-16)
  }

  @Test("[NBR-1] cosine conventions: d(x, x) = 0 exactly, d(0, 0) = 0, d(0, y) = 1; values in [0, 2]")
  func cosineConventions() throws {
    var points = Points(seed: 11)
    for _ in 0..<200 {
      let x = points.uniform(1, 5).row(0), y = points.uniform(1, 5).row(0)
      #expect(try Metric.cosine.distance(x, x) == 0)
      let c = try Metric.cosine.distance(x, y)
      #expect(c >= 0 && c <= 2)
      let textbook = 1 - Tensor.dot(x, y) / (Tensor.dot(x, x).squareRoot() * Tensor.dot(y, y).squareRoot())
      #expect(abs(c - textbook) <= 1e-15, "seed 11: \(c) vs \(textbook)")
    }
    #expect(try Metric.cosine.distance([0, 0, 0], [0, -0.0, 0]) == 0)
    #expect(try Metric.cosine.distance([0, 0, 0], [1, 2, 3]) == 1)
    #expect(try Metric.cosine.distance([1, 2, 3], [0, 0, 0]) == 1)
  }

  @Test("[NBR-2] weighted squared Euclidean: sum w_i (a_i - b_i)^2; zero weights ignore a feature")
  func weighted() throws {
    #expect(try Metric.weightedSquaredEuclidean([2, 0.5]).distance([1, 1], [0, 3]) == 4)
    #expect(try Metric.weightedSquaredEuclidean([1, 0]).distance([1, 5], [1, -7]) == 0)
    #expect(try Metric.weightedSquaredEuclidean([1, 1, 1]).distance([1, 2, 3], [0, 0, 0])
      == Metric.squaredEuclidean.distance([1, 2, 3], [0, 0, 0]))
  }
}
