import Testing
import Tensors
@testable import Datasets

@Suite("Dataset value and validation")
struct DatasetTests {
  let features = try! Tensor(shape: [3, 2], scalars: [1, 2, 3, 4, 5, 6])

  @Test("[DATA-1] a valid data set keeps its parts; counts, class counts and prefix")
  func valid() throws {
    let data = try Dataset(name: "t", features: features, labels: [0, 1, 1], classNames: ["a", "b"], featureNames: ["x", "y"])
    #expect(data.count == 3 && data.featureCount == 2 && data.classCount == 2)
    #expect(data.classCounts == [1, 2])
    #expect(data.sampleShape == [2])
    let head = try data.prefix(2)
    #expect(head.features.scalars == [1, 2, 3, 4] && head.labels == [0, 1] && head.featureNames == ["x", "y"])
    #expect(try data.prefix(nil) == data && (try data.prefix(10)) == data)
    #expect(throws: DatasetError.invalidArgument(operation: "Dataset.prefix", reason: "negative limit -1")) {
      try data.prefix(-1)
    }
  }

  @Test("""
    [DATA-1] [DATA-2] each validation error: rank, label count, classes, feature names, sample \
    shape, label range, non-finite
    """)
  func errors() throws {
    #expect(throws: DatasetError.shape(dataset: "t", reason: "features must have shape [n, d], got [6]")) {
      try Dataset(name: "t", features: Tensor([1, 2, 3, 4, 5, 6]), labels: [0], classNames: ["a"])
    }
    #expect(throws: DatasetError.shape(dataset: "t", reason: "3 feature rows but 2 labels")) {
      try Dataset(name: "t", features: features, labels: [0, 0], classNames: ["a"])
    }
    #expect(throws: DatasetError.shape(dataset: "t", reason: "no class names")) {
      try Dataset(name: "t", features: features, labels: [0, 0, 0], classNames: [])
    }
    #expect(throws: DatasetError.shape(dataset: "t", reason: "2 feature columns but 1 feature names")) {
      try Dataset(name: "t", features: features, labels: [0, 0, 0], classNames: ["a"], featureNames: ["x"])
    }
    #expect(throws: DatasetError.shape(dataset: "t", reason: "sample shape [3] does not hold 2 features")) {
      try Dataset(name: "t", features: features, labels: [0, 0, 0], classNames: ["a"], sampleShape: [3])
    }
    #expect(throws: DatasetError.labelOutOfRange(dataset: "t", row: 2, label: 2, classCount: 2)) {
      try Dataset(name: "t", features: features, labels: [0, 1, 2], classNames: ["a", "b"])
    }
    #expect(throws: DatasetError.labelOutOfRange(dataset: "t", row: 0, label: -1, classCount: 2)) {
      try Dataset(name: "t", features: features, labels: [-1, 1, 1], classNames: ["a", "b"])
    }
    var bad = features
    bad[flat: 3] = .nan
    do { _ = try Dataset(name: "t", features: bad, labels: [0, 0, 0], classNames: ["a"]); Issue.record("no error") } catch {
      guard case .nonFiniteFeature("t", 1, 1, let value) = error, value.isNaN else { Issue.record("\(error)"); return }
    }
    bad[flat: 3] = -.infinity
    #expect(throws: DatasetError.nonFiniteFeature(dataset: "t", row: 1, column: 1, value: -.infinity)) {
      try Dataset(name: "t", features: bad, labels: [0, 0, 0], classNames: ["a"])
    }
  }

  @Test("[DATA-2] error descriptions name the file and the position")
  func descriptions() {
    #expect(DatasetError.parse(file: "a.csv", line: 3, column: 2, reason: "x").description == "a.csv:3:2: x")
    #expect(DatasetError.truncated(source: "b.gz", offset: 17).description == "b.gz: truncated at byte 17")
    #expect(DatasetError.checksumMismatch(source: "c", offset: 9, expected: 0xAB, computed: 1).description
      == "c: byte 9: checksum mismatch (stored 0x000000ab, computed 0x00000001)")
    #expect(DatasetError.fileNotFound(names: ["f"],
                                      searched: ["/a/f",
                                                 "/b/f"]).description == "none of [\"f\"] found; looked at:\n  /a/f\n  /b/f")
  }
}
