import Evaluation
import Foundation
import Neighbors
import Tensors
import Testing
@testable import DkNN

/// The DkNN against a numpy + scikit-learn transcription of the two reference codes
/// (Fixtures/golden/make_dknn.py, dknn.json): exact neighbours, nonconformity, calibration with
/// and without the reference's trimming, p-values, predictions, credibility, confidence, and
/// Wallace et al.'s pooled and last-layer votes.
@Suite("DkNN: against the reference codes' arithmetic (numpy, scikit-learn)")
struct ReferenceGoldenTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  static func golden() throws -> JSONValue {
    try JSONValue(parsing: String(contentsOf: root.appendingPathComponent("Fixtures/golden/dknn.json"), encoding: .utf8))
  }

  static func numbers(_ v: JSONValue?) -> [Double] { v?.array?.compactMap(\.number) ?? [] }
  static func integers(_ v: JSONValue?) -> [Int] { numbers(v).map { Int($0) } }
  static func rows(_ v: JSONValue?) -> [[Double]] { v?.array?.map { numbers($0) } ?? [] }

  /// Per-layer matrices [[rows]] as representations.
  static func layers(_ v: JSONValue?) throws -> LayerRepresentations {
    let matrices = try (v?.array ?? []).map { layer in
      let r = rows(layer)
      return try Tensor(shape: [r.count, r.first?.count ?? 0], scalars: r.flatMap { $0 })
    }
    return try LayerRepresentations(layers: matrices.indices.map { "layer\($0)" }, matrices: matrices)
  }

  @Test(
    """
      [DKNN-2] [DKNN-3] [DKNN-4] [DKNN-5] [DKNN-6] [DKNN-7] Papernot's calibrated DkNN equals the reference's arithmetic, both \
      spaces and both calibrations
      """
  )
  func papernot() throws {
    let g = try Self.golden()
    let (k, classes) = (Int(g["k"]?.number ?? 0), Int(g["classes"]?.number ?? 0))
    let labels = Self.integers(g["trainingLabels"]), calibrationLabels = Self.integers(g["calibrationLabels"])
    let training = try Self.layers(g["training"]), calibrationPoints = try Self.layers(g["calibration"]),
      queries = try Self.layers(g["queries"])
    #expect(k == 10 && classes == 3 && training.count == 80 && queries.count == 20)
    for space in RepresentationSpace.allCases {
      let expected = try #require(g["spaces"]?[space.rawValue], "\(space)")
      let index = try DkNNIndex(training: training, labels: labels, classes: classes, k: k, space: space)
      let neighbors = try index.neighbors(queries)
      for l in 0..<training.layers.count {
        let indices = Self.rows(expected["neighbors"]?.array?[l]), distances = Self.rows(expected["distances"]?.array?[l])
        for q in 0..<queries.count {
          #expect(neighbors.lists[l][q].map(\.index) == indices[q].map { Int($0) }, "\(space) layer \(l) query \(q)")
          for (found, reference) in zip(neighbors.lists[l][q].map(\.distance), distances[q]) {
            #expect(
              abs(found - reference) <= 1e-12 * Swift.max(1, reference),
              "\(space) layer \(l) query \(q): \(found) vs \(reference)")
          }
        }
      }
      let alphas = (0..<queries.count).map {
        NeighborLabelCounts(neighbors, query: $0, labels: labels, classes: classes).nonconformities
      }
      #expect(alphas == Self.rows(expected["nonconformity"]).map { $0.map { Int($0) } }, "\(space)")
      for trimming in CalibrationTrimming.allCases {
        let reference = try #require(expected[trimming.rawValue])
        let calibration = try DkNNCalibration(
          neighbors: try index.neighbors(calibrationPoints), calibrationLabels: calibrationLabels,
          trainingLabels: labels, classes: classes, trimming: trimming)
        #expect(calibration.scores == Self.integers(reference["scores"]), "\(space) \(trimming)")
        let predictions = try CalibratedPrediction.predictions(
          neighbors, trainingLabels: labels, classes: classes, calibration: calibration)
        #expect(predictions.map(\.pValues) == Self.rows(reference["pValues"]), "\(space) \(trimming)")
        #expect(predictions.map(\.label) == Self.integers(reference["prediction"]), "\(space) \(trimming)")
        #expect(predictions.map(\.credibility) == Self.numbers(reference["credibility"]), "\(space) \(trimming)")
        #expect(predictions.map(\.confidence) == Self.numbers(reference["confidence"]), "\(space) \(trimming)")
      }
    }
    // The fixture exercises what it should: zero scores that trimming drops.
    let raw = try #require(g["spaces"]?["raw"])
    #expect(Self.integers(raw["keepZeros"]?["scores"]).count > Self.integers(raw["trimZeros"]?["scores"]).count)
  }

  @Test(
    """
      [DKNN-10] [DKNN-11] Wallace et al.'s conformity votes equal collections.Counter's over the pooled and the last layer's \
      neighbours
      """
  )
  func wallace() throws {
    let g = try Self.golden()
    let labels = Self.integers(g["trainingLabels"])
    let index = try DkNNIndex(training: try Self.layers(g["training"]), labels: labels, classes: 3, k: 10, space: .raw)
    let neighbors = try index.neighbors(try Self.layers(g["queries"]))
    var predictions: [NeighborPooling: [Int]] = [:]
    for pooling in NeighborPooling.allCases {
      let reference = try #require(g["spaces"]?["raw"]?[pooling.rawValue])
      let votes = (0..<neighbors.queryCount).map {
        ConformityVote(neighbors, query: $0, labels: labels, classes: 3, pooling: pooling)
      }
      #expect(votes.map { v in (0..<3).map(v.conformity) } == Self.rows(reference["conformity"]), "\(pooling)")
      #expect(votes.map(\.label) == Self.integers(reference["prediction"]), "\(pooling)")
      #expect(votes.map(\.credibility) == Self.numbers(reference["credibility"]), "\(pooling)")
      #expect(votes.map(\.confidence) == Self.numbers(reference["confidence"]), "\(pooling)")
      predictions[pooling] = votes.map(\.label)
    }
    #expect(predictions[.allLayers] != predictions[.lastLayer])
  }
}
