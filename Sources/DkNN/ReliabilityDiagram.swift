import Evaluation
import Foundation

/// The reliability diagram of the DkNN script (DKNN-31): predictions binned by credibility into the
/// ten bins [b/10, (b+1)/10), b = 0...9, the last one closed ([0.9, 1]); per bin the number of
/// predictions and their accuracy (0 for an empty bin, as the script's `max(0, nan)` gives).
public struct ReliabilityDiagram: Sendable, Equatable {
  public static let binCount = 10
  /// Predictions per bin.
  public let counts: [Int]
  /// Correct predictions per bin.
  public let correct: [Int]

  /// Bins `credibilities` (each in [0, 1]) with whether each prediction was right. Errors: lengths
  /// that differ, a credibility outside [0, 1] or not a number.
  public init(credibilities: [Double], correct isCorrect: [Bool]) throws(DkNNError) {
    guard credibilities.count == isCorrect.count else {
      throw .invalidArgument("\(credibilities.count) credibilities for \(isCorrect.count) outcomes")
    }
    var counts = [Int](repeating: 0, count: Self.binCount), correct = counts
    for (c, right) in zip(credibilities, isCorrect) {
      guard c >= 0, c <= 1 else { throw .invalidArgument("credibility \(c) is outside [0, 1]") }
      let b = Self.bin(c)
      counts[b] += 1
      if right { correct[b] += 1 }
    }
    self.counts = counts
    self.correct = correct
  }

  /// The bin of a credibility c in [0, 1]: the b with b/10 <= c < (b+1)/10 (the script's bounds,
  /// computed as b / 10. in double), and 9 for c = 1.
  public static func bin(_ c: Double) -> Int {
    var b = binCount - 1
    while b > 0 && c < Double(b) / 10 { b -= 1 }
    return b
  }

  /// Accuracy per bin (0 where empty).
  public var accuracies: [Double] {
    zip(counts, correct).map { $0 == 0 ? 0 : Double($1) / Double($0) }
  }

  /// The diagram as an SVG figure: accuracy per bin as bars, the diagonal of perfect calibration,
  /// and the share of predictions in each bin as a second row of bars.
  public func svg(title: String) -> String {
    let (left, top, width, height, gap) = (60.0, 40.0, 400.0, 260.0, 70.0)
    let histogram = 90.0
    var canvas = SVGCanvas(width: left + width + 30, height: top + height + gap + histogram + 50)
    canvas.text(left + width / 2, 22, title, size: 14, anchor: "middle")
    let total = Swift.max(1, counts.reduce(0, +))
    let barWidth = width / Double(Self.binCount)
    for (b, accuracy) in accuracies.enumerated() {
      let x = left + Double(b) * barWidth
      canvas.rectangle(x + 2, top + height * (1 - accuracy), barWidth - 4, height * accuracy, stroke: "#1f4e79", fill: "#5b9bd5")
      let share = Double(counts[b]) / Double(total)
      let y0 = top + height + gap
      canvas.rectangle(x + 2, y0 + histogram * (1 - share), barWidth - 4, histogram * share, stroke: "#7f6000", fill: "#ffc000")
      canvas.text(x + barWidth / 2, top + height + 16, String(format: "%.1f", Double(b) / 10), size: 10, anchor: "middle")
    }
    canvas.line(left, top + height, left + width, top, color: "gray", dashed: true)
    canvas.rectangle(left, top, width, height, stroke: "black")
    canvas.rectangle(left, top + height + gap, width, histogram, stroke: "black")
    canvas.text(left + width / 2, top + height + 34, "credibility (bin start)", size: 12, anchor: "middle")
    canvas.text(left - 8, top + 4, "1", size: 10, anchor: "end")
    canvas.text(left - 8, top + height, "0", size: 10, anchor: "end")
    canvas.text(left - 40, top + height / 2, "accuracy", size: 12, anchor: "middle")
    canvas.text(left - 40, top + height + gap + histogram / 2, "share", size: 12, anchor: "middle")
    canvas.text(left + width / 2, top + height + gap + histogram + 24,
                "bars: accuracy per bin (top), share of predictions per bin (bottom); dashed: perfect calibration",
                size: 10, anchor: "middle")
    return canvas.document
  }
}
