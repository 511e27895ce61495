import Evaluation
import Foundation
import Testing
@testable import AbsMahalanobis

@Suite("Experiment 2 without full MNIST at paper scale")
struct MissingMNISTTests {
  @Test(
    "[REPRO-51] abs-table5 and abs-figure2 at paper scale without full MNIST: not run under --all (status 0), failed when named")
  func notRun() throws {
    let empty = FileManager.default.temporaryDirectory.appendingPathComponent("abs-no-mnist-\(UUID().uuidString)")
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("abs-no-mnist-out-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: empty); try? FileManager.default.removeItem(at: out) }
    for d in [empty, out] { try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true) }
    let tables = AbsMahalanobisTables.all.filter { ["abs-table5", "abs-figure2"].contains($0.id) }
    #expect(tables.count == 2)
    let context = RunContext(scale: .paper, seed: 1, dataDirectories: [empty], quiet: true)
    var log: [String] = []
    let all = TableRunner.run(tables, all: true, context: context, out: out, log: { log.append($0) }, print: { _ in })
    #expect(all.notRun == ["abs-table5", "abs-figure2"] && all.failed.isEmpty && all.status == 0, "\(log)")
    #expect(log.contains { $0.contains("train-images-idx3-ubyte.gz") && $0.contains(empty.path) }, "\(log)")
    let alone = TableRunner.run(Array(tables.prefix(1)), all: false, context: context, out: out, log: { _ in }, print: { _ in })
    #expect(alone.failed == ["abs-table5"] && alone.status == 1)
  }
}
