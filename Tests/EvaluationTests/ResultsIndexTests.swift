import Foundation
import Testing
@testable import Evaluation

/// The results index a reader starts from (EVAL-50).
@Suite("Results index")
struct ResultsIndexTests {
  func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("nn-index-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  func row(_ ours: Double, _ paper: Double?) -> ReportRow {
    ReportRow(key: [("k", "\(ours)")], metric: "accuracy", ours: Summary(mean: ours, std: 0.01, n: 10),
              paper: paper.map { PaperValue($0) })
  }

  @Test("[EVAL-50] one line per table in registry order: verdict counts, time, links to the table and its figures")
  func index() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    // Verdicts (EVAL-24, the paper's spread taken as ours): |0.90 - 0.90| = 0 is within,
    // |0.50 - 0.90| = 0.4 > 2 sqrt(2) 0.01 / sqrt(10) is outside, no paper value.
    let a = TableReport(id: "t-a", title: "First | table", paper: "Paper A, Table 1", scale: .smoke, seed: 1, seconds: 75.4,
                        rows: [row(0.9, 0.9), row(0.5, 0.9), row(0.7, nil)],
                            files: [("t-a.svg", "<svg/>"), ("t-a-author.svg", "<svg/>")])
    let ab = TableReport(id: "t-a-b", title: "Second", paper: "Paper B", scale: .smoke, seed: 1, seconds: 3.2,
                         rows: [row(0.9, 0.9)], files: [("t-a-b.svg", "<svg/>")])
    let other = TableReport(id: "zz", title: "Unregistered", paper: "none", scale: .smoke, seed: 1, seconds: 7265)
    for report in [a, ab, other] { try report.write(to: directory) }
    try Data(#"{"not":"a report"}"#.utf8).write(to: directory.appendingPathComponent("other.json"))
    try ResultsIndex.write(directory: directory, scale: "smoke", order: ["t-a-b", "t-a"])
    let page = try String(contentsOf: directory.appendingPathComponent("README.md"), encoding: .utf8)
    let lines = page.split(separator: "\n").map(String.init).filter { $0.hasPrefix("| [") }
    #expect(lines == [
      "| [t-a-b](t-a-b.md): Second | Paper B | 1 | 0 | 0 | 3.2 s | [t-a-b.svg](t-a-b.svg) |",
      """
        | [t-a](t-a.md): First \\| table | Paper A, Table 1 | 1 | 1 | 1 | 1 min 15 s | \
        [t-a-author.svg](t-a-author.svg) · [t-a.svg](t-a.svg) |
        """,
      "| [zz](zz.md): Unregistered | none | 0 | 0 | 0 | 2 h 01 min | – |",
    ])
    #expect(page.hasPrefix("# Results at scale smoke\n")
        && page.contains("In all: 3 tables, 2 rows within, 1 outside, 1 without a paper value."))
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix(".") }.isEmpty,
            "nothing staged is left")
  }

  @Test("[EVAL-50] [EVAL-31] a directory where the index goes is refused and kept")
  func directoryInTheWay() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try FileManager.default.createDirectory(at: directory.appendingPathComponent("README.md"), withIntermediateDirectories: false)
    #expect(throws: ReportError.self) { try ResultsIndex.write(directory: directory, scale: "smoke", order: []) }
    var isDirectory: ObjCBool = false
    #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("README.md").path, isDirectory: &isDirectory)
        && isDirectory.boolValue)
  }
}

/// The progress estimate weighs the remaining work by its cost (EVAL-51).
@Suite("Progress estimate")
struct ProgressEstimateTests {
  @Test("[EVAL-26] [EVAL-51] ETA = elapsed * remaining cost / done cost; equal costs give elapsed * (total - done) / done")
  func weighted() {
    let weighted = Progress("w", unitCosts: [1, 1, 8], quiet: true)
    #expect(weighted.estimatedSecondsLeft(elapsed: 10) == 0, "nothing done yet")
    weighted.advance(by: 2)
    #expect(weighted.estimatedSecondsLeft(elapsed: 10) == 40)  // 10 s for cost 2, cost 8 left
    let equal = Progress("e", total: 4, quiet: true)
    equal.advance()
    #expect(equal.estimatedSecondsLeft(elapsed: 5) == 15)
    // Costs that are not finite and positive count as the mean of the others (here 2).
    let repaired = Progress("r", unitCosts: [1, .nan, 3, -1], quiet: true)
    #expect(repaired.unitCosts == [1, 2, 3, 2])
    repaired.advance(by: 4)
    #expect(repaired.estimatedSecondsLeft(elapsed: 7) == 0)
  }
}
