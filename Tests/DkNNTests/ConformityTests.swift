import Neighbors
import Randomness
import Testing
@testable import DkNN

/// Wallace et al.'s conformity (DKNN-10 ... DKNN-12).
@Suite("DkNN: conformity, pooling, majority tie rule")
struct ConformityTests {
  @Test("[DKNN-11] worked example: pool labels (1, 0, 0, 1, 2): the tie between 0 and 1 goes to 1, met first")
  func workedExample() {
    let vote = ConformityVote(pooledLabels: [1, 0, 0, 1, 2], classes: 3)
    #expect(vote.counts == [2, 2, 1] && vote.label == 1)
    #expect(vote.credibility == 0.4 && vote.confidence == 0.6)
    #expect(vote.conformity(2) == 0.2)
    let single = ConformityVote(pooledLabels: [2, 2], classes: 3)
    #expect(single.label == 2 && single.confidence == 1)
  }

  @Test(
    """
      [DKNN-10] conformity equals a brute-force count of the pooled labels; the tie rule picks the first tied label met (random \
      cases)
      """
  )
  func bruteForce() {
    var g = Xoshiro256StarStar(seed: 31)
    for seed in 0..<300 {
      let (layers, k, classes) = (1 + Int(g.next() % 3), 1 + Int(g.next() % 6), 2 + Int(g.next() % 3))
      let labels = (0..<20).map { _ in Int(g.next() % UInt64(classes)) }
      let lists = (0..<layers).map { _ in [(0..<k).map { r in Neighbor(index: Int(g.next() % 20), distance: Double(r)) }] }
      let neighbors = LayerNeighbors(layers: (0..<layers).map { "l\($0)" }, k: k, lists: lists)
      for pooling in NeighborPooling.allCases {
        let pool = (pooling == .allLayers ? lists : [lists.last!]).flatMap { $0[0].map { labels[$0.index] } }
        let vote = ConformityVote(neighbors, query: 0, labels: labels, classes: classes, pooling: pooling)
        for y in 0..<classes {
          #expect(vote.conformity(y) == Double(pool.filter { $0 == y }.count) / Double(pool.count), "seed \(seed)")
        }
        let best = (0..<classes).map { c in pool.filter { $0 == c }.count }.max()!
        let firstTied = pool.first { c in pool.filter { $0 == c }.count == best }!
        #expect(vote.label == firstTied, "seed \(seed)")
      }
    }
  }

  @Test("[DKNN-10] pooled and last-layer votes agree when every layer has the same labels and differ when layers disagree")
  func poolingVariants() {
    let labels = [0, 0, 1, 1]
    let n = { (lists: [[Int]]) in
      LayerNeighbors(
        layers: lists.indices.map { "l\($0)" }, k: 2, lists: lists.map { [$0.map { Neighbor(index: $0, distance: 0) }] })
    }
    let same = n([[0, 2], [1, 3]])  // both layers: labels (0, 1)
    #expect(ConformityVote(same, query: 0, labels: labels, classes: 2, pooling: .allLayers).conformity(0) == 0.5)
    #expect(ConformityVote(same, query: 0, labels: labels, classes: 2, pooling: .lastLayer).conformity(0) == 0.5)
    let differ = n([[0, 1], [0, 1], [2, 3]])  // labels (0, 0), (0, 0), (1, 1)
    let pooled = ConformityVote(differ, query: 0, labels: labels, classes: 2, pooling: .allLayers)
    let last = ConformityVote(differ, query: 0, labels: labels, classes: 2, pooling: .lastLayer)
    #expect(pooled.label == 0 && pooled.conformity(0) == 4.0 / 6)
    #expect(last.label == 1 && last.conformity(0) == 0)
  }

  @Test("[DKNN-12] calibrated conformity: the share of calibration conformities at or above the value")
  func calibrated() throws {
    let calibration = try ConformityCalibration(scores: [0.2, 0.5, 0.5, 1])
    #expect([0, 0.2, 0.5, 0.7, 1, 1.1].map(calibration.calibrated) == [1, 1, 0.75, 0.25, 0.25, 0])
    #expect(throws: DkNNError.self) { try ConformityCalibration(scores: []) }
    let neighbors = LayerNeighbors(
      layers: ["a"], k: 2, lists: [[[Neighbor(index: 0, distance: 0), Neighbor(index: 2, distance: 1)]]])
    let fitted = try ConformityCalibration(
      neighbors: neighbors, calibrationLabels: [1], trainingLabels: [0, 0, 1], classes: 2, pooling: .lastLayer)
    #expect(fitted.scores == [0.5])
  }
}
