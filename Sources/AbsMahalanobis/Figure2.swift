import Evaluation
import Foundation

/// Figure 2 of seed 003 as SVG (ABS-28): two panels side by side, the average training loss per
/// epoch (left) and the average test error rate 1 - accuracy per epoch (right), one line per
/// condition, each the mean over that condition's models; logarithmic y axes as in the paper,
/// spanning the data from the tick below its minimum to the tick above its maximum, with ticks at
/// m 10^e for m = 1 ... 9 (``LogAxis``), so curves that stay inside one decade fill the panel.
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
    guard let axis = LogAxis(values) else { return }
    let epochs = series.map(\.1.count).max() ?? 1
    func px(_ e: Int) -> Double { x0 + (epochs > 1 ? Double(e) / Double(epochs - 1) : 0.5) * width }
    func py(_ v: Double) -> Double { y0 + axis.fraction(v) * height }
    for tick in axis.ticks {
      let y = py(tick.value)
      canvas.line(x0, y, x0 + width, y, color: tick.isDecade ? "#bbbbbb" : "#e4e4e4", width: 0.5)
      if let label = tick.label { canvas.text(x0 - 6, y + 4, label, size: 10, anchor: "end") }
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

/// A logarithmic axis for positive values (ABS-28): from the largest tick m 10^e (m = 1 ... 9) at
/// or below the smallest value to the smallest tick at or above the largest (at least one step
/// apart), with a grid line at every tick between. Labels: every tick when the axis spans at most
/// 1.5 decades, else m = 1, 2, 5 only. Values print as decimals between 1e-4 and 1e4, else as
/// m e k; `fraction` maps a value to 0 at the top and 1 at the bottom.
struct LogAxis {
  struct Tick: Equatable {
    let value: Double
    let label: String?
    let isDecade: Bool
  }

  let low: Double, high: Double
  let ticks: [Tick]

  init?(_ values: [Double]) {
    guard let minimum = values.min(), let maximum = values.max(), minimum > 0, maximum.isFinite else { return nil }
    var (e, m) = Self.tickAtOrBelow(minimum)
    let last = Self.tickAtOrAbove(maximum)
    var all: [(Int, Int)] = []
    repeat {
      all.append((e, m))
      (e, m) = m == 9 ? (e + 1, 1) : (e, m + 1)
    } while Self.value(e, m) <= Self.value(last.0, last.1) || all.count < 2
    low = Self.value(all[0].0, all[0].1)
    high = Self.value(all[all.count - 1].0, all[all.count - 1].1)
    let labelAll = Foundation.log10(high / low) <= 1.5
    ticks = all.map { e, m in
      Tick(value: Self.value(e, m), label: labelAll || [1, 2, 5].contains(m) ? Self.label(e, m) : nil, isDecade: m == 1)
    }
  }

  /// 0 at `high` (the top of a panel), 1 at `low`.
  func fraction(_ v: Double) -> Double { Foundation.log10(high / v) / Foundation.log10(high / low) }

  /// m 10^e, correctly rounded (m / 10^-e for negative e, so 0.3 is the double nearest 0.3).
  static func value(_ e: Int, _ m: Int) -> Double {
    e >= 0 ? Double(m) * Foundation.pow(10, Double(e)) : Double(m) / Foundation.pow(10, Double(-e))
  }

  /// (e, m) of the largest m 10^e <= x.
  static func tickAtOrBelow(_ x: Double) -> (Int, Int) {
    var e = Int(Foundation.floor(Foundation.log10(x)))
    if value(e, 1) > x { e -= 1 }          // log10 rounding just above a power of ten
    if value(e + 1, 1) <= x { e += 1 }
    var m = 1
    while m < 9 && value(e, m + 1) <= x { m += 1 }
    return (e, m)
  }

  /// (e, m) of the smallest m 10^e >= x.
  static func tickAtOrAbove(_ x: Double) -> (Int, Int) {
    let (e, m) = tickAtOrBelow(x)
    if value(e, m) >= x { return (e, m) }
    return m == 9 ? (e + 1, 1) : (e, m + 1)
  }

  static func label(_ e: Int, _ m: Int) -> String {
    guard e >= -4 && e < 4 else { return "\(m)e\(e)" }
    if e >= 0 { return "\(m * Int(Foundation.pow(10, Double(e))))" }
    return "0." + String(repeating: "0", count: -e - 1) + "\(m)"
  }
}
