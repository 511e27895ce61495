import Foundation

/// A labelled sentence-classification corpus (DATA-10): sentences as read (untokenised), one
/// class index per sentence, and the class names. Validated like ``Dataset``: one label per
/// sentence, each in `0..<classNames.count`.
public struct TextCorpus: Equatable, Sendable {
  public let name: String
  public let sentences: [String]
  public let labels: [Int]
  public let classNames: [String]

  public init(name: String, sentences: [String], labels: [Int], classNames: [String]) throws(DatasetError) {
    guard sentences.count == labels.count else {
      throw .shape(dataset: name, reason: "\(sentences.count) sentences but \(labels.count) labels")
    }
    guard !classNames.isEmpty else { throw .shape(dataset: name, reason: "no class names") }
    for (row, label) in labels.enumerated() where label < 0 || label >= classNames.count {
      throw .labelOutOfRange(dataset: name, row: row, label: label, classCount: classNames.count)
    }
    self.name = name
    self.sentences = sentences
    self.labels = labels
    self.classNames = classNames
  }

  public var count: Int { sentences.count }
}

/// Readers of sentence-classification corpora (DATA-10).
///
/// - GLUE SST-2 layout (`train.tsv`, `dev.tsv`): a header line of TAB-separated column names that
///   includes `sentence` and `label`; then one TAB-separated row per example with as many fields as
///   the header. (GLUE's unlabelled `test.tsv`, `index TAB sentence`, is refused: no `label`.)
/// - Label-first layout of the classic SST/MR/CR/SUBJ/MPQA/TREC files: each line is a label, one
///   space or TAB, and the sentence (the rest of the line, trimmed).
///
/// Label tokens become class indices: when `classNames` is given, a label must be one of them;
/// otherwise the classes are the distinct label tokens sorted numerically when all are integers
/// (so "0" < "1" < "10") and else by their UTF-8 bytes. Lines end in "\n" or "\r\n"; trailing
/// blank lines are ignored, other blank lines are errors. Errors give file and 1-based line.
public enum TextCorpusReader {
  /// Reads the GLUE SST-2 TSV layout.
  public static func readGLUE(_ bytes: [UInt8], source: String, name: String,
                              classNames: [String]? = nil) throws(DatasetError) -> TextCorpus {
    let lines = DataFile.lines(try DataFile.text(bytes, source: source))
    guard let headerLine = lines.first else {
      throw .parse(file: source, line: 1, column: 1, reason: "empty file (expected a header with sentence and label)")
    }
    let header = headerLine.split(separator: "\t", omittingEmptySubsequences: false).map(DataFile.trimmed)
    guard let sentenceColumn = header.firstIndex(of: "sentence"), let labelColumn = header.firstIndex(of: "label") else {
      throw .parse(file: source, line: 1, column: 1, reason: "header \(header) lacks a sentence or label column")
    }
    var sentences: [String] = []
    var tokens: [(label: Substring, line: Int)] = []
    for (index, line) in lines.enumerated().dropFirst() {
      let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
      guard fields.count == header.count else {
        throw .ragged(file: source, line: index + 1, expected: header.count, got: DataFile.isBlank(line) ? 0 : fields.count)
      }
      sentences.append(String(DataFile.trimmed(fields[sentenceColumn])))
      tokens.append((DataFile.trimmed(fields[labelColumn]), index + 1))
    }
    return try corpus(name: name, source: source, sentences: sentences, labelTokens: tokens, classNames: classNames)
  }

  /// Reads the label-first layout.
  public static func readLabelFirst(_ bytes: [UInt8], source: String, name: String,
                                    classNames: [String]? = nil) throws(DatasetError) -> TextCorpus {
    let lines = DataFile.lines(try DataFile.text(bytes, source: source))
    var sentences: [String] = []
    var tokens: [(label: Substring, line: Int)] = []
    for (index, line) in lines.enumerated() {
      let content = DataFile.trimmed(line)
      guard let gap = content.firstIndex(where: { $0 == " " || $0 == "\t" }) else {
        throw .parse(file: source, line: index + 1, column: 1,
                     reason: content.isEmpty ? "blank line" : "a label but no sentence")
      }
      tokens.append((content[..<gap], index + 1))
      sentences.append(String(DataFile.trimmed(content[gap...])))
    }
    return try corpus(name: name, source: source, sentences: sentences, labelTokens: tokens, classNames: classNames)
  }

  /// Reads either layout from a file (gzip allowed).
  public static func read(file: URL, name: String, glue: Bool, classNames: [String]? = nil) throws(DatasetError) -> TextCorpus {
    let (bytes, source) = try DataFile.contents(file)
    return glue ? try readGLUE(bytes, source: source, name: name, classNames: classNames)
      : try readLabelFirst(bytes, source: source, name: name, classNames: classNames)
  }

  /// Maps label tokens to class indices (see the type's documentation) and builds the corpus.
  static func corpus(name: String, source: String, sentences: [String], labelTokens: [(label: Substring, line: Int)],
                     classNames: [String]?) throws(DatasetError) -> TextCorpus {
    let classes = classNames ?? inferredClassNames(labelTokens.map { String($0.label) })
    guard !classes.isEmpty else { throw .parse(file: source, line: 1, column: 1, reason: "no examples") }
    let index = Dictionary(classes.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { first, _ in first })
    var labels: [Int] = []
    labels.reserveCapacity(labelTokens.count)
    for (token, line) in labelTokens {
      guard let label = index[String(token)] else {
        throw .unknownLabel(file: source, line: line, label: String(token), known: classes)
      }
      labels.append(label)
    }
    return try TextCorpus(name: name, sentences: sentences, labels: labels, classNames: classes)
  }

  /// Distinct labels, numerically sorted when all are integers, else by UTF-8 bytes.
  static func inferredClassNames(_ labels: [String]) -> [String] {
    let distinct = Array(Set(labels))
    let numbers = distinct.compactMap { Int($0) }
    if numbers.count == distinct.count, Set(numbers.map(String.init)) == Set(distinct) {
      return numbers.sorted().map(String.init)
    }
    return distinct.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
  }
}
