import Foundation

/// One row of a reproduced table (EVAL-25): where it sits (its key: ordered coordinates such as
/// dataset, w, k), which metric, our measurement, the paper's value and the verdict.
public struct ReportRow: Sendable {
  public var key: [(String, String)]
  public var metric: String
  public var ours: Summary
  public var paper: PaperValue?
  public var isCount: Bool
  public var verdict: Verdict { Verdict.compare(ours, paper, isCount: isCount) }

  public init(key: [(String, String)], metric: String, ours: Summary, paper: PaperValue?, isCount: Bool = false) {
    self.key = key; self.metric = metric; self.ours = ours; self.paper = paper; self.isCount = isCount
  }
}

/// The result of running one table (EVAL-25): written as `ID.json` and `ID.md`.
public struct TableReport: Sendable {
  public var id: String, title: String, paper: String
  public var scale: Scale, seed: UInt64, seconds: Double
  public var rows: [ReportRow]
  /// Free-text findings printed under the table: protocol, variants used, likeliest reasons for misses.
  public var notes: [String]
  /// Extra files (name -> contents), e.g. SVG figures, written beside the table.
  public var files: [(String, String)]

  public init(id: String, title: String, paper: String, scale: Scale, seed: UInt64, seconds: Double = 0,
              rows: [ReportRow] = [], notes: [String] = [], files: [(String, String)] = []) {
    self.id = id; self.title = title; self.paper = paper; self.scale = scale; self.seed = seed
    self.seconds = seconds; self.rows = rows; self.notes = notes; self.files = files
  }

  public var json: JSONValue {
    .object([
      ("table", .string(id)), ("title", .string(title)), ("paper", .string(paper)),
      ("scale", .string(scale.rawValue)), ("seed", .number(Double(seed))), ("seconds", .double(seconds)),
      ("environment", Environment.current.json),
      ("rows", .array(rows.map { row in
        .object([
          ("key", .object(row.key.map { ($0.0, .string($0.1)) })),
          ("metric", .string(row.metric)),
          ("ours",
           .object([("mean", .double(row.ours.mean)), ("std", .double(row.ours.std)), ("n", .number(Double(row.ours.n)))])),
          ("paper", row.paper.map { p in
            .object([("mean", .double(p.mean)), ("std", p.std.map(JSONValue.double) ?? .null)])
          } ?? .null),
          ("verdict", .string(row.verdict.rawValue)),
        ])
      })),
      ("notes", .array(notes.map(JSONValue.string))),
    ])
  }

  /// The Markdown table: key columns, metric, ours (mean ± std, n), paper, verdict; then notes.
  public var markdown: String {
    let keyNames = rows.first.map { $0.key.map(\.0) } ?? []
    var lines = ["## \(id): \(title)", "",
                 """
                   Paper: \(paper). Scale: \(scale.rawValue), seed \(seed), \
                   \(String(format: "%.1f", seconds)) s; \(Environment.current.summary).
                   """, ""]
    let header = keyNames + ["metric", "ours (mean ± std, n)", "paper", "verdict"]
    lines.append("| " + header.joined(separator: " | ") + " |")
    lines.append("|" + String(repeating: "---|", count: header.count))
    for row in rows {
      let ours = row.ours.n > 1 ? "\(Self.format(row.ours.mean)) ± \(Self.format(row.ours.std)) (\(row.ours.n))"
                                : Self.format(row.ours.mean)
      let paper = row.paper.map { p in p.std.map { "\(Self.format(p.mean)) ± \(Self.format($0))" } ?? Self.format(p.mean) } ?? "–"
      let cells = row.key.map(\.1) + [row.metric, ours, paper, row.verdict.rawValue]
      lines.append("| " + cells.joined(separator: " | ") + " |")
    }
    if !notes.isEmpty {
      lines.append("")
      lines += notes.map { "- " + $0 }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Four significant decimals for values below 10, else up to two decimals.
  static func format(_ x: Double) -> String {
    if !x.isFinite { return "\(x)" }
    if x == x.rounded(), Swift.abs(x) < 1e9 { return String(Int64(x)) }
    return Swift.abs(x) < 10 ? String(format: "%.4f", x) : String(format: "%.2f", x)
  }

  /// Writes `ID.json`, `ID.md` and the extra files into `directory` (EVAL-25, EVAL-31). Every file
  /// is first written whole to a temporary name `.NAME.partial` and then renamed over its final
  /// name, so no result is ever half-written. Any failure removes every temporary file this call
  /// created. Nothing the project did not write is deleted or replaced: a directory (or anything
  /// but a regular file) at an output's path, or at its temporary path, is refused before any
  /// file is written.
  public func write(to directory: URL) throws(ReportError) {
    try write(to: directory) { data, url in try data.write(to: url) }
  }

  /// ``write(to:)`` with the file writer given (tests inject failures such as a full disk).
  func write(to directory: URL, writeFile: (Data, URL) throws -> Void) throws(ReportError) {
    let manager = FileManager.default
    let outputs = [("\(id).json", json.serialized(pretty: true) + "\n"), ("\(id).md", markdown)] + files
    do { try manager.createDirectory(at: directory, withIntermediateDirectories: true) } catch {
      throw .cannotWrite(path: directory.path, reason: "cannot create the directory (\(Self.reason(error)))")
    }
    let targets = outputs.map { name, contents in
      (directory.appendingPathComponent(".\(name).partial"), directory.appendingPathComponent(name), Data(contents.utf8))
    }
    for (temporary, final, _) in targets {
      for path in [final.path, temporary.path] where Self.existsAsNonFile(path) {
        throw .cannotWrite(path: path, reason: """
          something other than a regular file is in the way (a directory?); move it or choose \
          another --out
          """)
      }
    }
    var staged: [URL] = []
    func removeStaged() { for url in staged where !Self.existsAsNonFile(url.path) { try? manager.removeItem(at: url) } }
    for (temporary, _, data) in targets {
      staged.append(temporary)
      do { try writeFile(data, temporary) } catch {
        removeStaged()
        throw .cannotWrite(path: temporary.path, reason: Self.reason(error))
      }
    }
    for (index, (temporary, final, _)) in targets.enumerated() where rename(temporary.path, final.path) != 0 {
      let reason = String(cString: strerror(errno))
      staged = Array(staged[index...])
      removeStaged()
      throw .cannotWrite(path: final.path, reason: reason)
    }
  }

  /// True when `path` exists and is not a regular file (a directory, a device...); symbolic links
  /// are judged by what they point to.
  static func existsAsNonFile(_ path: String) -> Bool {
    guard
      let type = try? FileManager.default.attributesOfItem(atPath: URL(fileURLWithPath: path).resolvingSymlinksInPath().path)[
        .type]
        as? FileAttributeType
    else { return false }
    return type != .typeRegular
  }

  /// A short reason from a Foundation or POSIX error.
  public static func reason(_ error: Error) -> String {
    let nsError = error as NSError
    if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
      return String(cString: strerror(Int32(underlying.code)))
    }
    if nsError.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(nsError.code))) }
    return nsError.localizedDescription
  }
}
