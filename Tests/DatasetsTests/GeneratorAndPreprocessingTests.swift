import Foundation
import Testing
import Tensors
@testable import Datasets

@Suite("Zebra, Gaussian and preprocessing")
struct GeneratorAndPreprocessingTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  func golden(_ name: String) throws -> [String: Any] {
    let data = try Data(contentsOf: Self.root.appendingPathComponent("Fixtures/golden/\(name)"))
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
  }

  @Test("[DATA-17] Zebra (a) and (b) equal numpy's points coordinate by coordinate, bit for bit, with the documented labels")
  func zebra() throws {
    let json = try golden("zebra.json")
    for variant in Dataset.ZebraVariant.allCases {
      let entry = json[variant.rawValue] as! [String: Any]
      // Bit patterns: Foundation's JSON number parsing is not correctly rounded on Linux.
      let expected = (entry["xBits"] as! [String]).map { UInt64($0, radix: 16)! }
      let data = Dataset.zebra(variant)
      #expect(data.features.scalars.map(\.bitPattern) == expected, "Zebra (\(variant))")
      #expect(data.labels == entry["labels"] as! [Int])
    }
    #expect(Dataset.zebra(.a).classCounts == [60, 50] && Dataset.zebra(.b).classCounts == [120, 100])
    #expect(Dataset.zebra(.a).features.scalars[1] == 37.454011884736246)  // 100 * 0.3745401188473625
  }

  @Test("[DATA-18] the Gaussian sample equals numpy's mean + standard_normal @ L^T to the last bits")
  func gaussian() throws {
    let json = try golden("gaussian.json")
    let expected = (json["pointBits"] as! [String]).map { Double(bitPattern: UInt64($0, radix: 16)!) }
    let data = try Dataset.gaussian(count: 16, mean: [3, 2], covariance: try Tensor(rows: [[2, -1], [-1, 1]]), seed: 7)
    // Within two ulps: numpy's matrix product may fuse or reorder the two-term sums.
    for (a, b) in zip(data.features.scalars, expected) { #expect(abs(a - b) <= 2 * max(a.ulp, b.ulp), "\(a) vs \(b)") }
    #expect(throws: DatasetError.self) {
      _ = try Dataset.gaussian(count: 4, mean: [0, 0], covariance: try Tensor(rows: [[1, 2], [2, 1]]), seed: 1)
    }
  }

  @Test("[DATA-19] preprocessing fits on the training split, or on the whole data set for the authors' variant")
  func preprocessing() throws {
    let whole = try Tensor(rows: [[0, 10], [5, 20], [10, 30], [20, 40]])
    let train = try whole.rows(0..<3), test = try whole.rows(3..<4)
    let (a, b) = try Preprocessing.minMaxOnTraining.apply(train: train, test: test, whole: whole)
    #expect(a.scalars == [0, 0, 0.5, 0.5, 1, 1] && b.scalars == [2, 1.5])
    let (c, d) = try Preprocessing.minMaxOnWholeDataSet.apply(train: train, test: test, whole: whole)
    #expect(c.scalars == [0, 0, 0.25, 1.0 / 3, 0.5, 2.0 / 3] && d.scalars == [1, 1])
    let (e, _) = try Preprocessing.none.apply(train: train, test: test, whole: whole)
    #expect(e == train)
    let (s, _) = try Preprocessing.standardizeOnTraining.apply(train: train, test: test, whole: whole)
    #expect(abs(s.scalars[0] + 1.224744871391589) < 1e-15)
    #expect(throws: DatasetError.self) {
      _ = try Preprocessing.minMaxOnTraining.apply(train: train, test: Tensor.zeros([1, 3]), whole: whole)
    }
  }
}
