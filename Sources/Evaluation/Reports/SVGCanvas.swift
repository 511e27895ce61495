import Foundation

/// A minimal SVG writer for the reproductions' figures (EVAL-25; used by ABS-17, ABS-28, DKNN-31): elements appended as text,
/// numbers
/// printed with one decimal (a tenth of a pixel), so files are small, stable and diffable. Shapes
/// drawn with a nil colour inherit it from the enclosing group (``beginGroup(_:)``), which keeps
/// figures with thousands of points and arrows small.
public struct SVGCanvas: Sendable {
  public let width: Double, height: Double
  public private(set) var elements: [String] = []

  public init(width: Double, height: Double) {
    self.width = width
    self.height = height
  }

  public static func number(_ x: Double) -> String { String(format: "%.1f", x) }

  public static func escape(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;")
  }

  public mutating func raw(_ element: String) { elements.append(element) }

  /// Opens a group whose attributes (e.g. fill, stroke, opacity) its shapes inherit.
  public mutating func beginGroup(_ attributes: [(String, String)]) {
    elements.append("<g" + attributes.map { " \($0.0)=\"\($0.1)\"" }.joined() + ">")
  }

  public mutating func endGroup() { elements.append("</g>") }

  public mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, color: String?, width: Double? = 1,
                     opacity: Double = 1, dashed: Bool = false) {
    let n = Self.number
    elements.append(
      "<line x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\"" + (color.map { " stroke=\"\($0)\"" } ?? "")
        + (width.map { " stroke-width=\"\(n($0))\"" } ?? "")
        + (opacity < 1 ? " stroke-opacity=\"\(opacity)\"" : "") + (dashed ? " stroke-dasharray=\"3,3\"" : "") + "/>")
  }

  public mutating func circle(_ x: Double, _ y: Double, radius: Double, color: String?, opacity: Double = 1) {
    let n = Self.number
    elements.append("<circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"\(n(radius))\"" + (color.map { " fill=\"\($0)\"" } ?? "")
      + (opacity < 1 ? " fill-opacity=\"\(opacity)\"" : "") + "/>")
  }

  public mutating func polyline(_ points: [(Double, Double)], color: String, width: Double = 1.5) {
    let list = points.map { "\(Self.number($0.0)),\(Self.number($0.1))" }.joined(separator: " ")
    elements.append("<polyline points=\"\(list)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(Self.number(width))\"/>")
  }

  public mutating func rectangle(_ x: Double, _ y: Double, _ w: Double, _ h: Double, stroke: String, fill: String = "none") {
    let n = Self.number
    elements.append(
      "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(w))\" height=\"\(n(h))\" fill=\"\(fill)\" stroke=\"\(stroke)\"/>")
  }

  public mutating func text(
    _ x: Double, _ y: Double, _ content: String, size: Double = 12, anchor: String = "start", color: String = "black"
  ) {
    let n = Self.number
    elements.append(
      """
        <text x=\"\(n(x))\" y=\"\(n(y))\" font-family=\"sans-serif\" font-size=\"\(n(size))\" text-anchor=\"\(anchor)\" \
        fill=\"\(color)\">\(Self.escape(content))</text>
        """
    )
  }

  /// An arrow from (x1, y1) to (x2, y2) with a filled head of the given length; a nil colour
  /// inherits stroke and fill from the enclosing group.
  public mutating func arrow(
    _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, color: String?, head: Double = 5, opacity: Double = 1
  ) {
    line(x1, y1, x2, y2, color: color, width: color == nil ? nil : 1, opacity: opacity)
    let (dx, dy) = (x2 - x1, y2 - y1)
    let length = (dx * dx + dy * dy).squareRoot()
    guard length > 0 else { return }
    let (ux, uy) = (dx / length, dy / length)
    let h = Swift.min(head, length)
    let (bx, by) = (x2 - ux * h, y2 - uy * h)
    let (px, py) = (-uy * h * 0.4, ux * h * 0.4)
    let n = Self.number
    elements.append("<polygon points=\"\(n(x2)),\(n(y2)) \(n(bx + px)),\(n(by + py)) \(n(bx - px)),\(n(by - py))\""
      + (color.map { " fill=\"\($0)\"" } ?? "") + (opacity < 1 ? " fill-opacity=\"\(opacity)\"" : "") + "/>")
  }

  /// The document.
  public var document: String {
    let n = Self.number
    return
      ([
        """
          <svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(width))\" height=\"\(n(height))\" viewBox=\"0 0 \(n(width)) \
          \(n(height))\">
          """,
             "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>"] + elements + ["</svg>"]).joined(separator: "\n") + "\n"
  }
}
