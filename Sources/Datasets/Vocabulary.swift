/// A token vocabulary built from a corpus (DATA-16).
///
/// Ids: 0 is `<pad>`, 1 is `<unk>`, then every token seen at least `minimumCount` times, ordered
/// by count (descending) and then by UTF-8 bytes (ascending), so the order is fully determined by
/// the counts. `maximumSize` (if given, at least 2) keeps only the first ids. Tokens not in the
/// vocabulary encode as `<unk>`. Token equality is Swift `String` equality (canonically
/// equivalent spellings are one token).
public struct Vocabulary: Equatable, Sendable {
  public static let padToken = "<pad>"
  public static let unknownToken = "<unk>"
  public static let padID = 0
  public static let unknownID = 1

  /// `tokens[id]` is the token with that id.
  public let tokens: [String]
  /// How often each token occurred in the building corpus (0 for the special tokens).
  public let counts: [Int]
  let ids: [String: Int]

  /// Builds a vocabulary from tokenised sentences.
  public init(sentences: [[String]], minimumCount: Int = 1, maximumSize: Int? = nil) throws(DatasetError) {
    guard minimumCount >= 1 else {
      throw .invalidArgument(operation: "Vocabulary", reason: "minimum count \(minimumCount) (must be at least 1)")
    }
    if let maximumSize, maximumSize < 2 {
      throw .invalidArgument(operation: "Vocabulary", reason: "maximum size \(maximumSize) (must leave room for <pad> and <unk>)")
    }
    var frequency: [String: Int] = [:]
    for sentence in sentences {
      for token in sentence { frequency[token, default: 0] += 1 }
    }
    var kept = frequency.filter { $0.value >= minimumCount && $0.key != Self.padToken && $0.key != Self.unknownToken }
      .sorted { a, b in a.value != b.value ? a.value > b.value : a.key.utf8.lexicographicallyPrecedes(b.key.utf8) }
    if let maximumSize, kept.count > maximumSize - 2 { kept = Array(kept.prefix(maximumSize - 2)) }
    tokens = [Self.padToken, Self.unknownToken] + kept.map(\.key)
    counts = [0, 0] + kept.map(\.value)
    ids = Dictionary(uniqueKeysWithValues: tokens.enumerated().map { ($0.element, $0.offset) })
  }

  /// Number of ids (including the two special tokens).
  public var count: Int { tokens.count }

  /// The id of a token (`unknownID` when absent).
  public func id(_ token: String) -> Int { ids[token] ?? Self.unknownID }

  /// The ids of a token sequence.
  public func encode(_ tokens: [String]) -> [Int] { tokens.map(id) }

  /// The ids cut or padded (with `padID`, at the end) to exactly `length`.
  public func encode(_ tokens: [String], length: Int) -> [Int] {
    let ids = encode(Array(tokens.prefix(max(length, 0))))
    return ids + [Int](repeating: Self.padID, count: max(length, 0) - ids.count)
  }
}
