import Datasets
import Evaluation
import Foundation
import Testing
@testable import EBEDNN

@Suite("EBE-DNN: the reproduce tables at smoke scale")
struct EBETablesTests {
  @Test(
    """
      [REPRO-60] [REPRO-61] [REPRO-62] [REPRO-63] [EBE-12] [EBE-16] the four tables: MNIST from the shipped slice, labelled so, \
      Fashion-MNIST and CIFAR-10 reported as not run
      """
  )
  func smoke() throws {
    let empty = FileManager.default.temporaryDirectory.appendingPathComponent("nn-ebe-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: empty) }
    let context = RunContext(scale: .smoke, seed: 42, dataDirectories: [empty, Fixtures.directory], quiet: true)
    let tables = EBEDNNTables.all
    #expect(tables.map(\.id) == ["ebe-layer-sweep", "ebe-k-sweep", "ebe-neighbours-figure", "ebe-auto-layer"])
    let reports = try tables.map { try $0.run(context) }
    let sweep = reports[0]
    let mnist = sweep.rows.filter { $0.key[0].1 == "MNIST (shipped slice)" }
    for report in reports {
      #expect(
        !report.rows.contains { $0.key[0].1 == "MNIST" },
        "\(report.id): the shipped slice is labelled as our stand-in, never as plain MNIST")
      #expect(report.notes.contains { $0.hasPrefix("MNIST (shipped slice): our stand-in at smoke scale") }, "\(report.id)")
    }
    #expect(mnist.filter { $0.metric == "test accuracy, cosine kNN k = 10" }.count == 12, "11 taps and the pixels")
    #expect(
      mnist.allSatisfy {
        $0.metric.hasPrefix("claim") || $0.metric.hasPrefix("best") || ($0.ours.n == 60 && (0...1).contains($0.ours.mean))
      })
    #expect(mnist.filter { $0.metric.hasPrefix("claim") }.count == 2)
    for set in ["Fashion-MNIST", "CIFAR-10"] {
      for report in reports {
        #expect(
          report.rows.contains { $0.key[0].1 == set && $0.metric.hasPrefix("data present") && $0.ours.mean == 0 },
          "\(report.id) \(set)")
        #expect(
          report.notes.contains { $0.hasPrefix("\(set): not run") && $0.contains(empty.path) }, "\(report.id): \(report.notes)")
      }
    }
    #expect(sweep.notes.contains { $0.contains("Data substitution (DATA-30)") && $0.contains("shipped slice") })
    #expect(
      sweep.notes.contains {
        $0.hasPrefix("Cost (EBE-12): training took") && $0.contains("paper scale (59000 training images, width x0.25, 2 epochs)")
      && $0.contains("one epoch of all 59000 training images at full width") }, "EBE-12's projections")
    let ks = reports[1].rows.filter {
      $0.key[0].1 == "MNIST (shipped slice)" && $0.metric == "mean concentration (training examples with non-zero weight)"
    }
    #expect(ks.map(\.ours.mean) == [1, 3, 5, 10, 20, 50])
    #expect(reports[2].files.map(\.0) == ["ebe-neighbours-figure-mnist.svg"] && reports[2].files[0].1.hasPrefix("<svg"))
    #expect(
      reports[3].rows.contains { $0.key[1].1.hasPrefix("chosen: ") }
        && reports[3].rows.contains { $0.key[1].1.hasPrefix("best in hindsight: ") })
  }
}
