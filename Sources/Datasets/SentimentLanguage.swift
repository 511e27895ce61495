import Randomness

/// A generated sentiment language whose every token's role is known (DATA-50): sentences of
/// neutral distractor words around one sentiment phrase `[negator] [intensifier] cue`, sometimes
/// followed by a second, agreeing phrase. The label is the cue's polarity, flipped by a negator;
/// intensifiers and distractors never change it. So the words an interpretation should highlight
/// are exactly the cues and negators (``TokenRole/decidesLabel``), and a method's highlights and
/// word ranks can be scored against the truth.
public struct SentimentLanguage: Sendable, Equatable {
  /// The role of a token in its sentence.
  public enum TokenRole: String, Sendable, CaseIterable {
    /// A positive or negative word: it sets the polarity.
    case cue
    /// "not", "never", "hardly" before a cue: it flips the polarity.
    case negator
    /// "very", "really"... before a cue: it leaves the label as it is.
    case intensifier
    /// "and" joining two phrases, and every neutral word: no effect on the label.
    case distractor

    /// True for the roles the label depends on (cues and negators).
    public var decidesLabel: Bool { self == .cue || self == .negator }
  }

  /// One generated sentence: its tokens, their roles, its label (0 negative, 1 positive).
  public struct Sentence: Sendable, Equatable {
    public let tokens: [String]
    public let roles: [TokenRole]
    public let label: Int
    /// The positions whose role decides the label.
    public var relevantPositions: [Int] { roles.indices.filter { roles[$0].decidesLabel } }
    /// The position of the first cue (every sentence has one).
    public var cuePosition: Int { roles.firstIndex(of: .cue) ?? 0 }
  }

  public static let positiveCues = ["good", "great", "excellent", "wonderful", "superb", "brilliant", "delightful", "charming"]
  public static let negativeCues = ["bad", "awful", "terrible", "dull", "boring", "poor", "dreadful", "tedious"]
  public static let negators = ["not", "never", "hardly"]
  public static let intensifiers = ["very", "really", "truly", "extremely", "remarkably"]
  public static let distractors = [
    "the", "a", "this", "movie", "film", "story", "plot", "script", "cast", "actor", "scene", "ending",
    "music", "was", "is", "seemed", "felt", "with", "of", "in", "overall", "it", "director", "camera"
  ]
  /// Joins a second phrase to the first.
  public static let conjunction = "and"
  public static let classNames = ["negative", "positive"]

  /// Probability that a phrase is negated, that it is intensified, that a second agreeing phrase
  /// follows; distractors before and after each sentence's phrases: uniform in 0...maximum.
  public var negation = 0.3
  public var intensifier = 0.3
  public var redundancy = 0.2
  public var maximumDistractors = 4

  /// Errors: a probability outside [0, 1] or a negative distractor count.
  public init(negation: Double = 0.3, intensifier: Double = 0.3, redundancy: Double = 0.2, maximumDistractors: Int = 4)
    throws(DatasetError)
  {
    for (name, p) in [
      ("negation", negation), ("intensifier", intensifier),
      (
        "redundancy",
        redundancy
      )
    ] where !(p >= 0 && p <= 1) {
      throw .invalidArgument(operation: "SentimentLanguage", reason: "\(name) probability \(p) is outside [0, 1]")
    }
    guard maximumDistractors >= 0 else {
      throw .invalidArgument(operation: "SentimentLanguage", reason: "maximum distractors \(maximumDistractors) is negative")
    }
    (self.negation, self.intensifier, self.redundancy, self.maximumDistractors) = (
      negation, intensifier, redundancy, maximumDistractors
    )
  }

  /// One sentence, drawn from `random` in this order (DATA-50): the label (uniform over 0, 1); the
  /// number of leading distractors and each of them; the first phrase (negated? intensified? cue);
  /// whether a second phrase follows, and if so that phrase (never negated here, so its cue
  /// agrees with the label directly); the number of trailing distractors and each of them.
  /// Probabilities are decided by `nextDouble() < p`, choices by ``RandomSource/int(below:)``.
  public func sentence<G: RandomSource>(using random: inout G) -> Sentence {
    var tokens: [String] = [], roles: [TokenRole] = []
    func pick(_ words: [String], _ role: TokenRole) {
      tokens.append(words[random.uniformChoice(words.count)])
      roles.append(role)
    }
    func distractors() {
      for _ in 0..<random.uniformChoice(maximumDistractors + 1) { pick(Self.distractors, .distractor) }
    }
    func phrase(label: Int, mayNegate: Bool) {
      let negated = mayNegate && random.nextDouble() < negation
      if negated { pick(Self.negators, .negator) }
      if random.nextDouble() < intensifier { pick(Self.intensifiers, .intensifier) }
      let positive = (label == 1) != negated
      pick(positive ? Self.positiveCues : Self.negativeCues, .cue)
    }
    let label = random.uniformChoice(2)
    distractors()
    phrase(label: label, mayNegate: true)
    if random.nextDouble() < redundancy {
      tokens.append(Self.conjunction)
      roles.append(.distractor)
      phrase(label: label, mayNegate: false)
    }
    distractors()
    return Sentence(tokens: tokens, roles: roles, label: label)
  }

  /// `count` sentences from a fresh generator seeded `seed` (xoshiro256** via SplitMix64, RAND-3).
  public func sentences(count: Int, seed: UInt64) -> [Sentence] {
    var random = Xoshiro256StarStar(seed: seed)
    return (0..<Swift.max(0, count)).map { _ in sentence(using: &random) }
  }

  /// The sentences as a corpus (tokens joined by single spaces; the project's tokenizer, DATA-15,
  /// gives the tokens back).
  public static func corpus(_ sentences: [Sentence], name: String = "sentiment language") throws(DatasetError) -> TextCorpus {
    try TextCorpus(name: name, sentences: sentences.map { $0.tokens.joined(separator: " ") }, labels: sentences.map(\.label),
                   classNames: classNames)
  }
}

extension RandomSource {
  /// A uniform index in 0..<n for n >= 1 (``int(below:)`` without the check).
  mutating func uniformChoice(_ n: Int) -> Int { (try? int(below: Swift.max(1, n))) ?? 0 }
}
