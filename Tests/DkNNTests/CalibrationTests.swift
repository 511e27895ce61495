import Neighbors
import Randomness
import Testing
@testable import DkNN

/// Papernot & McDaniel's calibrated DkNN against hand-worked examples (DKNN-4 ... DKNN-7).
@Suite("DkNN: nonconformity, calibration, p-values, prediction")
struct CalibrationTests {
  /// Neighbour lists whose training indices are the labels themselves (training label t = t).
  static func neighbors(_ perLayer: [[[Int]]]) -> LayerNeighbors {
    LayerNeighbors(layers: perLayer.indices.map { "l\($0)" }, k: perLayer[0][0].count,
      lists: perLayer.map { layer in
        layer.map { query in query.enumerated().map { Neighbor(index: $0.element, distance: Double($0.offset)) } }
      })
  }
  static let identityLabels = Array(0..<10)

  @Test("[DKNN-4] alpha(x, j) = k L minus the neighbours labelled j over all layers")
  func nonconformity() {
    // Two layers, k = 4: layer 0 labels (0, 0, 1, 2), layer 1 labels (1, 1, 1, 0).
    let n = Self.neighbors([[[0, 0, 1, 2]], [[1, 1, 1, 0]]])
    let counts = NeighborLabelCounts(n, query: 0, labels: Self.identityLabels, classes: 3)
    #expect(counts.counts == [[2, 1, 1], [1, 3, 0]])
    #expect(counts.nonconformities == [8 - 3, 8 - 4, 8 - 1])
  }

  @Test("[DKNN-6] p-values by hand, ties counted (>=), untrimmed and trimmed (DKNN-5)")
  func pValues() throws {
    let kept = try DkNNCalibration(scores: [5, 2, 0, 2])
    #expect(kept.scores == [0, 2, 2, 5])
    #expect([0, 1, 2, 3, 5, 6].map(kept.pValue) == [1, 0.75, 0.75, 0.25, 0.25, 0])
    let trimmed = try DkNNCalibration(scores: [5, 2, 0, 2], trimming: .trimZeros)
    #expect(trimmed.scores == [2, 2, 5])
    #expect([0, 2, 3, 6].map(trimmed.pValue) == [1, 1, 1.0 / 3, 0])
  }

  @Test("[DKNN-5] an empty calibration, or one that trimming empties, is an error; keeping zeros is fine")
  func emptyCalibration() throws {
    #expect(throws: DkNNError.self) { try DkNNCalibration(scores: []) }
    #expect(throws: DkNNError.self) { try DkNNCalibration(scores: [0, 0, 0], trimming: .trimZeros) }
    #expect(throws: DkNNError.self) { try DkNNCalibration(scores: [-1, 2]) }
    let zeros = try DkNNCalibration(scores: [0, 0, 0])
    #expect(zeros.pValue(0) == 1 && zeros.pValue(1) == 0)
  }

  @Test("[DKNN-6] the binary search equals a direct count of scores >= alpha (random cases)")
  func pValueAgainstCount() throws {
    var g = Xoshiro256StarStar(seed: 20)
    for seed in 0..<200 {
      let scores = (0..<(1 + Int(g.next() % 30))).map { _ in Int(g.next() % 12) }
      for trimming in CalibrationTrimming.allCases {
        guard let calibration = try? DkNNCalibration(scores: scores, trimming: trimming) else {
          #expect(trimming == .trimZeros && scores.allSatisfy { $0 == 0 }, "seed \(seed)")
          continue
        }
        let kept = trimming == .trimZeros ? scores.filter { $0 != 0 } : scores
        for alpha in 0...13 {
          #expect(
            calibration.pValue(alpha) == Double(kept.filter { $0 >= alpha }.count) / Double(kept.count),
            "seed \(seed), alpha \(alpha)")
        }
      }
    }
  }

  @Test("[DKNN-7] prediction (ties to the lowest class), credibility, confidence by hand")
  func prediction() throws {
    let a = try CalibratedPrediction(pValues: [0.25, 0.75, 0.75])
    #expect(a.label == 1 && a.credibility == 0.75 && a.confidence == 0.25)
    let b = try CalibratedPrediction(pValues: [0, 0, 0])
    #expect(b.label == 0 && b.credibility == 0 && b.confidence == 1)
    let c = try CalibratedPrediction(pValues: [0.1, 1, 0.5])
    #expect(c.label == 1 && c.credibility == 1 && c.confidence == 0.5)
    #expect(throws: DkNNError.self) { try CalibratedPrediction(pValues: [1]) }
  }

  @Test("[DKNN-5] [DKNN-7] end to end: calibration scores from neighbours, then every query's p-values")
  func endToEnd() throws {
    // One layer, k = 3, classes 0...2. Calibration points: labels 0, 1, 2 with neighbour labels
    // (0, 0, 0) -> alpha 0; (1, 0, 1) -> alpha 1; (0, 1, 1) -> alpha 3 (no neighbour labelled 2).
    let calibration = try DkNNCalibration(neighbors: Self.neighbors([[[0, 0, 0], [1, 0, 1], [0, 1, 1]]]),
                                          calibrationLabels: [0, 1, 2], trainingLabels: Self.identityLabels, classes: 3)
    #expect(calibration.scores == [0, 1, 3])
    // A query with neighbour labels (1, 1, 2): alpha = (3, 1, 2), p = (1/3, 2/3, 1/3).
    let predictions = try CalibratedPrediction.predictions(Self.neighbors([[[1, 1, 2]]]), trainingLabels: Self.identityLabels,
                                                           classes: 3, calibration: calibration)
    let (third, twoThirds): (Double, Double) = (1.0 / 3, 2.0 / 3)
    #expect(predictions[0].pValues == [third, twoThirds, third])
    #expect(predictions[0].label == 1 && predictions[0].credibility == twoThirds && predictions[0].confidence == 1 - third)
    // Trimmed: A = {1, 3}: p = (1/2, 1, 1/2).
    let trimmed = try DkNNCalibration(neighbors: Self.neighbors([[[0, 0, 0], [1, 0, 1], [0, 1, 1]]]),
      calibrationLabels: [0, 1, 2], trainingLabels: Self.identityLabels, classes: 3, trimming: .trimZeros)
    let p = try CalibratedPrediction.predictions(Self.neighbors([[[1, 1, 2]]]), trainingLabels: Self.identityLabels, classes: 3,
                                                 calibration: trimmed)[0]
    #expect(p.pValues == [0.5, 1, 0.5] && p.confidence == 0.5)
    #expect(throws: DkNNError.self) {
      try DkNNCalibration(
        neighbors: Self.neighbors([[[0, 0, 0]]]), calibrationLabels: [3], trainingLabels: Self.identityLabels, classes: 3)
    }
  }
}
