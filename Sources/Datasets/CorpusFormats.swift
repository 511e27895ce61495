import Foundation

/// How a text file's bytes become text (DATA-52).
public enum TextDecoding: String, Sendable, CaseIterable {
  /// Invalid UTF-8 is an error at its byte offset (DATA-11's rule; the default).
  case strict
  /// Python's `open(..., encoding='utf-8', errors='ignore')`, as the DkNN authors read their
  /// corpora: each maximal invalid subsequence (Unicode's maximal-subpart rule) is dropped.
  case dropInvalidBytes

  /// The text of `bytes`.
  public func text(_ bytes: [UInt8], source: String) throws(DatasetError) -> String {
    if self == .strict { return try DataFile.text(bytes, source: source) }
    if let text = String(validating: bytes, as: UTF8.self) { return text }
    var scalars = String.UnicodeScalarView()
    var parser = Unicode.UTF8.ForwardParser()
    var iterator = bytes.makeIterator()
    loop: while true {
      switch parser.parseScalar(from: &iterator) {
      case .valid(let encoded): scalars.append(Unicode.UTF8.decode(encoded))
      case .error: continue
      case .emptyInput: break loop
      }
    }
    return String(scalars)
  }
}

/// Readers of the sentence corpora of seed 004 in their usual distributed formats (DATA-51 ... DATA-53).
extension TextCorpusReader {
  // MARK: SST trees (DATA-51)

  /// Which labels an SST tree file yields.
  public enum SSTGranularity: String, Sendable {
    /// The root label 0...4 (very negative ... very positive).
    case fine
    /// SST-2: root labels 2 (neutral) dropped, 0-1 negative (0), 3-4 positive (1).
    case binary
  }

  /// Reads the Stanford Sentiment Treebank's PTB trees (`trainDevTestTrees_PTB/trees/train.txt`,
  /// `dev.txt`, `test.txt`; DATA-51): one tree per line, `(label child...)` with leaves
  /// `(label word)`. The sentence is the leaves in order joined by single spaces, with the PTB
  /// escapes -LRB- and -RRB- read as "(" and ")"; the label is the root's. Errors name line and
  /// column: unbalanced parentheses, a node without a label 0...4, text after the tree.
  public static func readSSTTrees(_ bytes: [UInt8], source: String, name: String, granularity: SSTGranularity)
    throws(DatasetError) -> TextCorpus
  {
    let lines = DataFile.lines(try DataFile.text(bytes, source: source))
    var sentences: [String] = [], labels: [Int] = []
    for (index, line) in lines.enumerated() {
      let (root, leaves) = try SSTTree.parse(Array(line.unicodeScalars), line: index + 1, source: source)
      switch granularity {
      case .fine: labels.append(root)
      case .binary:
        if root == 2 { continue }
        labels.append(root < 2 ? 0 : 1)
      }
      sentences.append(leaves.map { $0 == "-LRB-" ? "(" : $0 == "-RRB-" ? ")" : $0 }.joined(separator: " "))
    }
    let classes =
      granularity == .fine ? ["very negative", "negative", "neutral", "positive", "very positive"] : ["negative", "positive"]
    return try TextCorpus(name: name, sentences: sentences, labels: labels, classNames: classes)
  }

  // MARK: One sentence per line, one file per class (DATA-52)

  /// Reads classes kept in separate files of one sentence per line (Kim's and SentEval's CR, MPQA,
  /// SUBJ, MR: `custrev.pos`/`custrev.neg`, `mpqa.pos`/`mpqa.neg`, `subj.objective`/
  /// `subj.subjective`, `rt-polarity.pos`/`rt-polarity.neg`; DATA-52): the files in the order
  /// given, file i's lines labelled classNames[i], each line trimmed; a blank line is an error.
  public static func readOnePerLine(_ files: [(bytes: [UInt8], source: String)], classNames: [String], name: String,
                                    decoding: TextDecoding = .strict) throws(DatasetError) -> TextCorpus {
    guard files.count == classNames.count, !files.isEmpty else {
      throw .invalidArgument(operation: "readOnePerLine", reason: "\(files.count) files for \(classNames.count) class names")
    }
    var sentences: [String] = [], labels: [Int] = []
    for (label, file) in files.enumerated() {
      for (index, line) in DataFile.lines(try decoding.text(file.bytes, source: file.source)).enumerated() {
        let sentence = DataFile.trimmed(line)
        guard !sentence.isEmpty else { throw .parse(file: file.source, line: index + 1, column: 1, reason: "blank line") }
        sentences.append(String(sentence))
        labels.append(label)
      }
    }
    return try TextCorpus(name: name, sentences: sentences, labels: labels, classNames: classNames)
  }

