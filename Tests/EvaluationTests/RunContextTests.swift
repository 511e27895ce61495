import Foundation
import Testing
@testable import Evaluation

@Suite("Run context and progress")
struct RunContextTests {
  @Test("""
    [EVAL-27] locate searches the data directories in order; [EVAL-22] a miss names the file, every \
    place looked and what to get
    """)
  func locate() throws {
    let manager = FileManager.default
    let first = manager.temporaryDirectory.appendingPathComponent("locate-a-\(UUID().uuidString)")
    let second = manager.temporaryDirectory.appendingPathComponent("locate-b-\(UUID().uuidString)")
    defer { try? manager.removeItem(at: first); try? manager.removeItem(at: second) }
    for d in [first, second] { try manager.createDirectory(at: d, withIntermediateDirectories: true) }
    try "x".write(to: second.appendingPathComponent("data.bin"), atomically: true, encoding: .utf8)
    try "y".write(to: first.appendingPathComponent("both.bin"), atomically: true, encoding: .utf8)
    try "z".write(to: second.appendingPathComponent("both.bin"), atomically: true, encoding: .utf8)
    let context = RunContext(scale: .smoke, seed: 1, dataDirectories: [first, second])
    #expect(try context.locate("data.bin", table: "t", hint: "") == second.appendingPathComponent("data.bin"))
    #expect(try context.locate("both.bin", table: "t", hint: "") == first.appendingPathComponent("both.bin"))
    let expected = ReportError.missingData(table: "t", file: "mnist.gz", searched: [first.path, second.path], hint: "get it")
    #expect(throws: expected) { _ = try context.locate("mnist.gz", table: "t", hint: "get it") }
    #expect(expected.description.contains(first.path) && expected.description.contains("mnist.gz")
        && expected.description.contains("get it"))
    #expect(ReportError.unknownScale("huge").description == "unknown scale 'huge'; accepted: smoke, default, paper")
  }

  @Test("[EVAL-26] progress clock format and quiet short runs")
  func progress() {
    #expect(Progress.clock(59.4) == "59s" && Progress.clock(61) == "1m01s" && Progress.clock(3600) == "60m00s")
    let p = Progress("quiet", total: 3, quiet: true)
    for _ in 0..<3 { p.advance() }
    #expect(p.done == 3)
  }
}
