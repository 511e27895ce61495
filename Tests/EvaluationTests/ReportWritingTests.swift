import Foundation
import Testing
@testable import Evaluation

/// Writing results never leaves half-written or staged files and never deletes what the project
/// did not write (EVAL-31).
@Suite("Report writing: failures clean up, foreign files are refused")
struct ReportWritingTests {
  let report = TableReport(id: "demo", title: "Demo", paper: "p", scale: .smoke, seed: 1,
                           rows: [ReportRow(key: [("k", "v")], metric: "m", ours: Summary(mean: 1, std: 0, n: 1), paper: nil)],
                           notes: ["n"], files: [("demo.svg", "<svg/>")])

  func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("nn-report-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  func contents(_ directory: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
  }

  struct DiskFull: Error {}

  @Test("[EVAL-31] a write that fails part-way (a full disk) removes every staged file and keeps the previous results",
        arguments: [1, 2, 3])
  func diskFull(failingWrite: Int) throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try report.write(to: directory)
    let before = try Data(contentsOf: directory.appendingPathComponent("demo.json"))
    var writes = 0
    var newReport = report
    newReport.notes = ["changed"]
    #expect(throws: ReportError.self) {
      try newReport.write(to: directory) { data, url in
        writes += 1
        // The failing write leaves a partial file behind, as a full disk does.
        try Data(data.prefix(3)).write(to: url)
        if writes == failingWrite { throw DiskFull() }
        try data.write(to: url)
      }
    }
    #expect(try contents(directory) == ["demo.json", "demo.md", "demo.svg"])
    #expect(try Data(contentsOf: directory.appendingPathComponent("demo.json")) == before)
  }

  @Test("[EVAL-31] a directory at an output path, or at its staging path, is refused before anything is written, and kept")
  func foreignDirectory() throws {
    for blocked in ["demo.md", ".demo.svg.partial"] {
      let directory = try temporaryDirectory()
      defer { try? FileManager.default.removeItem(at: directory) }
      let foreign = directory.appendingPathComponent(blocked)
      try FileManager.default.createDirectory(at: foreign, withIntermediateDirectories: false)
      try Data("keep".utf8).write(to: foreign.appendingPathComponent("user-file"))
      #expect(throws: ReportError.cannotWrite(path: foreign.path, reason: """
        something other than a regular file is in the way (a directory?); move it or choose another \
        --out
        """)) {
        try report.write(to: directory)
      }
      #expect(try contents(directory) == [blocked], "\(blocked)")
      #expect(try String(contentsOf: foreign.appendingPathComponent("user-file"), encoding: .utf8) == "keep")
    }
  }

  @Test("[EVAL-31] a directory that cannot be created (a file in the way) is a cannotWrite error naming it")
  func fileInTheWay() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("results")
    try Data("x".utf8).write(to: file)
    #expect(throws: ReportError.self) { try report.write(to: file.appendingPathComponent("sub")) }
    #expect(try contents(directory) == ["results"])
  }

  @Test("[EVAL-31] an earlier result of the project (a regular file) is replaced whole")
  func replacesEarlierResults() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try Data("old".utf8).write(to: directory.appendingPathComponent("demo.json"))
    try report.write(to: directory)
    let json = try JSONValue(parsing: String(contentsOf: directory.appendingPathComponent("demo.json"), encoding: .utf8))
    #expect(json["table"]?.string == "demo")
    #expect(try contents(directory) == ["demo.json", "demo.md", "demo.svg"])
  }
}