  // MARK: TREC questions (DATA-52)

  /// The six coarse TREC classes, in this order.
  public static let trecCoarseClasses = ["ABBR", "DESC", "ENTY", "HUM", "LOC", "NUM"]

  /// Reads Li & Roth's TREC question files (`train_5500.label`, `TREC_10.label`; DATA-52): each
  /// line `COARSE:fine question...`, the class the part before the colon (one of
  /// ``trecCoarseClasses``), the sentence the rest of the line after the first space.
  public static func readTREC(_ bytes: [UInt8], source: String, name: String, decoding: TextDecoding = .strict)
    throws(DatasetError) -> TextCorpus
  {
    var sentences: [String] = [], labels: [Int] = []
    for (index, line) in DataFile.lines(try decoding.text(bytes, source: source)).enumerated() {
      let content = DataFile.trimmed(line)
      guard let space = content.firstIndex(of: " "), let colon = content[..<space].firstIndex(of: ":") else {
        throw .parse(file: source, line: index + 1, column: 1, reason: "expected COARSE:fine and a question")
      }
      let coarse = String(content[..<colon])
      guard let label = trecCoarseClasses.firstIndex(of: coarse) else {
        throw .unknownLabel(file: source, line: index + 1, label: coarse, known: trecCoarseClasses)
      }
      sentences.append(String(DataFile.trimmed(content[space...])))
      labels.append(label)
    }
    return try TextCorpus(name: name, sentences: sentences, labels: labels, classNames: trecCoarseClasses)
  }
}

/// A recursive-descent reader of one PTB-style SST tree (DATA-51).
enum SSTTree {
  /// The root label and the leaves of the tree on `line`.
  static func parse(_ s: [Unicode.Scalar], line: Int, source: String) throws(DatasetError) -> (Int, [String]) {
    var position = 0
    var leaves: [String] = []
    func fail(_ reason: String) -> DatasetError { .parse(file: source, line: line, column: position + 1, reason: reason) }
    func skipSpaces() { while position < s.count, s[position] == " " || s[position] == "\t" { position += 1 } }
    func node() throws(DatasetError) -> Int {
      skipSpaces()
      guard position < s.count, s[position] == "(" else { throw fail("expected '('") }
      position += 1
      guard position < s.count, let label = Int(String(s[position])), (0...4).contains(label) else {
        throw fail("expected a label 0...4")
      }
      position += 1
      guard position < s.count, s[position] == " " else { throw fail("expected a space after the label") }
      skipSpaces()
      guard position < s.count else { throw fail("the tree ends inside a node") }
      if s[position] == "(" {
        while true {
          skipSpaces()
          guard position < s.count else { throw fail("unbalanced parentheses: the tree ends inside a node") }
          if s[position] == ")" { position += 1; return label }
          _ = try node()
        }
      }
      let start = position
      while position < s.count, s[position] != ")", s[position] != "(", s[position] != " " { position += 1 }
      guard position > start else { throw fail("empty leaf") }
      leaves.append(String(String.UnicodeScalarView(s[start..<position])))
      skipSpaces()
      guard position < s.count, s[position] == ")" else { throw fail("expected ')' after the leaf") }
      position += 1
      return label
    }
    let root = try node()
    skipSpaces()
    guard position == s.count else { throw fail("text after the tree") }
    return (root, leaves)
  }
}
