import Evaluation
import Foundation
import Tensors

/// Figure 1 of seed 003 as SVG (ABS-17): for each condition (rows) and activation (columns), the
/// data points and every trained model's weight drawn as an arrow. The arrow starts at
/// p = mu - ((W mu + b) / ||W||^2) W, the projection of mu onto the model's boundary W x + b = 0,
/// and points along W / ||W||^2 (the author's `get_scaled_vectors`: length 1 / ||W||, the step in
/// x that changes W x + b by one). Colours: Coherent blue, Adhoc red, Dead violet. View
/// [-10, 10]^2 as in the author's plots; arrows leaving it are clipped. Dashed grey lines are the
/// principal axes of Sigma through mu.
public enum Figure1 {
  public struct Panel: Sendable {
    public var activation: NodeActivation
    public var condition: BiasCondition
    public var outcomes: [Experiment1.Outcome]
    public init(activation: NodeActivation, condition: BiasCondition, outcomes: [Experiment1.Outcome]) {
      self.activation = activation; self.condition = condition; self.outcomes = outcomes
    }
  }

  static let colors: [NodeClass: String] = [.coherent: "#1f4fd1", .adhoc: "#d12a1f", .dead: "#b04fd1"]

  /// The arrow of one node in data coordinates: start p and end p + W / ||W||^2 (nil for W = 0).
  public static func arrow(_ node: SingleNode, mean: [Double]) -> (start: [Double], end: [Double])? {
    let squared = node.weight.reduce(0) { $0 + $1 * $1 }
    guard squared > 0 else { return nil }
    let a = node.preactivation(mean)
    let start = (0..<mean.count).map { mean[$0] - a / squared * node.weight[$0] }
    return (start, (0..<mean.count).map { start[$0] + node.weight[$0] / squared })
  }

  /// The SVG document: panels laid out with conditions as rows and activations as columns.
  public static func svg(points: Tensor, geometry: GaussianGeometry, panels: [Panel], title: String) -> String {
    let size = 360.0, margin = 40.0, top = 50.0
    let activations = Array(Set(panels.map(\.activation))).sorted { $0.rawValue > $1.rawValue }  // ReLU then Abs
    let conditions = BiasCondition.allCases.filter { c in panels.contains { $0.condition == c } }
    var canvas = SVGCanvas(width: margin + Double(activations.count) * (size + margin),
                           height: top + Double(conditions.count) * (size + margin + 10))
    canvas.text(canvas.width / 2, 24, title, size: 15, anchor: "middle")
    for (row, condition) in conditions.enumerated() {
      for (column, activation) in activations.enumerated() {
        guard let panel = panels.first(where: { $0.activation == activation && $0.condition == condition }) else { continue }
        let x0 = margin + Double(column) * (size + margin), y0 = top + Double(row) * (size + margin + 10)
        draw(panel, into: &canvas, x0: x0, y0: y0, size: size, points: points, geometry: geometry, clip: "c\(row)\(column)")
      }
    }
    // Legend.
    var legendX = margin
    for c in NodeClass.allCases {
      canvas.arrow(legendX, canvas.height - 12, legendX + 24, canvas.height - 12, color: colors[c]!)
      canvas.text(legendX + 30, canvas.height - 8, c.description, size: 11)
      legendX += 110
    }
    return canvas.document
  }

  static func draw(_ panel: Panel, into canvas: inout SVGCanvas, x0: Double, y0: Double, size: Double,
                   points: Tensor, geometry: GaussianGeometry, clip: String) {
    let (low, high) = (-10.0, 10.0)
    func px(_ x: Double) -> Double { x0 + (x - low) / (high - low) * size }
    func py(_ y: Double) -> Double { y0 + (high - y) / (high - low) * size }
    let counts = NodeClass.allCases.map { c in "\(panel.outcomes.filter { $0.nodeClass == c }.count) \(c.rawValue)" }
    canvas.text(
      x0 + size / 2, y0 - 6, "\(panel.activation), \(panel.condition): " + counts.joined(separator: ", "), size: 12,
      anchor: "middle")
    canvas.raw(
      """
        <clipPath id=\"\(clip)\"><rect x=\"\(SVGCanvas.number(x0))\" y=\"\(SVGCanvas.number(y0))\" \
        width=\"\(SVGCanvas.number(size))\" height=\"\(SVGCanvas.number(size))\"/></clipPath>
        """
    )
    canvas.rectangle(x0, y0, size, size, stroke: "#888888")
    canvas.raw("<g clip-path=\"url(#\(clip))\">")
    // Grid lines at the integers divisible by 5.
    for v in stride(from: -5.0, through: 5.0, by: 5.0) {
      canvas.line(px(v), py(low), px(v), py(high), color: "#dddddd", width: 0.5)
      canvas.line(px(low), py(v), px(high), py(v), color: "#dddddd", width: 0.5)
    }
    let d = points.shape[1]
    canvas.beginGroup([("fill", "#9cc3e6"), ("fill-opacity", "0.6")])
    for i in 0..<points.shape[0] {
      canvas.circle(px(points.scalars[i * d]), py(points.scalars[i * d + 1]), radius: 1.2, color: nil)
    }
    canvas.endGroup()
    let mu = geometry.mean
    for (k, v) in geometry.eigenvectors.enumerated() {
      let half = 3 * geometry.eigenvalues[k].squareRoot()
      canvas.line(px(mu[0] - half * v[0]), py(mu[1] - half * v[1]), px(mu[0] + half * v[0]), py(mu[1] + half * v[1]),
                  color: "#555555", width: 1, dashed: true)
    }
    for c in NodeClass.allCases {
      canvas.beginGroup([
        ("stroke", colors[c]!), ("fill", colors[c]!), ("stroke-width", "1"), ("stroke-opacity", "0.6"), ("fill-opacity", "0.6")
      ])
      for outcome in panel.outcomes where outcome.nodeClass == c {
        guard let (start, end) = arrow(outcome.final, mean: mu) else { continue }
        canvas.arrow(px(start[0]), py(start[1]), px(end[0]), py(end[1]), color: nil, head: 5)
      }
      canvas.endGroup()
    }
    canvas.raw("</g>")
  }
}
