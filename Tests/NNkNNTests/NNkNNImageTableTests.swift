import Datasets
import Evaluation
import Tensors
import Foundation
import Randomness
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
  @Test(
    "[REPRO-71] nnknn-table3 without CIFAR-10 or SVHN is not run, naming both files and where it looked; paper values labelled")
  func absent() throws {
    let empty = FileManager.default.temporaryDirectory.appendingPathComponent(
      "nnknn-table3-empty-\(UInt32.random(in: 0...UInt32.max))")
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

@Suite("NN-kNN Figure 3")
struct NNkNNFigure3Tests {
  @Test("[REPRO-72] [NNKNN-13] the figure's cases are the model's top four activations of the pass, misclassified rows first")
  func topActivations() throws {
    let (cases, labels) = NNkNNJointTrainingTests.images(n: 30, seed: 3)
    let model = try NNkNNJointTrainingTests.model(
      cases: cases, labels: labels, extractor: try NNkNNJointTrainingTests.smallConvNet(seed: 3),
      sampled: 12, w: 1, seed: 3)
    let queries = NNkNNJointTrainingTests.images(n: 20, seed: 9).0
    let truth = (0..<20).map { ($0 * 7) % 3 }
    var generator = Xoshiro256StarStar(seed: 11)
    var replay = generator
    let rows = try NNkNNFigure3.figureRows(
      model, queries: queries, labels: truth, misclassified: 2, correct: 3, using: &generator)
    #expect(rows.count == 5)
    #expect(rows.prefix(2).allSatisfy { $0.explanation.predicted != $0.label })
    #expect(rows.suffix(3).allSatisfy { $0.explanation.predicted == $0.label })
    // Replay the same draws: each row's cases are its pass's four largest activations, in order.
    var passes: [Int: NNkNNPass] = [:]
    for index in 0...(rows.map(\.testIndex).max() ?? 0) {
      passes[index] = try model.forward(try queries.rows(index..<(index + 1)), mode: .evaluation, using: &replay)
    }
    for row in rows {
      let pass = try #require(passes[row.testIndex])
      let top = pass.activations.value.scalars.sorted(by: >).prefix(4)
      #expect(row.explanation.topCases.map(\.activation) == Array(top))
      for c in row.explanation.topCases {
        let column = try #require(pass.caseIndices.firstIndex(of: c.index))
        #expect(pass.activations.value.scalars[column] == c.activation && c.label == labels[c.index])
      }
      #expect(row.explanation.predicted == pass.predictions[0])
    }
  }

  @Test("[REPRO-72] nnknn-figure3 at smoke scale draws five rows of a query and four cases on the MNIST stand-in")
  func smoke() throws {
    let report = try NNkNNFigure3.table.run(RunContext(scale: .smoke, seed: 42, dataDirectories: [], quiet: true))
    let svg = try #require(report.files.first { $0.0 == "nnknn-figure3.svg" }?.1)
    #expect(svg.components(separatedBy: "<image ").count - 1 == 25)
    #expect(report.rows.count == 20 && report.rows.allSatisfy { $0.metric == "activation" && (0...1).contains($0.ours.mean) })
  }
}

@Suite("NN-kNN Table 4")
struct NNkNNTable4Tests {
  @Test("""
    [REPRO-73] [NNKNN-26] nnknn-table4 at smoke scale on the generated language: the four configurations in Table 4's order, \
    SST named as not run, paper values only for SST rows
    """)
  func smoke() throws {
    #expect(NNkNNTables.all.map(\.id).contains("nnknn-table4"))
    let report = try NNkNNTable4.table.run(RunContext(scale: .smoke, seed: 42, dataDirectories: [], quiet: true))
    #expect(report.rows.map { $0.key[1].1 } == ["Bi-LSTM", "PreBi-LSTM + kNN", "PreBi-LSTM + NN-kNN", "Bi-LSTM + NN-kNN"])
    #expect(report.rows.allSatisfy { $0.paper == nil && (0...1).contains($0.ours.mean) })
    #expect(report.notes.contains { $0.hasPrefix("Not run: SST-5") } && report.notes.contains { $0.hasPrefix("Not run: SST-2") })
    #expect(try NNkNNTable4.paperValues("PreBi-LSTM + NN-kNN").sst2 == PaperValue(0.785, std: 0.001))
  }

  @Test("[NNKNN-26] token rows: the training vocabulary, padding at the end, an empty sentence read as one <unk>")
  func tokenRows() throws {
    let train = try TextCorpus(name: "t", sentences: ["good film", "bad film here"], labels: [1, 0], classNames: ["neg", "pos"])
    let test = try TextCorpus(name: "u", sentences: ["good unseen", ""], labels: [1, 0], classNames: ["neg", "pos"])
    let splits = try TokenSplits(trainingCorpus: train, testCorpus: test, maximumLength: 3)
    let good = Double(splits.vocabulary.id("good")), film = Double(splits.vocabulary.id("film"))
    #expect(splits.training.shape == [2, 3] && Array(splits.training.scalars.prefix(3)) == [good, film, 0])
    #expect(splits.test.scalars == [good, 1, 0, 1, 0, 0])
  }
}

@Suite("NN-kNN Table 5")
struct NNkNNTable5Tests {
  @Test("[REPRO-74] nnknn-table5 at smoke scale: three queries with two cases each, activations in (0, 1), <unk> kept as such")
  func smoke() throws {
    let report = try NNkNNTable5.table.run(RunContext(scale: .smoke, seed: 42, dataDirectories: [], quiet: true))
    #expect(
      report.rows.count == 6 && report.rows.allSatisfy { $0.metric == "activation" && $0.ours.mean > 0 && $0.ours.mean < 1 })
    #expect(report.notes.filter { $0.hasPrefix("Query: ") }.count == 3)
    let vocabulary = try Vocabulary(sentences: [["good"]])
    let ids = try Tensor(shape: [1, 4], scalars: [Double(vocabulary.id("good")), 1, 0, 0])
    #expect(NNkNNTable5.text(ids, row: 0, vocabulary: vocabulary) == "good <unk>")
  }
}

