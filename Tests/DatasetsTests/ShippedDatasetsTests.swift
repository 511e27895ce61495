import Foundation
import Testing
@testable import Datasets

@Suite("Shipped data sets, fixture checksums, Balance Scale")
struct ShippedDatasetsTests {
  @Test("[DATA-14] Iris, Wine, Breast Cancer and Digits load with scikit-learn's shapes, classes and counts")
  func tables() throws {
    let iris = try Dataset.iris()
    #expect(iris.features.shape == [150, 4] && iris.classNames == ["setosa", "versicolor", "virginica"]
        && iris.classCounts == [50, 50, 50])
    #expect(iris.features.row(0) == [5.1, 3.5, 1.4, 0.2] && iris.featureNames?.first == "sepal length (cm)")
    let wine = try Dataset.wine()
    #expect(wine.features.shape == [178, 13] && wine.classCounts == [59, 71, 48] && wine.features.row(0).last == 1065)
    let cancer = try Dataset.breastCancer()
    #expect(cancer.features.shape == [569, 30] && cancer.classNames == ["malignant", "benign"]
        && cancer.classCounts == [212, 357])
    #expect(cancer.featureNames?[7] == "mean concave points" && cancer.featureNames?[29] == "worst fractal dimension")
    let digits = try Dataset.digits()
    #expect(digits.features.shape == [1797, 64] && digits.sampleShape == [8, 8] && digits.classCount == 10)
    #expect(digits.classCounts == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180])
    #expect(digits.features.scalars.allSatisfy { $0 >= 0 && $0 <= 16 } && digits.labels.prefix(3) == [0, 1, 2])
  }

  @Test("[DATA-14] the MNIST slice: 5,000 training and 1,000 test images, 28 x 28, first labels as in MNIST")
  func mnistSlice() throws {
    let test = try Dataset.mnist(train: false)
    #expect(test.features.shape == [1000, 784] && test.sampleShape == [28, 28] && test.name == "MNIST test")
    #expect(test.labels.prefix(10) == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9])
    #expect(test.features.scalars.allSatisfy { $0 >= 0 && $0 <= 255 })
    let train = try Dataset.mnist(train: true, limit: 10)
    #expect(train.count == 10 && train.labels == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4])
    let full = try Dataset.mnist(train: true)
    #expect(full.count == 5000)
  }

  @Test("[DATA-12] every shipped fixture matches its SHA-256 in Fixtures/README.md, and every fixture has a row")
  func fixtureChecksums() throws {
    let readme = try String(contentsOf: TestSupport.fixtures.appendingPathComponent("README.md"), encoding: .utf8)
    var listed: [String: String] = [:]
    for line in readme.split(separator: "\n") where line.hasPrefix("| `") {
      let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
      guard let digest = cells.last, digest.count == 64, digest.allSatisfy(\.isHexDigit) else { continue }
      listed[cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))] = digest
    }
    #expect(listed.count >= 18)
    for (path, digest) in listed.sorted(by: { $0.key < $1.key }) {
      let bytes = try DataFile.read(TestSupport.fixtures.appendingPathComponent(path))
      #expect(SHA256.hexDigest(bytes) == digest, "\(path)")
    }
    for directory in ["uci", "mnist", "golden/gzip", "abs-node", "svhn"] {
      let files = try FileManager.default.contentsOfDirectory(atPath: TestSupport.fixtures.appendingPathComponent(directory).path)
      for file in files where !file.hasSuffix(".py") && !file.hasSuffix(".txt") {
        #expect(listed["\(directory)/\(file)"] != nil, "Fixtures/\(directory)/\(file) has no checksum row in Fixtures/README.md")
      }
    }
  }

  @Test("[DATA-13] Balance Scale: 625 rows in UCI order, classes [B, L, R] with 49/288/288, labels from the torque rule")
  func balanceScale() throws {
    let balance = Dataset.balanceScale()
    #expect(balance.features.shape == [625, 4] && balance.classNames == ["B", "L", "R"])
    #expect(balance.classCounts == [49, 288, 288])
    // The first rows of the UCI file: B,1,1,1,1  R,1,1,1,2  R,1,1,1,3 ... and the last: B,5,5,5,5.
    #expect(balance.features.row(0) == [1, 1, 1, 1] && balance.labels[0] == 0)
    #expect(balance.features.row(1) == [1, 1, 1, 2] && balance.labels[1] == 2)
    #expect(balance.features.row(5) == [1, 1, 2, 1] && balance.labels[5] == 2)
    #expect(balance.features.row(125) == [2, 1, 1, 1] && balance.labels[125] == 1)
    #expect(balance.features.row(624) == [5, 5, 5, 5] && balance.labels[624] == 0)
    for row in 0..<625 {
      let x = balance.features.row(row).map { Int($0) }
      #expect(row == 125 * (x[0] - 1) + 25 * (x[1] - 1) + 5 * (x[2] - 1) + (x[3] - 1))
      let (left, right) = (x[0] * x[1], x[2] * x[3])
      #expect(balance.classNames[balance.labels[row]] == (left > right ? "L" : left < right ? "R" : "B"))
    }
  }
}
