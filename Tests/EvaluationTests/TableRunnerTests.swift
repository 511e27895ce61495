import Foundation
import Testing
@testable import Evaluation

@Suite("Table runner: tables whose data is absent")
struct TableRunnerTests {
  static func table(_ id: String, _ body: @escaping @Sendable (RunContext) throws -> TableReport) -> ReproductionTable {
    ReproductionTable(id: id, paper: "p", summary: "s", run: body)
  }

  static let written = table("present") { c in
    TableReport(id: "present", title: "t", paper: "p", scale: c.scale, seed: c.seed,
                rows: [ReportRow(key: [("k", "v")], metric: "m", ours: Summary(mean: 1, std: 0, n: 1), paper: nil)], notes: [])
  }
  static let absent = table("absent") { _ in
    throw ReportError.missingData(table: "absent", file: "corpus.txt", searched: ["/a", "/b"], hint: "get corpus.txt")
  }
  static let broken = table("broken") { _ in throw ReportError.failed(table: "broken", reason: "bad bytes") }

  func run(_ tables: [ReproductionTable], all: Bool) throws -> (TableRunner.Outcome, [String], [String], URL) {
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("runner-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
    var log: [String] = [], printed: [String] = []
    let context = RunContext(scale: .smoke, seed: 1, dataDirectories: [], quiet: true)
    let outcome = TableRunner.run(
      tables, all: all, context: context, out: out, log: { log.append($0) }, print: { printed.append($0) })
    return (outcome, log, printed, out)
  }

  @Test("[REPRO-51] under --all a table whose data is absent is not run, named with its files and places, and the run succeeds")
  func absentUnderAll() throws {
    let (outcome, log, printed, out) = try run([Self.absent, Self.written], all: true)
    defer { try? FileManager.default.removeItem(at: out) }
    #expect(outcome == TableRunner.Outcome(written: ["present"], failed: [], notRun: ["absent"]) && outcome.status == 0)
    #expect(
      log.contains {
        $0.contains("absent not run") && $0.contains("corpus.txt") && $0.contains("/a, /b") && $0.contains("get corpus.txt")
      }, "\(log)")
    #expect(log.last?.contains("1 table(s) not run for want of data: absent") == true, "\(log)")
    #expect(printed.count == 1)
    let files = try FileManager.default.contentsOfDirectory(atPath: out.path)
    #expect(!files.contains { $0.hasPrefix("absent") } && files.contains { $0.hasPrefix("present") }, "\(files)")
  }

  @Test("[REPRO-51] named on its own, the same table fails (status 1); present but bad data fails even under --all")
  func absentNamedAndBroken() throws {
    let (alone, log, _, out) = try run([Self.absent], all: false)
    defer { try? FileManager.default.removeItem(at: out) }
    #expect(alone.failed == ["absent"] && alone.notRun.isEmpty && alone.status == 1)
    #expect(log.contains { $0.contains("absent: ") && $0.contains("corpus.txt") }, "\(log)")
    let (all, _, _, out2) = try run([Self.broken, Self.absent, Self.written], all: true)
    defer { try? FileManager.default.removeItem(at: out2) }
    #expect(all == TableRunner.Outcome(written: ["present"], failed: ["broken"], notRun: ["absent"]) && all.status == 1)
  }
}
