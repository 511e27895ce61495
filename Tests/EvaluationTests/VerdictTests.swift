import Foundation
import Testing
@testable import Evaluation

@Suite("Verdicts and reports")
struct VerdictTests {
  @Test("[EVAL-24] within iff |ours - paper| <= 2 sqrt(s_o^2/n_o + s_p^2/n_p); paper spread defaults to ours")
  func rule() {
    let ours = Summary(mean: 0.90, std: 0.05, n: 10)
    let bound = 2 * sqrt(0.05 * 0.05 / 10 + 0.03 * 0.03 / 10)
    #expect(Verdict.compare(ours, PaperValue(0.90 + bound * 0.99, std: 0.03)) == .within)
    #expect(Verdict.compare(ours, PaperValue(0.90 + bound * 1.01, std: 0.03)) == .outside)
    let ownBound = 2 * sqrt(2 * 0.05 * 0.05 / 10)
    #expect(Verdict.compare(ours, PaperValue(0.90 - ownBound * 0.99)) == .within)
    #expect(Verdict.compare(ours, PaperValue(0.90 - ownBound * 1.01)) == .outside)
    #expect(Verdict.compare(ours, nil) == .noPaperValue)
    #expect(Verdict.compare(Summary(mean: 110, std: 0, n: 1), PaperValue(100), isCount: true) == .within)
    #expect(Verdict.compare(Summary(mean: 125, std: 0, n: 1), PaperValue(100), isCount: true) == .outside)
  }

  @Test("[EVAL-23] Summary uses the n - 1 denominator and gives std 0 for one value")
  func summary() {
    let s = Summary([1, 2, 3, 4])
    #expect(s.mean == 2.5 && s.n == 4)
    #expect(abs(s.std - sqrt(5.0 / 3)) < 1e-15)
    #expect(Summary([7]).std == 0)
  }

  @Test("[EVAL-25] a report writes ID.json and ID.md atomically; the JSON holds every required field")
  func writesFiles() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    let report = TableReport(id: "demo", title: "Demo", paper: "seed 000", scale: .smoke, seed: 42, seconds: 1.5,
                             rows: [ReportRow(key: [("dataset", "Iris")], metric: "accuracy",
                                              ours: Summary(mean: 0.95, std: 0.02, n: 10), paper: PaperValue(0.96, std: 0.03))],
                             notes: ["a note"], files: [("demo.svg", "<svg/>")])
    try report.write(to: directory)
    let json = try JSONValue(parsing: String(contentsOf: directory.appendingPathComponent("demo.json"), encoding: .utf8))
    for field in ["table", "title", "paper", "scale", "seed", "seconds", "environment", "rows"] {
      #expect(json[field] != nil, "missing \(field)")
    }
    let row = json["rows"]!.array![0]
    #expect(row["key"]!["dataset"]!.string == "Iris" && row["verdict"]!.string == "within")
    #expect(row["ours"]!["n"]!.number == 10 && row["paper"]!["std"]!.number == 0.03)
    let markdown = try String(contentsOf: directory.appendingPathComponent("demo.md"), encoding: .utf8)
    #expect(markdown.contains("| Iris | accuracy | 0.9500 ± 0.0200 (10) | 0.9600 ± 0.0300 | within |"))
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".partial") }
    #expect(leftovers.isEmpty)
    #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("demo.svg").path))
  }
}
