import Datasets

/// A labelled token sequence to evaluate, with the words that decide its label when they are
/// known (the sentiment language, DATA-50; nil for a real corpus).
public struct EvaluatedSentence: Sendable, Equatable {
  public let tokens: [Int]
  public let label: Int
  public let relevantPositions: [Int]?
  public let cuePosition: Int?

  public init(tokens: [Int], label: Int, relevantPositions: [Int]? = nil, cuePosition: Int? = nil) {
    (self.tokens, self.label, self.relevantPositions, self.cuePosition) = (tokens, label, relevantPositions, cuePosition)
  }
}

/// Seed 004's evaluation of a trained text classifier (DKNN-28), the common core of its Table 1,
/// its highlighted-word counts and the synthetic-text table: softmax against DkNN accuracy
/// (the conformity majority vote, DKNN-11) on the test sentences, and for each interpretation
/// method (DKNN-22 ... DKNN-24) the highlighted words per sentence and, where the truth is known,
/// precision, recall and the cue's rank (DKNN-27). Model-agnostic: any ``TokenSequenceModel``.
public struct TextDkNNEvaluation: Sendable {
  public let testCount: Int
  public let softmaxCorrect: Int
  public let dknnCorrect: Int
  /// Per method, the highlight tally over the interpreted sentences (those with at least two
  /// tokens, among the first `interpretationLimit`).
  public let tallies: [InterpretationMethod: HighlightTally]
  /// Test sentences too short for leave-one-out, skipped by the interpretations.
  public let tooShort: Int

  public var softmaxAccuracy: Double { Double(softmaxCorrect) / Double(testCount) }
  public var dknnAccuracy: Double { Double(dknnCorrect) / Double(testCount) }

  /// Runs the evaluation. `index` holds the training sentences' representations at the model's
  /// DkNN layers (DKNN-1, DKNN-3: build it with ``DkNNIndex`` from
  /// ``TokenSequenceModel/representations(_:)``, space `raw` as the authors did). `methods` are the
  /// interpretations computed on the first `interpretationLimit` test sentences (leave-one-out
  /// costs one pass and one search per word). Errors: labels outside the index's classes, an
  /// empty test set, anything the model throws.
  public init(model: some TokenSequenceModel, index: DkNNIndex, pooling: NeighborPooling, test: [EvaluatedSentence],
              methods: [InterpretationMethod] = InterpretationMethod.allCases, interpretationLimit: Int? = nil,
              positiveClass: Int = 1) throws {
    guard !test.isEmpty else { throw DkNNError.invalidArgument("no test sentences") }
    try DkNNCheck.labels(test.map(\.label), count: test.count, classes: index.classes, argument: "test labels")
    let neighbors = try index.neighbors(try model.representations(test.map(\.tokens)))
    var softmaxCorrect = 0, dknnCorrect = 0
    for (q, sentence) in test.enumerated() {
      if LeaveOneOut.argmax(try model.logits(sentence.tokens)) == sentence.label { softmaxCorrect += 1 }
      let vote = ConformityVote(neighbors, query: q, labels: index.labels, classes: index.classes, pooling: pooling)
      if vote.label == sentence.label { dknnCorrect += 1 }
    }
    var tallies: [InterpretationMethod: HighlightTally] = [:]
    var tooShort = 0
    for sentence in test.prefix(interpretationLimit ?? test.count) {
      guard sentence.tokens.count >= 2 else { tooShort += 1; continue }
      for method in methods {
        let attribution: Attribution
        switch method {
        case .gradient: attribution = try GradientAttribution.scores(model, tokens: sentence.tokens)
        case .confidenceLeaveOneOut: attribution = try LeaveOneOut.confidence(model, tokens: sentence.tokens)
        case .conformityLeaveOneOut:
          attribution = try LeaveOneOut.conformity(model, index: index, pooling: pooling, tokens: sentence.tokens)
        }
        var tally = tallies[method] ?? HighlightTally()
        if let relevant = sentence.relevantPositions, let cue = sentence.cuePosition {
          tally.add(words: sentence.tokens.count,
            try HighlightQuality(attribution, relevantPositions: relevant, cuePosition: cue, positiveClass: positiveClass))
        } else {
          let marked = SaliencyDisplay.highlighted(SaliencyDisplay.normalized(attribution, positiveClass: positiveClass))
          tally.add(words: sentence.tokens.count, highlighted: marked.count(where: { $0 }))
        }
        tallies[method] = tally
      }
    }
    (self.testCount, self.softmaxCorrect, self.dknnCorrect, self.tallies, self.tooShort) = (
      test.count, softmaxCorrect, dknnCorrect, tallies, tooShort
    )
  }
}

extension EvaluatedSentence {
  /// A sentence of the sentiment language (DATA-50) encoded with `vocabulary`, its relevant words
  /// (cues and negators) and first cue kept as the truth (DKNN-27).
  public init(_ sentence: SentimentLanguage.Sentence, vocabulary: Vocabulary) {
    self.init(tokens: vocabulary.encode(sentence.tokens), label: sentence.label,
              relevantPositions: sentence.relevantPositions, cuePosition: sentence.cuePosition)
  }
}
