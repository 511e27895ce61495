import Foundation
import Testing

/// The Spec <-> code <-> test mapping (FOUND-50). Spec files define ids in headings of the form
/// `### PREFIX-N · Title`; code cites them in doc comments, tests in display names or bodies.
/// This suite fails when a Spec id is cited by no test or by no source file, or when a test or
/// source cites an id (with a prefix Spec uses) that Spec does not define.
@Suite("Spec coverage")
struct SpecCoverageTests {
  /// The repository root, found from this file's path (Tests/SpecTests/ThisFile.swift).
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  /// All regular files with the given extension under `directory`, recursively.
  static func files(under directory: String, withExtension ext: String) -> [URL] {
    let base = root.appendingPathComponent(directory)
    guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { return [] }
    return walker.compactMap { $0 as? URL }.filter { $0.pathExtension == ext }.sorted { $0.path < $1.path }
  }

  /// Ids matched by `pattern` in `text`.
  static func matches(_ pattern: String, in text: String, group: Int = 0) -> [String] {
    let regex = try! NSRegularExpression(pattern: pattern)
    let range = NSRange(text.startIndex..., in: text)
    return regex.matches(in: text, range: range).compactMap { Range($0.range(at: group), in: text).map { String(text[$0]) } }
  }

  /// Ids defined by Spec headings.
  static func definedIds() throws -> [String: String] {
    var ids: [String: String] = [:]
    for file in files(under: "Spec", withExtension: "md") {
      let text = try String(contentsOf: file, encoding: .utf8)
      for id in matches(#"(?m)^#{2,4} ([A-Z][A-Z0-9]*-[0-9]+) ·"#, in: text, group: 1) {
        #expect(ids[id] == nil, "Spec id \(id) is defined twice (\(file.lastPathComponent), \(ids[id] ?? ""))")
        ids[id] = file.lastPathComponent
      }
    }
    return ids
  }

  /// Ids cited in the files with extension `ext` under `directory` whose prefix is one Spec uses.
  static func citedIds(under directory: String, prefixes: Set<String>, withExtension ext: String = "swift") throws -> [String:
    String]
  {
    var cited: [String: String] = [:]
    for file in files(under: directory, withExtension: ext) {
      let text = try String(contentsOf: file, encoding: .utf8)
      for id in matches(#"\b[A-Z][A-Z0-9]*-[0-9]+\b"#, in: text) {
        let prefix = String(id[..<id.lastIndex(of: "-")!])
        if prefixes.contains(prefix), cited[id] == nil { cited[id] = file.lastPathComponent }
      }
    }
    return cited
  }

  @Test("[FOUND-50] every Spec id is cited by a test and by the code, and every cited id is defined")
  func completeMapping() throws {
    let defined = try Self.definedIds()
    #expect(!defined.isEmpty, "no Spec ids found under \(Self.root.path)/Spec")
    let prefixes = Set(defined.keys.map { String($0[..<$0.lastIndex(of: "-")!]) })
    let inTests = try Self.citedIds(under: "Tests", prefixes: prefixes)
    var inCode = try Self.citedIds(under: "Sources", prefixes: prefixes)
    inCode.merge(try Self.citedIds(under: "Reproductions", prefixes: prefixes)) { a, _ in a }
    // Tools other implementations run (the numpy consumer of the vectors) are code too.
    inCode.merge(try Self.citedIds(under: "Fixtures/vectors", prefixes: prefixes, withExtension: "py")) { a, _ in a }
    // This suite defines the convention it checks; its own citations of FOUND-50 count.
    for id in defined.keys.sorted() {
      #expect(inTests[id] != nil, "Spec id \(id) (\(defined[id]!)) is cited by no test")
      #expect(inCode[id] != nil || id == "FOUND-50", "Spec id \(id) (\(defined[id]!)) is cited by no source file")
    }
    for (id, file) in inTests.sorted(by: { $0.key < $1.key }) where defined[id] == nil {
      Issue.record("test file \(file) cites \(id), which Spec does not define")
    }
    for (id, file) in inCode.sorted(by: { $0.key < $1.key }) where defined[id] == nil {
      Issue.record("source file \(file) cites \(id), which Spec does not define")
    }
  }
}
