/// The three word-importance methods of seed 004 (DKNN-22 ... DKNN-24), in the paper's order.
public enum InterpretationMethod: String, Sendable, CaseIterable {
  case gradient
  case confidenceLeaveOneOut
  case conformityLeaveOneOut
}

/// How well one interpretation of one sentence finds the words that decide its label (DKNN-27),
/// when those words are known (the sentiment language, DATA-50).
///
/// - `highlighted`: the words with |normalised importance| > 0.05 (DKNN-25);
/// - `hits`: highlighted words that are relevant (cues and negators);
/// - `relevant`: the number of relevant words;
/// - `cueRank`: the support rank (DKNN-26) of the first cue word, 1 = the word the method finds
///   most supporting.
///
/// Precision hits / highlighted and recall hits / relevant are pooled over sentences (sums of hits
/// over sums of highlighted or relevant words), so a sentence with nothing highlighted adds to the
/// recall's denominator only; ``HighlightTally`` does the pooling.
public struct HighlightQuality: Sendable, Equatable {
  public let highlighted: Int
  public let hits: Int
  public let relevant: Int
  public let cueRank: Int

  public init(highlighted: Int, hits: Int, relevant: Int, cueRank: Int) {
    (self.highlighted, self.hits, self.relevant, self.cueRank) = (highlighted, hits, relevant, cueRank)
  }

  /// The quality of `attribution` (scores one per word) against the relevant word positions and
  /// the cue's position, with the authors' display normalisation for `positiveClass` (DKNN-25).
  /// Errors: a position outside the sentence.
  public init(_ attribution: Attribution, relevantPositions: [Int], cuePosition: Int, positiveClass: Int = 1) throws(DkNNError) {
    let n = attribution.scores.count
    guard relevantPositions.allSatisfy({ (0..<n).contains($0) }), (0..<n).contains(cuePosition) else {
      throw .invalidArgument("relevant positions \(relevantPositions) or cue \(cuePosition) outside a sentence of \(n) words")
    }
    let marked = SaliencyDisplay.highlighted(SaliencyDisplay.normalized(attribution, positiveClass: positiveClass))
    let relevant = Set(relevantPositions)
    self.init(
      highlighted: marked.count(where: { $0 }), hits: marked.indices.count(where: { marked[$0] && relevant.contains($0) }),
      relevant: relevant.count, cueRank: SaliencyDisplay.supportRanks(attribution)[cuePosition])
  }
}

/// Sums of ``HighlightQuality`` over sentences (DKNN-27): the mean number of highlighted words per
/// sentence, pooled precision and recall, the mean rank of the cue and the share of sentences in
/// which the cue ranks first.
public struct HighlightTally: Sendable, Equatable {
  public private(set) var sentences = 0
  /// Sentences added with their truth (the denominators of the cue statistics).
  public private(set) var judged = 0
  public private(set) var words = 0
  public private(set) var highlighted = 0
  public private(set) var hits = 0
  public private(set) var relevant = 0
  public private(set) var cueRanks = 0
  public private(set) var cueFirst = 0

  public init() {}

  /// Adds one sentence of `words` words (highlight counts without a known truth: `quality` nil).
  public mutating func add(words: Int, highlighted: Int) {
    sentences += 1
    self.words += words
    self.highlighted += highlighted
  }

  /// Adds one sentence with its known truth.
  public mutating func add(words: Int, _ quality: HighlightQuality) {
    add(words: words, highlighted: quality.highlighted)
    judged += 1
    hits += quality.hits
    relevant += quality.relevant
    cueRanks += quality.cueRank
    if quality.cueRank == 1 { cueFirst += 1 }
  }

  public var meanWords: Double { Double(words) / Double(sentences) }
  public var meanHighlighted: Double { Double(highlighted) / Double(sentences) }
  /// Hits over highlighted words (NaN when nothing was highlighted).
  public var precision: Double { Double(hits) / Double(highlighted) }
  /// Hits over relevant words (NaN without a truth).
  public var recall: Double { Double(hits) / Double(relevant) }
  /// Over the sentences with a truth (NaN when there were none).
  public var meanCueRank: Double { Double(cueRanks) / Double(judged) }
  public var cueFirstShare: Double { Double(cueFirst) / Double(judged) }
}
