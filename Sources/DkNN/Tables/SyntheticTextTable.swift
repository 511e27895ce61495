import Datasets
import Dispatch
import Evaluation
import Foundation
import Randomness
import Tensors

/// The protocol of `dknn-synthetic-text` (REPRO-64) at one scale.
public struct SyntheticTextConfiguration: Sendable, Equatable {
  public var trainingCount: Int
  public var testCount: Int
  /// Test sentences interpreted (the first ones of at least two words).
  public var interpretationLimit: Int
  public var k = 75
  public var sizes: TextModelSizes
  public var language: SentimentLanguage

  /// smoke: 200 training and 60 test sentences, 20 interpreted, the smoke models; default: 4,000,
  /// 1,000 and 500 with the default models; paper: 10,000, 2,000 and 1,000 with the authors' sizes.
  public static func forScale(_ scale: Scale) throws(DatasetError) -> SyntheticTextConfiguration {
    let language = try SentimentLanguage()
    switch scale {
    case .smoke:
      return SyntheticTextConfiguration(
        trainingCount: 200, testCount: 60, interpretationLimit: 20, sizes: .smoke, language: language)
    case .default:
      return SyntheticTextConfiguration(
        trainingCount: 4_000, testCount: 1_000, interpretationLimit: 500, sizes: .standard,
        language: language)
    case .paper:
      return SyntheticTextConfiguration(
        trainingCount: 10_000, testCount: 2_000, interpretationLimit: 1_000, sizes: .paper,
        language: language)
    }
  }
}

/// The generated data of `dknn-synthetic-text` (REPRO-64): training and test sentences of the
/// sentiment language (DATA-50) drawn from the table's seed stream ("train" and "test" children),
/// the vocabulary of the training sentences (DATA-16, minimum count 1: every word is known), and
/// the test sentences encoded with their truth.
public struct SyntheticTextData: Sendable {
  public let training: [SentimentLanguage.Sentence]
  public let test: [SentimentLanguage.Sentence]
  public let vocabulary: Vocabulary

  public init(_ c: SyntheticTextConfiguration, seed: UInt64) throws {
    let stream = SyntheticTextTable.stream(seed)
    training = c.language.sentences(count: c.trainingCount, seed: stream.child("train").seed)
    test = c.language.sentences(count: c.testCount, seed: stream.child("test").seed)
    vocabulary = try Vocabulary(sentences: training.map(\.tokens))
  }

  public var trainingSequences: [[Int]] { training.map { vocabulary.encode($0.tokens) } }
  public var evaluated: [EvaluatedSentence] { test.map { EvaluatedSentence($0, vocabulary: vocabulary) } }
}

/// `dknn-synthetic-text` (REPRO-64): beyond the paper, the stand-in for the text tables that runs
/// everywhere. Both classifiers on the sentiment language; softmax against DkNN accuracy and, per
/// interpretation method, highlighted words, precision, recall and the true cue's rank.
enum SyntheticTextTable {
  static let id = "dknn-synthetic-text"

  static let table = ReproductionTable(
    id: id, paper: "ours (beyond " + DkNNTables.wallace + ")",
    summary:
      """
        Ours: BiLSTM and Kim CNN on the generated sentiment language: softmax vs DkNN accuracy; per interpretation, highlighted \
        words, precision, recall, cue rank
        """
  ) { context in try report(context) }

  static func stream(_ seed: UInt64) -> SeedStream { SeedStream(seed: seed).child("dknn").child("synthetic-text") }

