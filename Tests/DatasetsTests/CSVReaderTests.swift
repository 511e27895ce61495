import Foundation
import Testing
@testable import Datasets

@Suite("CSV readers")
struct CSVReaderTests {
  func sk(_ text: String) throws(DatasetError) -> Dataset {
    try CSVReader.readScikitLearn(Array(text.utf8), source: "t.csv", name: "t")
  }

  @Test("[DATA-7] scikit-learn layout: header, rows, CRLF, spaces, trailing blank lines")
  func scikitLearnLayout() throws {
    let data = try sk("3,2,no,yes\r\n1.5, 2,0\r\n-3e2,4,1\n0x1p1,0.25,1\n\n\n")
    #expect(data.features.shape == [3, 2])
    #expect(data.features.scalars == [1.5, 2, -300, 4, 2, 0.25])
    #expect(data.labels == [0, 1, 1])
    #expect(data.classNames == ["no", "yes"])
  }

  @Test("[DATA-2] [DATA-7] scikit-learn layout errors name file, line and field")
  func scikitLearnErrors() {
    #expect(
      throws: DatasetError.parse(
        file: "t.csv", line: 1, column: 1, reason: "empty file (expected a header n_samples, n_features, class names)")
    ) { try sk("") }
    #expect(throws: DatasetError.ragged(file: "t.csv", line: 1, expected: 3, got: 2)) { try sk("1,2\n") }
    #expect(throws: DatasetError.parse(file: "t.csv", line: 1, column: 2, reason: "count \"x\" is not a non-negative integer")) {
      try sk("1,x,a\n")
    }
    #expect(throws: DatasetError.parse(file: "t.csv", line: 3, column: 1,
                                       reason: "the header promises 2 samples, the file has 1 rows")) { try sk("2,1,a\n1,0\n") }
    #expect(throws: DatasetError.ragged(file: "t.csv", line: 3, expected: 3, got: 2)) { try sk("2,2,a\n1,2,0\n1,0\n") }
    #expect(throws: DatasetError.parse(file: "t.csv", line: 2, column: 1, reason: "blank line before the end of the file")) {
      try sk("2,1,a\n\n1,0\n")
    }
    #expect(throws: DatasetError.parse(file: "t.csv", line: 2, column: 2, reason: "\"abc\" is not a number")) {
      try sk("1,2,a\n1,abc,0\n")
    }
    #expect(throws: DatasetError.parse(file: "t.csv", line: 2, column: 1, reason: "\"nan\" is not finite")) {
      try sk("1,1,a\nnan,0\n")
    }
    #expect(throws: DatasetError.parse(file: "t.csv", line: 2, column: 1, reason: "\"\"1\"\" is not a number")) {
      try sk("1,1,a\n\"1\",0\n")
    }
    #expect(throws: DatasetError.unknownLabel(file: "t.csv", line: 2, label: "2", known: ["a", "b"])) { try sk("1,1,a,b\n1,2\n") }
    #expect(throws: DatasetError.unknownLabel(file: "t.csv", line: 2, label: "a", known: ["a", "b"])) { try sk("1,1,a,b\n1,a\n") }
    #expect(throws: DatasetError.format(file: "t.csv", offset: 4, reason: "invalid UTF-8")) {
      try CSVReader.readScikitLearn([0x31, 0x2C, 0x31, 0x2C, 0xFF], source: "t.csv", name: "t")
    }
  }

  @Test("[DATA-7] plain numeric layout: header names, label column anywhere, class names by name or index")
  func numericLayout() throws {
    let text = "a,label,b\n1,2,3\n4,0,6\n"
    let data = try CSVReader.readNumeric(Array(text.utf8), source: "p.csv", name: "p",
                                         options: .init(hasHeader: true, labelColumn: 1))
    #expect(data.features.scalars == [1, 3, 4, 6])
    #expect(data.featureNames == ["a", "b"])
    #expect(data.labels == [2, 0])
    #expect(data.classNames == ["0", "1", "2"])
    let balance = "B,1,1,1,1\nR,1,1,1,2\nL,2,1,1,1\n"
    let named = try CSVReader.readNumeric(Array(balance.utf8), source: "b", name: "b",
                                          options: .init(labelColumn: 0, classNames: ["B", "L", "R"]))
    #expect(named.labels == [0, 2, 1])
    #expect(named.features.shape == [3, 4])
    let indexed = try CSVReader.readNumeric(Array("1,1\n2,0\n".utf8), source: "i", name: "i",
                                            options: .init(classNames: ["x", "y"]))
    #expect(indexed.labels == [1, 0])
  }

  @Test("[DATA-2] [DATA-7] plain numeric layout errors")
  func numericErrors() {
    func read(_ text: String, _ options: CSVReader.Options = .init()) throws(DatasetError) -> Dataset {
      try CSVReader.readNumeric(Array(text.utf8), source: "p.csv", name: "p", options: options)
    }
    #expect(throws: DatasetError.parse(file: "p.csv", line: 1, column: 1, reason: "empty file")) { try read("\n") }
    #expect(throws: DatasetError.invalidArgument(operation: "CSVReader.readNumeric",
                                                 reason: "label column 5 for 2 columns in p.csv")) {
      try read("1,0\n", .init(labelColumn: 5))
    }
    #expect(throws: DatasetError.invalidArgument(operation: "CSVReader.readNumeric", reason: "empty class list")) {
      try read("1,0\n", .init(classNames: []))
    }
    #expect(throws: DatasetError.ragged(file: "p.csv", line: 2, expected: 2, got: 3)) { try read("1,0\n1,2,0\n") }
    #expect(throws: DatasetError.parse(file: "p.csv", line: 2, column: 2, reason: "label \"-1\" is not a non-negative integer")) {
      try read("1,0\n1,-1\n")
    }
    #expect(throws: DatasetError.parse(file: "p.csv", line: 1, column: 2,
                                       reason: "label \"0.5\" is not a non-negative integer")) { try read("1,0.5\n") }
    #expect(throws: DatasetError.unknownLabel(file: "p.csv", line: 1, label: "Q", known: ["B", "L", "R"])) {
      try read("Q,1\n", .init(labelColumn: 0, classNames: ["B", "L", "R"]))
    }
    #expect(throws: DatasetError.parse(file: "p.csv", line: 2, column: 1, reason: "\"inf\" is not finite")) {
      try read("a,b\ninf,0\n", .init(hasHeader: true))
    }
  }

  @Test("[DATA-7] [DATA-11] files: gzip read transparently, a missing file is unreadable with its path")
  func files() throws {
    let directory = try TestSupport.temporaryDirectory()
    defer { TestSupport.cleanUp(directory) }
    let text = Array("2,1,a,b\n0.5,1\n1.5,0\n".utf8)
    let gz = TestSupport.gzipMember(deflate: TestSupport.storedDeflate(text), content: text)
    let url = directory.appendingPathComponent("t.csv.gz")
    try TestSupport.write(gz, to: url)
    let data = try CSVReader.readScikitLearn(file: url, name: "t")
    #expect(data.labels == [1, 0])
    let missing = directory.appendingPathComponent("missing.csv")
    #expect(throws: DatasetError.unreadable(file: missing.path, reason: "no such file")) {
      try CSVReader.readScikitLearn(file: missing, name: "t")
    }
    // A corrupt compressed file: the error names the file.
    var corrupt = gz
    corrupt[corrupt.count - 5] ^= 0xFF
    try TestSupport.write(corrupt, to: url)
    do { _ = try CSVReader.readScikitLearn(file: url, name: "t"); Issue.record("no error") } catch {
      guard case .checksumMismatch(url.path, _, _, _) = error else { Issue.record("\(error)"); return }
    }
  }
}
