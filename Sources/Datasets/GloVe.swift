import Foundation
import Tensors

/// GloVe word vectors in their text format (DATA-54): one word per line, the word then its D
/// numbers, separated by single spaces (`glove.840B.300d.txt`, the vectors seed 004 used;
/// `glove.6B.300d.txt`, `glove.42B.300d.txt`). In glove.840B a few words contain spaces, so the
/// last D fields are the numbers and everything before them is the word.
public enum GloVe {
  /// The file names looked for, in order.
  public static let fileNames = ["glove.840B.300d.txt", "glove.42B.300d.txt", "glove.6B.300d.txt"]

  /// Vectors read from a file: the dimension and the vectors of the words kept.
  public struct Vectors: Sendable, Equatable {
    public let dimension: Int
    public let vectors: [String: [Double]]
  }

  /// Reads `file` (plain text streamed in 4 MiB blocks, so an 5.6 GB file is never held; a
  /// gzip-compressed file is inflated whole first). `wanted` keeps only those words (all when
  /// nil): the numbers of other lines are never parsed, and lines whose word is not valid UTF-8
  /// are skipped (they cannot be wanted). `dimension` nil takes the first line's field count
  /// minus one. The first occurrence of a word wins. Errors, naming file and line: a kept line
  /// with fewer than D + 1 fields, a field that is not a finite number (its 1-based column is the
  /// field number), invalid UTF-8 when every word is kept; an empty file.
  public static func read(file: URL, dimension: Int? = nil, wanted: Set<String>? = nil) throws(DatasetError) -> Vectors {
    var parser = Parser(source: file.path, dimension: dimension, wanted: wanted)
    let head = try DataFile.readPrefix(file, count: 2)
    if Gzip.hasMagic(head) {
      let (bytes, source) = try DataFile.contents(file)
      parser.source = source
      try parser.feed(bytes[...], final: true)
      return try parser.result()
    }
    guard let handle = FileHandle(forReadingAtPath: file.path) else { throw .unreadable(file: file.path, reason: "cannot open") }
    defer { try? handle.close() }
    while true {
      let block: Data
      do { block = try handle.read(upToCount: 4 << 20) ?? Data() } catch {
        throw .unreadable(file: file.path, reason: "\(error)")
      }
      if block.isEmpty { break }
      try parser.feed([UInt8](block)[...], final: false)
    }
    try parser.feed([][...], final: true)
    return try parser.result()
  }

  /// Parses GloVe text held in memory (``read(file:dimension:wanted:)`` without the file).
  public static func parse(_ bytes: [UInt8], source: String, dimension: Int? = nil, wanted: Set<String>? = nil)
    throws(DatasetError) -> Vectors
  {
    var parser = Parser(source: source, dimension: dimension, wanted: wanted)
    try parser.feed(bytes[...], final: true)
    return try parser.result()
  }

  /// An embedding matrix [vocabulary.count, D] for a vocabulary (DATA-54): row i is the GloVe
  /// vector of token i when there is one, else `fill(i)` (D values); also the number of rows
  /// GloVe gave. The special tokens are looked up like any other (GloVe has none of them).
  public static func matrix(for vocabulary: Vocabulary, vectors: Vectors, fill: (Int) -> [Double]) throws(DatasetError) -> (
    Tensor, found: Int
  ) {
    let d = vectors.dimension
    var scalars: [Double] = []
    scalars.reserveCapacity(vocabulary.count * d)
    var found = 0
    for (i, token) in vocabulary.tokens.enumerated() {
      if let v = vectors.vectors[token] { scalars += v; found += 1; continue }
      let row = fill(i)
      guard row.count == d else {
        throw .invalidArgument(operation: "GloVe.matrix", reason: "fill gave \(row.count) values for dimension \(d)")
      }
      scalars += row
    }
    return (try Dataset.matrix(rows: vocabulary.count, columns: d, scalars: scalars, name: "GloVe"), found)
  }

  /// The line-by-line parser behind both entry points.
  struct Parser {
    var source: String
    var dimension: Int?
    let wanted: Set<String>?
    var vectors: [String: [Double]] = [:]
    var pending: [UInt8] = []
    var line = 0

    init(source: String, dimension: Int?, wanted: Set<String>?) {
      (self.source, self.dimension, self.wanted) = (source, dimension, wanted)
    }

    /// Consumes the complete lines of `pending + bytes`; with `final`, also the last one.
    mutating func feed(_ bytes: ArraySlice<UInt8>, final: Bool) throws(DatasetError) {
      pending += bytes
      var start = 0
      while let end = pending[start...].firstIndex(of: 10) {
        try parseLine(pending[start..<end])
        start = end + 1
      }
      pending.removeFirst(start)
      if final && !pending.isEmpty {
        try parseLine(pending[...])
        pending = []
      }
    }

    mutating func parseLine(_ raw: ArraySlice<UInt8>) throws(DatasetError) {
      line += 1
      var bytes = raw
      if bytes.last == 13 { bytes = bytes.dropLast() }  // "\r\n"
      if bytes.allSatisfy({ $0 == 32 || $0 == 9 }) { return }
      let fields = bytes.split(separator: 32, omittingEmptySubsequences: false)
      let d = dimension ?? (fields.count - 1)
      if dimension == nil {
        guard d >= 1 else { throw .parse(file: source, line: line, column: 1, reason: "a word without numbers") }
        dimension = d
      }
      guard fields.count >= d + 1 else { throw .ragged(file: source, line: line, expected: d + 1, got: fields.count) }
      let wordBytes = bytes[bytes.startIndex..<(fields[fields.count - d].startIndex - 1)]
      guard let word = String(validating: wordBytes, as: UTF8.self) else {
        if wanted != nil { return }
        throw .format(file: source, offset: wordBytes.startIndex, reason: "line \(line): the word is not valid UTF-8")
      }
      if let wanted, !wanted.contains(word) { return }
      if vectors[word] != nil { return }
      var values: [Double] = []
      values.reserveCapacity(d)
      for (i, field) in fields[(fields.count - d)...].enumerated() {
        guard let text = String(validating: field, as: UTF8.self), let x = Double(text), x.isFinite else {
          throw .parse(file: source, line: line, column: fields.count - d + i + 1, reason: "not a finite number")
        }
        values.append(x)
      }
      vectors[word] = values
    }

    func result() throws(DatasetError) -> Vectors {
      guard let dimension else { throw .parse(file: source, line: 1, column: 1, reason: "empty file") }
      return Vectors(dimension: dimension, vectors: vectors)
    }
  }
}

extension DataFile {
  /// The first `count` bytes of a file (fewer when it is shorter).
  static func readPrefix(_ url: URL, count: Int) throws(DatasetError) -> [UInt8] {
    guard let handle = FileHandle(forReadingAtPath: url.path) else {
      throw .unreadable(file: url.path, reason: FileManager.default.fileExists(atPath: url.path) ? "cannot open" : "no such file")
    }
    defer { try? handle.close() }
    do { return [UInt8](try handle.read(upToCount: count) ?? Data()) } catch {
      throw .unreadable(file: url.path, reason: "\(error)")
    }
  }
}
