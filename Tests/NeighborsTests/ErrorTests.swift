import Foundation
import Testing
import Tensors
@testable import Neighbors

@Suite("Neighbors: typed errors")
struct ErrorTests {
  static let training = try! Tensor(rows: [[0, 0], [1, 0], [0, 1]])

  /// The error thrown by `body`, or nil.
  static func error<T>(_ body: () throws(NeighborsError) -> T) -> NeighborsError? {
    do { _ = try body(); return nil } catch { return error }
  }

  @Test("[NBR-18] bad k: 0, more than n, n when leaving one out")
  func badK() throws {
    let brute = try BruteForceSearch(training: Self.training)
    let tree = try KDTree(training: Self.training)
    for search in [brute, tree] as [any NeighborSearch] {
      #expect(Self.error { () throws(NeighborsError) in try search.query(Self.training, k: 0) } == .invalidK(k: 0, candidates: 3))
      #expect(Self.error { () throws(NeighborsError) in try search.query(Self.training, k: 4) } == .invalidK(k: 4, candidates: 3))
      #expect(Self.error { () throws(NeighborsError) in try search.leaveOneOut(k: 3) } == .invalidK(k: 3, candidates: 2))
      #expect(Self.error { () throws(NeighborsError) in try search.withinRadius(Self.training, radius: -1) } != nil)
      #expect(Self.error { () throws(NeighborsError) in try search.withinRadius(Self.training, radius: .nan) } != nil)
    }
    #expect(Self.error { () throws(NeighborsError) in
      try KNNClassifier(training: Self.training, labels: [0, 1, 0], classCount: 2, k: 0) } == .invalidK(k: 0, candidates: 3))
  }

  @Test("[NBR-18] dimension mismatch, empty training set, non-matrix input")
  func shapes() throws {
    let brute = try BruteForceSearch(training: Self.training)
    #expect(Self.error { () throws(NeighborsError) in try brute.query(Tensor.zeros([2, 3]), k: 1) }
      == .dimensionMismatch(argument: "queries", expected: 2, got: 3))
    #expect(Self.error { () throws(NeighborsError) in try KDTree(training: Self.training).query(Tensor.zeros([1, 1]), k: 1) }
      == .dimensionMismatch(argument: "queries", expected: 2, got: 1))
    #expect(Self.error { () throws(NeighborsError) in try BruteForceSearch(training: Tensor.zeros([0, 2])) } == .emptyTrainingSet)
    #expect(Self.error { () throws(NeighborsError) in try KDTree(training: Tensor.zeros([0, 2])) } == .emptyTrainingSet)
    #expect(
      Self.error { () throws(NeighborsError) in try BruteForceSearch(training: Tensor([1, 2])) }
        == .rank(argument: "training", shape: [2]))
    #expect(Self.error { () throws(NeighborsError) in
      try BruteForceSearch(training: Self.training, metric: .weightedSquaredEuclidean([1])) }
      == .dimensionMismatch(argument: "metric weights", expected: 2, got: 1))
    #expect(Self.error { () throws(NeighborsError) in
      try BruteForceSearch(training: Self.training, metric: .weightedSquaredEuclidean([1, -1])) } != nil)
    #expect(Self.error { () throws(NeighborsError) in
      try PairwiseDistances.fast(Self.training, Tensor.zeros([1, 5]), metric: .cosine)
    }
      == .dimensionMismatch(argument: "y", expected: 2, got: 5))
    #expect(Self.error { () throws(NeighborsError) in try Metric.euclidean.distance([1, 2], [1]) } != nil)
  }

  @Test("[NBR-18] NaN or infinity in training points, queries or targets; overflowing norms")
  func nonFinite() throws {
    var bad = Self.training
    bad[1, 1] = .nan
    #expect(Self.error { () throws(NeighborsError) in try BruteForceSearch(training: bad) } != nil)
    if case .nonFinite(argument: "training", row: 1, column: 1, value: let v)? = Self.error({ () throws(NeighborsError) in
      try KDTree(training: bad) }) { #expect(v.isNaN) } else { Issue.record("NaN not reported with its place") }
    bad[1, 1] = .infinity
    #expect(Self.error { () throws(NeighborsError) in try BruteForceSearch(training: Self.training).query(bad, k: 1) }
      == .nonFinite(argument: "queries", row: 1, column: 1, value: .infinity))
    #expect(Self.error { () throws(NeighborsError) in
      try PairwiseDistances.naive(bad, Self.training, metric: .euclidean)
    } != nil)
    #expect(Self.error { () throws(NeighborsError) in
      try KNNRegressor(training: Self.training, targets: [1, .nan, 2], k: 1) } != nil)
    let huge = try Tensor(rows: [[1e300, 0], [0, 0]])
    #expect(
      Self.error { () throws(NeighborsError) in try BruteForceSearch(training: huge) }
        == .normOverflow(argument: "training", row: 0))
  }

  @Test("[NBR-18] unknown labels, wrong label count, unsupported metric, too-small classes")
  func labelsAndMetrics() throws {
    #expect(Self.error { () throws(NeighborsError) in
      try KNNClassifier(training: Self.training, labels: [0, 2, 1], classCount: 2, k: 1) }
      == .labelOutOfRange(index: 1, label: 2, classes: 2))
    #expect(Self.error { () throws(NeighborsError) in
      try KNNClassifier(training: Self.training, labels: [0, -1, 1], classCount: 2, k: 1) }
      == .labelOutOfRange(index: 1, label: -1, classes: 2))
    #expect(Self.error { () throws(NeighborsError) in
      try KNNClassifier(training: Self.training, labels: [0, 1], classCount: 2, k: 1) } == .labelCount(expected: 3, got: 2))
    #expect(Self.error { () throws(NeighborsError) in try KDTree(training: Self.training, metric: .cosine) }
      == .unsupportedMetric(operation: "KDTree", metric: "cosine"))
    #expect(Self.error { () throws(NeighborsError) in try NCA.fit(points: Self.training,
                                                                  labels: [0, 1]) } == .labelCount(expected: 3, got: 2))
    #expect(Self.error { () throws(NeighborsError) in try LMNN.fit(points: Self.training, labels: [0, 1, 1]) }
      == .classTooSmall(label: 0, members: 1, needed: 4))
  }
}