  static func report(_ context: RunContext) throws -> TableReport {
    let start = DispatchTime.now().uptimeNanoseconds
    let c = try SyntheticTextConfiguration.forScale(context.scale)
    let data = try SyntheticTextData(c, seed: context.seed)
    var rows: [ReportRow] = []
    var notes = [
      """
        Ours, beyond the paper (REPRO-64): no paper values. The sentiment language (DATA-50, negation \(c.language.negation), \
        intensifier \(c.language.intensifier), redundancy \(c.language.redundancy), up to \(c.language.maximumDistractors) \
        distractors on each side) knows which words decide each label (cues and negators), so precision and recall of the \
        highlighted words are measured against that truth, which SST does not have.
        """,
      """
        Data: \(c.trainingCount) training and \(c.testCount) test sentences drawn from seed \(context.seed) (streams \
        dknn/synthetic-text/train and /test); vocabulary of \(data.vocabulary.count) ids (the training words, <pad> and <unk>). \
        Interpretations on the first \(c.interpretationLimit) test sentences of at least two words.
        """,
      """
        DkNN (DKNN-42): k = \(c.k), exact Euclidean search on raw representations (as Wallace et al.); accuracy under \
        `lastLayer` pooling (the authors' code) and `allLayers` (the paper's description); conformity leave-one-out under both, \
        gradient and confidence leave-one-out do not depend on the pooling.
        """,
      """
        Highlighted: |normalised importance| > 0.05 after the authors' display normalisation (DKNN-25); precision and recall \
        pooled over sentences (DKNN-27); cue rank: the support rank of the first cue word (1 = most supporting, DKNN-26).
        """
    ]
    for kind in TextModelKind.allCases {
      let outcome = try outcome(kind, context: context)
      rows += self.rows(outcome)
      notes.append("Model: " + c.sizes.describe(kind) + ". Training loss per epoch: "
                   + outcome.trained.losses.map { String(format: "%.4f", $0) }.joined(separator: ", ") + ". Time: "
                   + TextRows.phases(outcome.phases) + ".")
    }
    notes.append(
      String(
        format: "Seed %llu, scale %@, %.1f s in all on %d thread(s); the machine may be shared, so times are upper bounds.",
        context.seed, context.scale.rawValue, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, Parallelism.threads))
    return TableReport(
      id: id, title: "DkNN on the generated sentiment language (ours): accuracy and interpretations against the known truth",
      paper: "ours, beyond Wallace, Feng & Boyd-Graber 2018 (no paper values)", scale: context.scale, seed: context.seed,
      rows: rows, notes: notes)
  }

  /// One model's run on the language at the context's scale and seed, computed once per process
  /// (`dknn-highlighted-words` reuses the BiLSTM's).
  static func outcome(_ kind: TextModelKind, context: RunContext) throws -> TextModelOutcome {
    try cache.value("\(context.scale.rawValue)|\(context.seed)|\(kind.rawValue)") {
      let c = try SyntheticTextConfiguration.forScale(context.scale)
      let data = try SyntheticTextData(c, seed: context.seed)
      return try TextModelOutcome(
        kind, sizes: c.sizes, vocabulary: data.vocabulary.count, classes: 2, training: data.trainingSequences,
        labels: data.training.map(\.label), test: data.evaluated, k: c.k,
        interpretations: InterpretationMethod.allCases, interpretationLimit: c.interpretationLimit,
        stream: stream(context.seed), context: context, table: id)
    }
  }

  static let cache = OutcomeCache()

  /// Rows of one model: accuracies, then per method and pooling the highlight statistics.
  static func rows(_ outcome: TextModelOutcome) -> [ReportRow] {
    let model = outcome.trained.kind.rawValue
    var rows: [ReportRow] = []
    guard let last = outcome.byPooling[.lastLayer], let all = outcome.byPooling[.allLayers] else { return [] }
    rows.append(TextRows.accuracy(last.softmaxCorrect, of: last.testCount, paper: nil,
                                  key: [("model", model), ("classifier or method", "softmax"), ("pooling", "–")]))
    for (pooling, evaluation) in [(NeighborPooling.lastLayer, last), (.allLayers, all)] {
      rows.append(TextRows.accuracy(evaluation.dknnCorrect, of: evaluation.testCount, paper: nil,
                                    key: [("model", model), ("classifier or method", "DkNN"), ("pooling", pooling.rawValue)]))
    }
    for method in InterpretationMethod.allCases {
      for pooling in TextModelOutcome.poolings(method) {
        guard let tally = outcome.byPooling[pooling]?.tallies[method] else { continue }
        let key = [("model", model), ("classifier or method", TextRows.name(method)),
                   ("pooling", method == .conformityLeaveOneOut ? pooling.rawValue : "–")]
        rows.append(TextRows.value(tally.meanHighlighted, metric: "highlighted words per sentence", key: key))
        rows.append(TextRows.value(tally.meanWords, metric: "words per sentence", key: key))
        rows.append(TextRows.value(tally.precision, metric: "precision (highlighted words that decide the label)", key: key))
        rows.append(TextRows.value(tally.recall, metric: "recall (deciding words highlighted)", key: key))
        rows.append(TextRows.value(tally.meanCueRank, metric: "mean support rank of the cue word", key: key))
        rows.append(TextRows.value(tally.cueFirstShare, metric: "share of sentences whose cue ranks first", key: key))
      }
    }
    return rows
  }
}

/// Runs kept for the process's lifetime, by key (one `reproduce` invocation).
final class OutcomeCache: @unchecked Sendable {
  private let lock = NSLock()
  private var outcomes: [String: TextModelOutcome] = [:]

  func value(_ key: String, _ make: () throws -> TextModelOutcome) throws -> TextModelOutcome {
    lock.lock()
    defer { lock.unlock() }
    if let cached = outcomes[key] { return cached }
    let made = try make()
    outcomes[key] = made
    return made
  }
}
