import Foundation

/// The page a reader of a results directory starts from (EVAL-50): `README.md`, one line per table
/// report (`ID.json`) found in the directory, in the registry's order, then any others by id.
///
/// Each line names the table and links its `ID.md`, gives the paper source, how many rows are
/// `within` / `outside` the paper's value or have no paper value (EVAL-24), the run time, and links
/// the table's figures: the other files whose names are the id followed by `.` or `-` (the longest
/// matching id owns a file). The index is rebuilt from the reports on disk after every run, so it
/// also lists tables run earlier, and written as EVAL-31 writes reports: staged whole under
/// `.README.md.partial`, then renamed; a directory in the way is refused, not deleted.
public enum ResultsIndex {
  /// One table's line.
  public struct Entry: Equatable, Sendable {
    public var id: String, title: String, paper: String
    public var within: Int, outside: Int, withoutPaperValue: Int
    public var seconds: Double
    /// Figures and other files of the table, by name.
    public var files: [String]
  }

  /// The index's file name.
  public static let fileName = "README.md"

  /// The entries for every table report in `directory`, ordered by `order` (unknown ids last, by
  /// id). A JSON file without "table" and "rows" is not a report and is skipped; a report that
  /// cannot be read is an error naming it.
  public static func entries(in directory: URL, order: [String]) throws(ReportError) -> [Entry] {
    let names: [String]
    do { names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() } catch {
      throw .cannotWrite(path: directory.path, reason: "cannot list the directory (\(TableReport.reason(error)))")
    }
    var entries: [Entry] = []
    for name in names where name.hasSuffix(".json") && !name.hasPrefix(".") {
      let url = directory.appendingPathComponent(name)
      guard !TableReport.existsAsNonFile(url.path) else { continue }
      let json: JSONValue
      do { json = try JSONValue(parsing: try String(contentsOf: url, encoding: .utf8)) } catch {
        throw .failed(table: name, reason: "cannot read the report for the results index: \(error)")
      }
      guard let id = json["table"]?.string, let rows = json["rows"]?.array else { continue }
      let verdicts = rows.map { $0["verdict"]?.string ?? "" }
      entries.append(Entry(id: id, title: json["title"]?.string ?? "", paper: json["paper"]?.string ?? "",
                           within: verdicts.filter { $0 == Verdict.within.rawValue }.count,
                           outside: verdicts.filter { $0 == Verdict.outside.rawValue }.count,
                           withoutPaperValue: verdicts.filter { $0 == Verdict.noPaperValue.rawValue }.count,
                           seconds: json["seconds"]?.number ?? 0, files: []))
    }
    // A figure belongs to the longest id it starts with (followed by "." or "-").
    let ids = entries.map(\.id)
    for name in names where !name.hasPrefix(".") && name != fileName && !name.hasSuffix(".json") && !name.hasSuffix(".md") {
      let owners = ids.filter { name.hasPrefix($0 + ".") || name.hasPrefix($0 + "-") }
      if let owner = owners.max(by: { $0.count < $1.count }), let i = entries.firstIndex(where: { $0.id == owner }) {
        entries[i].files.append(name)
      }
    }
    let rank = Dictionary(order.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    return entries.sorted { a, b in
      switch (rank[a.id], rank[b.id]) {
      case let (x?, y?): return x < y
      case (.some, nil): return true
      case (nil, .some): return false
      case (nil, nil): return a.id < b.id
      }
    }
  }

  /// The Markdown page for `entries` of one scale.
  public static func markdown(_ entries: [Entry], scale: String) -> String {
    var lines = [
      "# Results at scale \(scale)", "",
      "One line per table in this directory; `reproduce run ID --scale \(scale)` rewrites a table and this index.",
      "Verdicts compare each row with the paper (Spec/Evaluation.md EVAL-24): within twice the combined",
      "standard error, outside it, or no paper value to compare with. Each table's notes give the protocol",
      "and the likeliest reason for every miss.", "",
      "| table | paper | within | outside | no paper value | time | figures |",
      "|---|---|---|---|---|---|---|",
    ]
    for e in entries {
      let figures = e.files.isEmpty ? "–" : e.files.map { "[\($0)](\($0))" }.joined(separator: " · ")
      let cells = ["[\(e.id)](\(e.id).md): \(e.title)", e.paper, "\(e.within)", "\(e.outside)", "\(e.withoutPaperValue)",
                   duration(e.seconds), figures]
      lines.append("| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |")
    }
    let total = (entries.map(\.within).reduce(0, +), entries.map(\.outside).reduce(0, +),
                 entries.map(\.withoutPaperValue).reduce(0, +))
    lines += ["",
              "In all: \(entries.count) tables, \(total.0) rows within, \(total.1) outside, \(total.2) without a paper value."]
    return lines.joined(separator: "\n") + "\n"
  }

  /// Seconds as "12.3 s", "4 min 05 s" or "2 h 03 min".
  static func duration(_ seconds: Double) -> String {
    if seconds < 60 { return String(format: "%.1f s", seconds) }
    let s = Int(seconds.rounded())
    if s < 3600 { return String(format: "%d min %02d s", s / 60, s % 60) }
    return String(format: "%d h %02d min", s / 3600, (s % 3600) / 60)
  }

  /// Rebuilds `directory/README.md` from the reports in `directory`, titled with `scale`.
  public static func write(directory: URL, scale: String, order: [String]) throws(ReportError) {
    let page = markdown(try entries(in: directory, order: order), scale: scale)
    let final = directory.appendingPathComponent(fileName)
    let staging = directory.appendingPathComponent(".\(fileName).partial")
    for path in [final.path, staging.path] where TableReport.existsAsNonFile(path) {
      throw .cannotWrite(path: path, reason: "something other than a regular file is in the way (a directory?); move it")
    }
    do { try Data(page.utf8).write(to: staging) } catch {
      try? FileManager.default.removeItem(at: staging)
      throw .cannotWrite(path: staging.path, reason: TableReport.reason(error))
    }
    guard rename(staging.path, final.path) == 0 else {
      let reason = String(cString: strerror(errno))
      try? FileManager.default.removeItem(at: staging)
      throw .cannotWrite(path: final.path, reason: reason)
    }
  }
}
