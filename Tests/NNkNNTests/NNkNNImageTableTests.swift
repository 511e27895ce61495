import Datasets
import Evaluation
import Foundation
import Testing
@testable import NNkNN

/// The image tables at smoke scale (REPRO-70, NNKNN-24).
@Suite("NN-kNN image tables")
struct NNkNNImageTableTests {
  @Test("""
    [REPRO-70] [NNKNN-24] nnknn-table3-mnist at smoke scale: the six configurations in the paper's order, no paper values, \
    top-2/3 shares of the NN-kNN rows at least the accuracy
    """)
  func table3MNIST() throws {
    #expect(NNkNNTables.all.map(\.id).contains("nnknn-table3-mnist"))
    let report = try NNkNNTable3MNIST.table.run(RunContext(scale: .smoke, seed: 42, dataDirectories: [], quiet: true))
    let accuracy = report.rows.filter { $0.metric == "accuracy" }
    #expect(accuracy.map { $0.key[1].1 } == ["Conv + NN-kNN 50", "Conv + NN-kNN 100", "ConvNet", "kNN", "Pre-Conv + kNN",
                                             "Pre-Conv + NN-kNN"])
    #expect(report.rows.allSatisfy { $0.paper == nil && (0...1).contains($0.ours.mean) })
    for name in ["Conv + NN-kNN 50", "Conv + NN-kNN 100", "Pre-Conv + NN-kNN"] {
      let shares = ["accuracy", "top-2 share", "top-3 share"].compactMap { metric in
        report.rows.first { $0.key[1].1 == name && $0.metric == metric }?.ours.mean
      }
      #expect(shares.count == 3 && shares[0] <= shares[1] && shares[1] <= shares[2], "\(name): \(shares)")
    }
    // kNN on pixels is far above chance even on 300 training images.
    #expect(accuracy[3].ours.mean > 0.5)
  }
}

@Suite("NN-kNN Table 3 without its data")
struct NNkNNTable3AbsentTests {
  @Test("[REPRO-71] nnknn-table3 without CIFAR-10 or SVHN is not run, naming both files and where it looked; paper values labelled")
  func absent() throws {
    let empty = FileManager.default.temporaryDirectory.appendingPathComponent("nnknn-table3-empty-\(UInt32.random(in: 0...UInt32.max))")
    try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: empty) }
    #expect(NNkNNTables.all.map(\.id).contains("nnknn-table3"))
    do {
      _ = try NNkNNTable3.table.run(RunContext(scale: .smoke, seed: 1, dataDirectories: [empty], quiet: true))
      Issue.record("ran without data")
    } catch let ReportError.missingData(table, file, searched, _) {
      #expect(table == "nnknn-table3" && file.contains("data_batch_1.bin") && file.contains("train_32x32.mat"))
      #expect(searched == [empty.path])
    }
    #expect(try NNkNNTable3.paperValues("Conv + NN-kNN 500").cifar == PaperValue(0.688, std: 0.006))
    #expect(try NNkNNTable3.paperValues("Pre-Conv + NN-kNN").svhn == PaperValue(0.75))
    #expect(throws: ReportError.self) { try NNkNNTable3.paperValues("Conv + NN-kNN 50") }
  }
}