/// A little-endian MAT 5 file (uncompressed) holding SVHN's two arrays: X uint8 [32, 32, 3, n]
/// and y double [n, 1], written by hand after the format (DATA-70).
enum SVHNFile {
  static func bytes(images: [[UInt8]], labels: [Int]) -> [UInt8] {
    var out = Array("MATLAB 5.0 MAT-file, written by NNkNNImageTableTests".utf8)
    out += [UInt8](repeating: 0x20, count: 116 - out.count) + [UInt8](repeating: 0, count: 8) + [0x00, 0x01, 0x49, 0x4D]
    func u32(_ v: Int) -> [UInt8] { (0..<4).map { UInt8((v >> (8 * $0)) & 0xFF) } }
    func padded(_ b: [UInt8]) -> [UInt8] { b + [UInt8](repeating: 0, count: (8 - b.count % 8) % 8) }
    func matrix(name: String, classCode: UInt8, dims: [Int], type: Int, data: [UInt8]) -> [UInt8] {
      var body = u32(6) + u32(8) + [classCode, 0, 0, 0, 0, 0, 0, 0]
      body += u32(5) + u32(4 * dims.count) + padded(dims.flatMap(u32))
      body += u32(1 << 16 | 1) + Array(name.utf8) + [0, 0, 0]
      body += u32(type) + u32(data.count) + padded(data)
      return u32(14) + u32(body.count) + body
    }
    // Column-major: row, column, channel, image; images given as channel-major [3, 32, 32] rows.
    var x = [UInt8](repeating: 0, count: 32 * 32 * 3 * images.count)
    for (i, image) in images.enumerated() {
      for c in 0..<3 {
        for r in 0..<32 { for col in 0..<32 { x[r + 32 * (col + 32 * (c + 3 * i))] = image[(c * 32 + r) * 32 + col] } }
      }
    }
    let y = labels.map { Double($0 == 0 ? 10 : $0) }.flatMap { d in
      (0..<8).map { UInt8((d.bitPattern >> (8 * UInt64($0))) & 0xFF) }
    }
    out += matrix(name: "X", classCode: 9, dims: [32, 32, 3, images.count], type: 2, data: x)
    out += matrix(name: "y", classCode: 6, dims: [labels.count, 1], type: 9, data: y)
    return out
  }

  /// n images whose class c is drawn as a bright square at one of ten positions on noise.
  static func images(_ n: Int, seed: UInt64) -> ([[UInt8]], [Int]) {
    var g = Xoshiro256StarStar(seed: seed)
    var images: [[UInt8]] = [], labels: [Int] = []
    for i in 0..<n {
      let label = i % 10
      var image = (0..<3072).map { _ in UInt8(g.next() % 64) }
      let (r0, c0) = (4 + 12 * (label / 5), 2 + 6 * (label % 5))
      for c in 0..<3 { for r in r0..<(r0 + 6) { for col in c0..<(c0 + 5) { image[(c * 32 + r) * 32 + col] = 250 } } }
      images.append(image)
      labels.append(label)
    }
    return (images, labels)
  }
}

@Suite("NN-kNN Table 3 with SVHN files")
struct NNkNNTable3SVHNTests {
  @Test("""
    [REPRO-71] [DATA-71] nnknn-table3 at smoke scale on SVHN-format files in --data-dir: six rows beside the paper's SVHN values, \
    CIFAR-10 named as not run
    """)
  func svhn() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "nnknn-table3-svhn-\(UInt32.random(in: 0...UInt32.max))")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let (train, trainLabels) = SVHNFile.images(200, seed: 1), (test, testLabels) = SVHNFile.images(50, seed: 2)
    try Data(SVHNFile.bytes(images: train, labels: trainLabels)).write(to: directory.appendingPathComponent("train_32x32.mat"))
    try Data(SVHNFile.bytes(images: test, labels: testLabels)).write(to: directory.appendingPathComponent("test_32x32.mat"))
    let loaded = try SVHNReader.dataset(directory: directory, train: false)
    #expect(loaded.labels == testLabels && loaded.features.row(7).map { UInt8($0) } == test[7])
    let report = try NNkNNTable3.table.run(RunContext(scale: .smoke, seed: 3, dataDirectories: [directory], quiet: true))
    let accuracy = report.rows.filter { $0.metric == "accuracy" }
    #expect(accuracy.count == 6 && accuracy.allSatisfy { $0.key[0].1 == "SVHN" })
    #expect(accuracy.first { $0.key[1].1 == "ConvNet" }?.paper == PaperValue(0.875))
    #expect(accuracy.first { $0.key[1].1 == "kNN" }.map { $0.ours.mean > 0.9 } == true, "the squares are plain to kNN on pixels")
    #expect(report.notes.contains { $0.hasPrefix("Not run: CIFAR-10") })
  }
}
