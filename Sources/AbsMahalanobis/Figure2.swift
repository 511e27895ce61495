import Evaluation
import Foundation

/// Figure 2 of seed 003 as SVG (ABS-28): two panels side by side, the average training loss per
/// epoch (left) and the average test error rate 1 - accuracy per epoch (right), one line per
/// condition, each the mean over that condition's models; logarithmic y axes as in the paper.
public enum Figure2 {
  static let colors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"]

  /// `curves[k]` = (label, training loss per epoch, test error per epoch).
  public static func svg(curves: [(String, [Double], [Double])], title: String) -> String {
    let panelWidth = 380.0, panelHeight = 280.0, left = 70.0, top = 50.0, gap = 90.0
    var canvas = SVGCanvas(width: left + 2 * panelWidth + gap + 30, height: top + panelHeight + 60 + 18 * Double(curves.count))
    canvas.text(canvas.width / 2, 24, title, size: 15, anchor: "middle")
    panel(&canvas, x0: left, y0: top, width: panelWidth, height: panelHeight, title: "Average training loss",
          series: curves.map { ($0.0, $0.1) })
    panel(&canvas, x0: left + panelWidth + gap, y0: top, width: panelWidth, height: panelHeight,
          title: "Average test error (1 - accuracy)", series: curves.map { ($0.0, $0.2) })
    for (k, curve) in curves.enumerated() {
      let y = top + panelHeight + 45 + 18 * Double(k)
      canvas.line(left, y - 4, left + 30, y - 4, color: colors[k % colors.count], width: 2)
      canvas.text(left + 38, y, curve.0, size: 12)
    }
    return canvas.document
  }

  static func panel(_ canvas: inout SVGCanvas, x0: Double, y0: Double, width: Double, height: Double, title: String,
                    series: [(String, [Double])]) {
    canvas.text(x0 + width / 2, y0 - 8, title, size: 13, anchor: "middle")
    canvas.rectangle(x0, y0, width, height, stroke: "#888888")
    let values = series.flatMap(\.1).filter { $0 > 0 && $0.isFinite }
    guard let low = values.min(), let high = values.max() else { return }
    // Decades that cover the data.
    let (l0, l1) = (Foundation.floor(Foundation.log10(low)), Foundation.ceil(Foundation.log10(high)))
    let (logLow, logHigh) = (l0, Swift.max(l1, l0 + 1))
    let epochs = series.map(\.1.count).max() ?? 1
    func px(_ e: Int) -> Double { x0 + (epochs > 1 ? Double(e) / Double(epochs - 1) : 0.5) * width }
    func py(_ v: Double) -> Double { y0 + (logHigh - Foundation.log10(v)) / (logHigh - logLow) * height }
    var decade = logLow
    while decade <= logHigh {
      let y = py(Foundation.pow(10, decade))
      canvas.line(x0, y, x0 + width, y, color: "#dddddd", width: 0.5)
      canvas.text(x0 - 6, y + 4, "1e\(Int(decade))", size: 10, anchor: "end")
      decade += 1
    }
    for e in stride(from: 0, to: epochs, by: Swift.max(1, epochs / 5)) {
      canvas.text(px(e), y0 + height + 14, "\(e + 1)", size: 10, anchor: "middle")
    }
    canvas.text(x0 + width / 2, y0 + height + 30, "epoch", size: 11, anchor: "middle")
    for (k, s) in series.enumerated() {
      let points = s.1.enumerated().filter { $0.element > 0 && $0.element.isFinite }.map { (px($0.offset), py($0.element)) }
      if points.count == 1 { canvas.circle(points[0].0, points[0].1, radius: 3, color: colors[k % colors.count]) }
      canvas.polyline(points, color: colors[k % colors.count], width: 1.8)
    }
  }
}
