import Foundation

/// Reading files for the readers (DATA-11): whole-file reads with typed errors, transparent gzip
/// (recognised by its magic bytes 1f 8b, not by the file name), and UTF-8 text split into lines.
/// The data-file fuzzing campaign (DATA-32) drives these paths and every reader with mutated files.
public enum DataFile {
  /// The bytes of a file.
  public static func read(_ url: URL) throws(DatasetError) -> [UInt8] {
    do {
      return [UInt8](try Data(contentsOf: url))
    } catch {
      let reason = FileManager.default.fileExists(atPath: url.path) ? "\(error.localizedDescription)" : "no such file"
      throw .unreadable(file: url.path, reason: reason)
    }
  }

  /// The bytes of a file, inflated first when they start with the gzip magic.
  public static func readDecompressing(_ url: URL) throws(DatasetError) -> [UInt8] {
    try contents(url).bytes
  }

  /// The bytes of a file, inflated when gzip-compressed, with the name errors about them should
  /// use (DATA-31): the path, followed by " (inflated)" when the bytes are the inflated content, so
  /// that a byte offset is never mistaken for one into the compressed file.
  public static func contents(_ url: URL) throws(DatasetError) -> (bytes: [UInt8], source: String) {
    let bytes = try read(url)
    guard Gzip.hasMagic(bytes) else { return (bytes, url.path) }
    return (try Gzip.decompress(bytes, source: url.path), url.path + " (inflated)")
  }

  /// Bytes as UTF-8 text; invalid UTF-8 is an error naming the byte offset of the first bad
  /// sequence (a replacement character would silently change the data).
  public static func text(_ bytes: [UInt8], source: String) throws(DatasetError) -> String {
    if let text = String(validating: bytes, as: UTF8.self) { return text }
    var parser = Unicode.UTF8.ForwardParser()
    var iterator = bytes.makeIterator()
    var offset = 0
    while true {
      switch parser.parseScalar(from: &iterator) {
      case .valid(let scalar): offset += scalar.count
      case .error: throw .format(file: source, offset: offset, reason: "invalid UTF-8")
      case .emptyInput: throw .format(file: source, offset: offset, reason: "invalid UTF-8")
      }
    }
  }

  /// The lines of a text, split at "\n" or "\r\n" (the terminators are not returned). A final
  /// terminator does not start an extra line, and trailing blank lines are dropped, so
  /// `lines[i]` is line i + 1 of the file for every line returned.
  public static func lines(_ text: String) -> [Substring] {
    var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
    while let last = lines.last, isBlank(last) { lines.removeLast() }
    return lines
  }

  /// The lines of a table (``lines(_:)``), where a blank line before the last row is an error at
  /// that line (DATA-31): it is neither a row nor the end of the file.
  public static func rows(_ text: String, source: String) throws(DatasetError) -> [Substring] {
    let lines = lines(text)
    if let blank = lines.firstIndex(where: isBlank) {
      throw .parse(file: source, line: blank + 1, column: 1, reason: "blank line before the end of the file")
    }
    return lines
  }

  /// True when a line holds nothing but spaces and tabs.
  static func isBlank(_ line: Substring) -> Bool { line.allSatisfy { $0 == " " || $0 == "\t" } }

  /// A field without leading and trailing spaces and tabs.
  static func trimmed(_ field: Substring) -> Substring {
    var field = field
    while let first = field.first, first == " " || first == "\t" { field.removeFirst() }
    while let last = field.last, last == " " || last == "\t" { field.removeLast() }
    return field
  }
}
