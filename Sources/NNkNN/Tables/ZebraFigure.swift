import Datasets
import Evaluation
import Foundation
import Randomness
import Tensors

/// `nnknn-zebra-figure`: seed 000 Figure 2 (both Zebra data sets) as SVG, and the global
/// weightings learned by a w = 4 model on Zebra (b), showing which feature each one ignores (REPRO-12).
enum NNkNNZebraFigure {
  static let table = ReproductionTable(id: "nnknn-zebra-figure", paper: "seed 000 (NN-kNN, extended)", summary: """
    Figure 2: the Zebra data sets (SVG) and the weightings a w = 4 model learns on Zebra (b)
    """) { context in
    let epochs = [Scale.smoke: 5, .default: 200, .paper: 1000][context.scale]!
    let data = Dataset.zebra(.b)
    let k = 5
    let stream = SeedStream(seed: context.seed).child("nnknn-zebra-figure")
    let model = try NNkNNModel(configuration: .code(weightings: 4, k: k), cases: data.features, caseLabels: data.labels,
                               classes: 2, defaultBias: try defaultBias(cases: data.features, k: k),
                               stream: stream.child("model"))
    var trainer = try NNkNNTrainer(model: model, settings: .paperSmallData(batchSize: 32))
    var generator = stream.child("epochs").generator()
    let progress = context.progress("nnknn-zebra-figure", total: epochs)
    for epoch in 1...epochs {
      _ = try trainer.trainEpoch(queries: data.features, labels: data.labels, epoch: epoch, using: &generator)
      progress.advance()
    }
    var evaluation = stream.child("evaluation").generator()
    let trainingAccuracy = try trainer.model.accuracy(data.features, labels: data.labels, using: &evaluation)
    let weights = try trainer.model.effectiveGlobalWeightings()
    var rows: [ReportRow] = []
    let accuracy = String(format: "%.3f", trainingAccuracy)
    var notes = ["""
                   Model: w = 4, k = \(k) (B from Zebra (b)), trained on all 220 points for \(epochs) epochs, \
                   Adam lr 1e-2, batch 32; training accuracy \(accuracy).
                   """,
                 """
                   Each weighting's share of x is leakyReLU(GW)_x / (leakyReLU(GW)_x + leakyReLU(GW)_y): near \
                   0 ignores x, near 1 ignores y. The paper reports that with w >= 2 one weighting ignores x \
                   and another y.
                   """]
    var ignoresX = false, ignoresY = false
    for i in 0..<4 {
      let (wx, wy) = (weights.scalars[i * 2], weights.scalars[i * 2 + 1])
      let share = wx / max(wx + wy, .leastNonzeroMagnitude)
      ignoresX = ignoresX || share < 0.1
      ignoresY = ignoresY || share > 0.9
      rows.append(ReportRow(key: [("weighting", "GW\(i + 1)")], metric: "share of x", ours: Summary(mean: share, std: 0, n: 1),
                            paper: nil))
      notes.append("GW\(i + 1) = (x: \(String(format: "%.4f", wx)), y: \(String(format: "%.4f", wy)))")
    }
    let (foundX, foundY) = (ignoresX ? "found" : "not found", ignoresY ? "found" : "not found")
    notes.append("A weighting ignoring x (share < 0.1): \(foundX); one ignoring y (share > 0.9): \(foundY).")
    return TableReport(id: "nnknn-zebra-figure", title: "Zebra data sets and learned global weightings",
                       paper: "seed 000 Figure 2", scale: context.scale, seed: context.seed, rows: rows, notes: notes,
                       files: [("nnknn-zebra-figure.svg", svg([Dataset.zebra(.a), data]))])
  }

  /// Two scatter plots side by side, class 0 filled, class 1 open.
  static func svg(_ sets: [Dataset]) -> String {
    let (panel, margin) = (300.0, 30.0)
    let (width, height) = (Int(2 * panel + 3 * margin), Int(panel + 2 * margin))
    var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" "
      + "font-family=\"sans-serif\" font-size=\"12\">\n"
    for (p, data) in sets.enumerated() {
      let x0 = margin + Double(p) * (panel + margin)
      let xs = (0..<data.count).map { data.features.scalars[$0 * 2] }
      let ys = (0..<data.count).map { data.features.scalars[$0 * 2 + 1] }
      let (xMax, yMax) = (max(xs.max()!, 1), max(ys.max()!, 1))
      out += "<rect x=\"\(x0)\" y=\"\(margin)\" width=\"\(panel)\" height=\"\(panel)\" fill=\"none\" stroke=\"black\"/>\n"
      out += "<text x=\"\(x0)\" y=\"\(margin - 8)\">\(data.name): x from 0 to \(Int(xMax)), y from 0 to \(Int(yMax))</text>\n"
      for i in 0..<data.count {
        let cx = x0 + 5 + (panel - 10) * xs[i] / xMax, cy = margin + panel - 5 - (panel - 10) * ys[i] / yMax
        let style = data.labels[i] == 0 ? "fill=\"#1f4e9c\"" : "fill=\"none\" stroke=\"#c0392b\""
        out += String(format: "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"3\" %@/>\n", cx, cy, style)
      }
    }
    return out + "</svg>\n"
  }
}
