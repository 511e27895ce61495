import Datasets
import Evaluation
import Foundation
import Networks
import Randomness
import Tensors

/// `nnknn-figure3`: seed 000 Figure 3 (REPRO-72): rows of a query image, its four most activated
/// cases with their labels and activations, and the top three classes below; two misclassified
/// rows first, then three correct ones. The model is Conv + NN-kNN 500 (NNKNN-24), trained on
/// CIFAR-10 when --data-dir has it, else on the MNIST stand-in.
enum NNkNNFigure3 {
  static let id = "nnknn-figure3"

  /// One row: the test image, its explanation (NNKNN-13) under one draw of the sampled cases.
  struct Row {
    let testIndex: Int, label: Int
    let explanation: NNkNNExplanation
  }

  static let table = ReproductionTable(id: id, paper: "seed 000 (NN-kNN, extended)", summary: """
    Figure 3: query images, their four most activated cases and the top three classes (SVG)
    """) { context in
    let setting = ImageSetting.of(context.scale)
    let (train, test, source) = try data(context, setting: setting)
    let splits = try ImageSplits(rawTraining: train.features.map { $0 / 255 }, trainingLabels: train.labels,
      rawTest: test.features.map { $0 / 255 }, testLabels: test.labels, channels: train.sampleShape.count == 3 ? 3 : 1,
      height: train.sampleShape.suffix(2).first!, width: train.sampleShape.last!, classes: 10)
    let stream = SeedStream(seed: context.seed).child(id)
    var initial = stream.child("init").generator()
    let extractor = try Network(try ConvolutionalNetworks.featureExtractor(inputChannels: splits.channels,
        imageSize: (splits.height, splits.width), widths: setting.widths),
      using: &initial)
    let run = try ImageRuns.nnknn(
      splits, setting: setting, sampled: setting.sampledCases[0], extractor: extractor, trainable: true,
      stream: stream.child("model"))
    var draw = stream.child("figure cases").generator()
    let rows = try figureRows(
      run.model, queries: splits.test, labels: splits.testLabels, misclassified: 2, correct: 3, using: &draw)
    var reportRows: [ReportRow] = []
    for (r, row) in rows.enumerated() {
      let key = [("row", "\(r + 1)"), ("test image", "#\(row.testIndex)"), ("true", "\(row.label)"),
                 ("predicted", "\(row.explanation.predicted)")]
      for (j, c) in row.explanation.topCases.enumerated() {
        reportRows.append(ReportRow(key: key + [("case", "\(j + 1): #\(c.index), label \(c.label)")], metric: "activation",
                                    ours: Summary(mean: c.activation, std: 0, n: 1), paper: nil))
      }
    }
    let svg = try figure(rows, cases: train, tests: test)
    return TableReport(id: id, title: "Instance-based explanations (query, four most activated cases, top three classes)",
                       paper: "seed 000 Figure 3", scale: context.scale, seed: context.seed, rows: reportRows, notes: [
        "Data: \(source). The paper's figure is on CIFAR-10; without it in --data-dir this is our MNIST stand-in.",
                         """
                           Model: Conv + NN-kNN \(setting.sampledCases[0]) trained jointly (NNKNN-24; \(setting.description)); \
                           test accuracy \(String(format: "%.3f", run.accuracy)). Each row's cases are one draw of \
                           \(setting.sampledCases[0]) sampled cases (NNKNN-6), and its four most activated are shown (NNKNN-13).
                           """,
        "Rows 1-2 are the first misclassified test images, rows 3-5 the first correct ones, as the paper orders them."
      ], files: [("\(id).svg", svg)])
  }

  /// CIFAR-10 from the data directories when present, else the MNIST stand-in (its shipped slice below paper scale).
  static func data(_ context: RunContext, setting: ImageSetting) throws -> (Dataset, Dataset, String) {
    if let (train, test, directory) = try NNkNNTable3.locate(NNkNNTable3.sources[0], context: context, setting: setting) {
      return (train, test, "CIFAR-10 from \(directory.path) (\(train.count) training, \(test.count) test images)")
    }
    let found = try NNkNNTable3MNIST.loadMNIST(context, setting: setting)
    return (found.training, found.test, "MNIST stand-in, \(found.source)")
  }

