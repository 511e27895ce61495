import Datasets
import Foundation

/// The neighbours figure (EBE-14): one row per query; the query's image, then for each of the
/// three figure taps (early, middle, late) its first neighbours' images in (distance, index)
/// order. A neighbour of another class than the query's true one is framed in red and its class
/// printed under it; the tap's prediction at k is printed beside its group. Images are PNG files
/// written by the project (DATA-60: fixed-Huffman DEFLATE, CRC-32 and Adler-32) embedded as
/// base64 data URIs, drawn at three times their size without smoothing.
enum NeighboursFigure {
  static let scale = 3
  static let gap = 6

  /// The image of row `index` of `data` (DATA-72).
  static func image(_ data: Dataset, _ index: Int) throws -> PNGImage { try data.pngImage(index) }

  /// The SVG text and, in drawing order, the images it embeds.
  static func svg(_ run: EBERun) throws -> (text: String, images: [PNGImage]) {
    let shape = run.testImages.sampleShape
    let (h, w) = (shape[shape.count - 2], shape[shape.count - 1])
    let cell = (w * scale + gap, h * scale + 22)
    let perTap = run.figure.first.map { q in run.figureTaps.map { q.neighbours[$0]?.count ?? 0 }.max() ?? 0 } ?? 0
    let groupWidth = perTap * cell.0 + 90
    let width = 20 + cell.0 + 20 + run.figureTaps.count * groupWidth
    let height = 60 + run.figure.count * (cell.1 + 8)
    var images: [PNGImage] = []
    var body: [String] = []
    func draw(_ png: PNGImage, x: Int, y: Int, wrong: Bool, caption: String?) {
      images.append(png)
      let uri = "data:image/png;base64," + Data(png.encoded()).base64EncodedString()
      body.append(
        """
          <image x=\"\(x)\" y=\"\(y)\" width=\"\(w * scale)\" height=\"\(h * scale)\" style=\"image-rendering:pixelated\" \
          href=\"\(uri)\"/>
          """
      )
      if wrong {
        body.append(
          """
            <rect x=\"\(x - 1)\" y=\"\(y - 1)\" width=\"\(w * scale + 2)\" height=\"\(h * scale + 2)\" fill=\"none\" \
            stroke=\"#d62728\" stroke-width=\"3\"/>
            """
        )
      }
      if let caption {
        body.append(
          """
            <text x=\"\(x)\" y=\"\(y + h * scale + 13)\" font-size=\"10\" \
            fill=\"\(wrong ? "#d62728" : "#333")\">\(escape(caption))</text>
            """
        )
      }
    }
    body.append(
      """
        <text x=\"20\" y=\"20\" font-size=\"14\">\(escape(run.dataSet)): queries and their nearest training examples by cosine \
        similarity (k = \(run.settings.k) votes; red: another class)</text>
        """
    )
    body.append("<text x=\"20\" y=\"42\" font-size=\"12\">query</text>")
    for (t, tap) in run.figureTaps.enumerated() {
      body.append(
        """
          <text x=\"\(40 + cell.0 + t * groupWidth)\" y=\"42\" font-size=\"12\">\(escape(tap)) \
          (\(["early", "middle", "late"][Swift.min(t, 2)]))</text>
          """
      )
    }
    for (r, query) in run.figure.enumerated() {
      let y = 52 + r * (cell.1 + 8)
      draw(
        try image(run.testImages, query.testIndex), x: 20, y: y, wrong: false,
        caption: "\(name(run, query.label)) #\(query.testIndex)")
      for (t, tap) in run.figureTaps.enumerated() {
        let x0 = 40 + cell.0 + t * groupWidth
        for (j, index) in (query.neighbours[tap] ?? []).enumerated() {
          let label = run.trainingImages.labels[index]
          draw(
            try image(run.trainingImages, index), x: x0 + j * cell.0, y: y, wrong: label != query.label,
            caption: label != query.label ? name(run, label) : nil)
        }
        let predicted = query.predictions[tap] ?? -1
        body.append(
          """
            <text x=\"\(x0 + perTap * cell.0 + 4)\" y=\"\(y + h * scale / 2 + 4)\" font-size=\"11\" \
            fill=\"\(predicted == query.label ? "#2ca02c" : "#d62728")\">→ \(escape(name(run, predicted)))</text>
            """
        )
      }
    }
    let text =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\">\n"
      + "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n" + body.joined(separator: "\n") + "\n</svg>\n"
    return (text, images)
  }

  static func name(_ run: EBERun, _ label: Int) -> String {
    run.classNames.indices.contains(label) ? run.classNames[label] : "?"
  }

  static func escape(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(
      of: ">", with: "&gt;")
  }
}