  /// The first `misclassified` wrongly and `correct` rightly predicted test queries, each with its
  /// explanation under one draw of cases from `generator` (the draw the prediction used).
  static func figureRows<G: RandomSource>(_ model: NNkNNModel, queries: Tensor, labels: [Int], misclassified: Int, correct: Int,
                                          using generator: inout G) throws -> [Row] {
    var wrong: [Row] = [], right: [Row] = []
    for index in 0..<labels.count where wrong.count < misclassified || right.count < correct {
      let pass = try model.forward(try queries.rows(index..<(index + 1)), mode: .evaluation, using: &generator)
      let explanation = try pass.explanation(row: 0, caseLabels: model.caseLabels, top: 4)
      let row = Row(testIndex: index, label: labels[index], explanation: explanation)
      if explanation.predicted == labels[index] {
        if right.count < correct { right.append(row) }
      } else if wrong.count < misclassified {
        wrong.append(row)
      }
    }
    return wrong + right
  }

  /// Rows of images drawn at three times their size: the query, then its four cases (framed red
  /// when of another class than the query's), each captioned with label and activation; the top
  /// three classes with their activations below.
  static func figure(_ rows: [Row], cases: Dataset, tests: Dataset) throws -> String {
    let (h, w) = (cases.sampleShape.suffix(2).first!, cases.sampleShape.last!)
    let scale = 3, cellWidth = w * 3 + 40, rowHeight = h * 3 + 50
    var body: [String] = []
    func image(_ png: PNGImage, x: Int, y: Int, frame: String?) {
      let uri = "data:image/png;base64," + Data(png.encoded()).base64EncodedString()
      body.append(
        """
          <image x=\"\(x)\" y=\"\(y)\" width=\"\(w * scale)\" height=\"\(h * scale)\" style=\"image-rendering:pixelated\" \
          href=\"\(uri)\"/>
          """
      )
      if let frame {
        body.append(
          """
            <rect x=\"\(x - 1)\" y=\"\(y - 1)\" width=\"\(w * scale + 2)\" height=\"\(h * scale + 2)\" fill=\"none\" \
            stroke=\"\(frame)\" stroke-width=\"3\"/>
            """
        )
      }
    }
    func text(_ x: Int, _ y: Int, _ s: String, color: String = "#333") {
      body.append("<text x=\"\(x)\" y=\"\(y)\" font-size=\"11\" fill=\"\(color)\">\(SVGCanvas.escape(s))</text>")
    }
    for (r, row) in rows.enumerated() {
      let y = 30 + r * rowHeight
      let wrong = row.explanation.predicted != row.label
      image(try tests.pngImage(row.testIndex), x: 20, y: y, frame: wrong ? "#d62728" : nil)
      text(20, y + h * scale + 13, "query \(row.label) → \(row.explanation.predicted)", color: wrong ? "#d62728" : "#2ca02c")
      for (j, c) in row.explanation.topCases.enumerated() {
        let x = 40 + (j + 1) * cellWidth
        image(try cases.pngImage(c.index), x: x, y: y, frame: c.label != row.label ? "#d62728" : nil)
        text(x, y + h * scale + 13, "\(c.label): \(String(format: "%.4f", c.activation))")
      }
      let top = row.explanation.classRanking.prefix(3).map { "\($0.0): \(String(format: "%.3f", $0.1))" }
      text(40 + cellWidth, y + h * scale + 28, "top classes  " + top.joined(separator: "   "))
    }
    let width = 60 + 5 * cellWidth, height = 40 + rows.count * rowHeight
    return
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\">\n"
      + "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
      + """
        <text x=\"20\" y=\"18\" font-size=\"13\">Query, its four most activated cases (label: activation; red: another class), \
        top three classes</text>\n
        """
      + body.joined(separator: "\n") + "\n</svg>\n"
  }
}
