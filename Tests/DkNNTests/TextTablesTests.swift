import Autodiff
import Datasets
import Evaluation
import Foundation
import Networks
import Tensors
import Testing
@testable import DkNN

/// The fields every text table's JSON carries, checked on the serialised report.
func checkReportJSON(_ report: TableReport, id: String, keys: [String], metrics: Set<String>) throws {
  let json = report.json
  #expect(json["table"]?.string == id && json["scale"]?.string == "smoke" && json["seed"]?.number != nil)
  let rows = try #require(json["rows"]?.array)
  #expect(!rows.isEmpty)
  for row in rows {
    #expect(row["key"]?.members?.map(\.0) == keys, "\(String(describing: row["key"]))")
    #expect(row["ours"]?["mean"] != nil && row["verdict"]?.string != nil)
  }
  let found = Set(rows.compactMap { $0["metric"]?.string })
  #expect(metrics.isSubset(of: found), "metrics \(found)")
  let notes = json["notes"]?.array ?? []
  #expect(notes.count > 0)
}

@Suite("DkNN: the text classifiers of the tables")
struct TextClassifiersTests {
  @Test(
    """
      [DKNN-41] padding: batches padded at the end with id 0 to the longest sentence (at least the CNN's widest filter); the \
      encoder pads a short sentence
      """
  )
  func padding() throws {
    let batch = try TextClassifiers.paddedBatch([[3, 4], [5, 6, 7, 8, 9, 2]], minimum: 5)
    #expect(batch.shape == [2, 6] && batch.scalars == [3, 4, 0, 0, 0, 0, 5, 6, 7, 8, 9, 2])
    #expect(try TextClassifiers.paddedBatch([[3, 4]], minimum: 5).scalars == [3, 4, 0, 0, 0])
    #expect(try TextClassifiers.encoder(minimum: 5)([7, 8]).scalars == [7, 8, 0, 0, 0])
    #expect(try TextClassifiers.encoder(minimum: 1)([7, 8]).shape == [1, 2])
    #expect(TextClassifiers.minimumLength(.cnn) == 5 && TextClassifiers.minimumLength(.bilstm) == 1)
  }

  @Test(
    """
      [DKNN-41] [DKNN-24] the tables' models: their DkNN taps exist, and gradient x embedding of a padded CNN input scores the \
      L words only, equal to central differences
      """
  )
  func models() throws {
    let sizes = TextModelSizes(
      embedding: 3, width: 4, lstmLayers: 2, filters: 2, dropout: 0, epochs: 1, batchSize: 4, learningRate: 0.01)
    #expect(TextClassifiers.representationTaps(.bilstm, sizes: sizes) == ["lstm.final0", "lstm.final1", "relu", "fc2"])
    let sequences = [[2, 3, 4], [5, 6], [7, 2, 3, 5], [4, 4, 6]], labels = [1, 0, 1, 0]
    for kind in TextModelKind.allCases {
      let trained = try TextClassifiers.train(kind, sizes: sizes, vocabulary: 8, classes: 2, sequences: sequences, labels: labels,
                                              stream: .init(seed: 3))
      let again = try TextClassifiers.train(kind, sizes: sizes, vocabulary: 8, classes: 2, sequences: sequences, labels: labels,
                                            stream: .init(seed: 3))
      #expect(trained.model.network.parameters == again.model.network.parameters && trained.losses.count == 1)
      let representations = try trained.model.representations(sequences)
      #expect(representations.layers == TextClassifiers.representationTaps(kind, sizes: sizes))
      let tokens = [3, 6, 2]
      let attribution = try GradientAttribution.scores(trained.model, tokens: tokens)
      #expect(attribution.scores.count == 3)
      func loss(scaling token: Int, by factor: Double) throws -> Double {
        var network = trained.model.network
        var weight = try network.parameters.value("embedding.weight")
        for d in 0..<3 { weight[flat: token * 3 + d] *= factor }
        try network.parameters.setValue(weight, for: "embedding.weight")
        let logits = try network.predict(try trained.model.encode(tokens)).scalars
        let m = logits.max()!
        return -(logits[attribution.prediction] - m - Foundation.log(logits.map { Foundation.exp($0 - m) }.reduce(0, +)))
      }
      let h = 1e-5
      for (i, token) in tokens.enumerated() {
        let difference = (try loss(scaling: token, by: 1 + h) - (try loss(scaling: token, by: 1 - h))) / (2 * h)
        #expect(abs(attribution.scores[i] - difference) <= 1e-7 * max(1, abs(difference)), "\(kind) word \(i)")
      }
    }
    let wrong = try Tensor(shape: [7, 3], scalars: [Double](repeating: 0.5, count: 21))
    #expect(throws: DkNNError.self) {
      try TextClassifiers.train(
        .cnn, sizes: sizes, vocabulary: 8, classes: 2, sequences: sequences, labels: labels, embeddings: wrong,
        stream: .init(seed: 1))
    }
  }
}

@Suite("DkNN: dknn-synthetic-text")
struct SyntheticTextTableTests {
  /// The label and deciding words of a sentence of the language, recomputed from its words alone:
  /// the first cue's polarity, flipped by a negator before it (with at most an intensifier between).
  static func truth(_ tokens: [String]) -> (label: Int, relevant: [Int]) {
    let cue = tokens.firstIndex { SentimentLanguage.positiveCues.contains($0) || SentimentLanguage.negativeCues.contains($0) }!
    var label = SentimentLanguage.positiveCues.contains(tokens[cue]) ? 1 : 0
    let negated = (1...2).contains { cue - $0 >= 0 && SentimentLanguage.negators.contains(tokens[cue - $0]) }
    if negated { label = 1 - label }
    let relevant = tokens.indices.filter {
      SentimentLanguage.negators.contains(tokens[$0]) || SentimentLanguage.positiveCues.contains(tokens[$0])
        || SentimentLanguage.negativeCues.contains(tokens[$0])
    }
    return (label, relevant)
  }

  @Test("[REPRO-64] the generated corpus: a hand-checked sentence, and every sentence's truth agrees with its words")
  func corpus() throws {
    let c = try SyntheticTextConfiguration.forScale(.smoke)
    let data = try SyntheticTextData(c, seed: 0)
    #expect(data.training.count == 200 && data.test.count == 60)
    // Hand-checked: a negated positive cue, so negative; the negator and the cue decide it.
    // "hardly" negates the intensified positive cue "superb": negative, decided by words 4 and 6.
    let hand = try #require(data.training.first { $0.roles.contains(.negator) })
    #expect(hand.tokens.joined(separator: " ") == "story the overall story hardly remarkably superb seemed actor this overall")
    #expect(hand.label == 0 && hand.relevantPositions == [4, 6] && hand.cuePosition == 6)
    #expect(hand.roles[5] == .intensifier && hand.roles.filter { $0 == .distractor }.count == 8)
    for s in data.training + data.test {
      let t = Self.truth(s.tokens)
      #expect(s.label == t.label && s.relevantPositions == t.relevant, "\(s.tokens)")
    }
    // Encoded test sentences keep the truth, every word known to the vocabulary built on the training sentences.
    for (e, s) in zip(data.evaluated, data.test) {
      #expect(e.relevantPositions == s.relevantPositions && e.label == s.label && e.cuePosition == s.cuePosition)
    }
    // The seed decides the corpus.
    #expect(try SyntheticTextData(c, seed: 1).training != data.training)
  }

  @Test(
    """
      [REPRO-64] [DKNN-42] dknn-synthetic-text at smoke scale: both models, accuracies and every method's statistics, no paper \
      values
      """
  )
  func smoke() throws {
    let report = try SyntheticTextTable.table.run(RunContext(scale: .smoke, seed: 0, dataDirectories: [], quiet: true))
    try checkReportJSON(report, id: "dknn-synthetic-text", keys: ["model", "classifier or method", "pooling"],
                        metrics: ["accuracy", "highlighted words per sentence", "words per sentence",
                                  "precision (highlighted words that decide the label)", "recall (deciding words highlighted)",
                                  "mean support rank of the cue word", "share of sentences whose cue ranks first"])
    #expect(report.rows.allSatisfy { $0.paper == nil })
    #expect(Set(report.rows.map { $0.key[0].1 }) == ["BiLSTM", "CNN"])
    // Per model: softmax, DkNN under two poolings, then gradient, confidence LOO and conformity LOO under two poolings (6 metrics
    // each).
    #expect(report.rows.count == 2 * (3 + 4 * 6))
    for row in report.rows where row.metric == "accuracy" { #expect((0...1).contains(row.ours.mean) && row.ours.n == 60) }
    for row in report.rows where row.metric == "words per sentence" { #expect(row.ours.mean >= 2) }
    #expect(
      report.notes.contains { $0.contains("Ours, beyond the paper") }
        && report.notes.contains { $0.contains("Seed 0, scale smoke") })
    print(report.markdown)
  }
}

/// A temporary data directory holding SST in the authors' layout (label-first lines) with
/// sentences of the sentiment language, and optionally a small GloVe file.
func temporaryTextData(glove: Bool) throws -> URL {
  let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
    "dknn-text-\(UUID().uuidString)", isDirectory: true)
  try FileManager.default.createDirectory(at: directory.appendingPathComponent("text"), withIntermediateDirectories: true)
  let language = try SentimentLanguage()
  for (file, count, seed) in [("stsa.binary.train", 120, UInt64(21)), ("stsa.binary.test", 30, UInt64(22))] {
    let lines = language.sentences(count: count, seed: seed).map { "\($0.label) " + $0.tokens.joined(separator: " ") }
    try (lines.joined(separator: "\n") + "\n").write(
      to: directory.appendingPathComponent("text/\(file)"), atomically: true, encoding: .utf8)
  }
  if glove {
    let vectors = ["good 0.5 0.1 -0.2 0.3", "bad -0.5 0.2 0.1 -0.3", "movie 0.01 0.02 0.03 0.04"]
    try (vectors.joined(separator: "\n") + "\n").write(
      to: directory.appendingPathComponent("glove.6B.300d.txt"), atomically: true, encoding: .utf8)
  }
  return directory
}

@Suite("DkNN: dknn-text-table1 and dknn-highlighted-words")
struct TextCorpusTablesTests {
  @Test(
    "[REPRO-65] [DATA-64] dknn-text-table1 without corpora is not run: the error names every file and every directory looked in")
  func table1Absent() throws {
    let empty = try Self.emptyDirectory()
    defer { try? FileManager.default.removeItem(at: empty) }
    let (table, file, searched) = try #require(Self.missing(DkNNTextTable1.table, in: [empty, empty]))
    // The directory given twice is searched (and named) once.
    #expect(table == "dknn-text-table1" && searched == [empty.path, empty.appendingPathComponent("text").path])
    for name in [
      "stsa.binary.train", "stsa.binary.test", "custrev.all", "mpqa.all", "subj.all", "TREC.train.all", "TREC.test.all"
    ] {
      #expect(file.contains(name), "\(file)")
    }
  }

  static func emptyDirectory() throws -> URL {
    let empty = FileManager.default.temporaryDirectory.appendingPathComponent(
      "dknn-empty-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
    return empty
  }

  /// The `missingData` error of a table run at smoke scale on `directory` alone (nil for any other outcome).
  static func missing(_ table: ReproductionTable, in directories: [URL]) -> (table: String, file: String, searched: [String])? {
    do { _ = try table.run(RunContext(scale: .smoke, seed: 0, dataDirectories: directories, quiet: true)) } catch let error
      as ReportError
    {
      if case let .missingData(table, file, searched, _) = error { return (table, file, searched) }
    } catch {}
    return nil
  }

  @Test(
    """
      [REPRO-66] [DATA-64] dknn-highlighted-words without SST is not run, naming stsa.binary.train and .test; one of the two \
      files alone is an error
      """
  )
  func highlightedAbsent() throws {
    let empty = try Self.emptyDirectory()
    defer { try? FileManager.default.removeItem(at: empty) }
    let (table, file, searched) = try #require(Self.missing(HighlightedWordsTable.table, in: [empty]))
    #expect(table == "dknn-highlighted-words" && file == "stsa.binary.train, stsa.binary.test" && searched.contains(empty.path))
    try "1 a good film\n".write(to: empty.appendingPathComponent("stsa.binary.train"), atomically: true, encoding: .utf8)
    #expect {
      _ = try HighlightedWordsTable.table.run(RunContext(scale: .smoke, seed: 0, dataDirectories: [empty], quiet: true))
    } throws: { error in
      guard let report = error as? ReportError, case let .failed(_, reason) = report else { return false }
      return reason.contains("stsa.binary.test")
    }
  }

  @Test(
    """
      [REPRO-65] [DATA-64] dknn-text-table1 at smoke scale on SST alone (with a GloVe file): rows with the paper's values, the \
      others noted absent
      """
  )
  func table1Smoke() throws {
    let data = try temporaryTextData(glove: true)
    defer { try? FileManager.default.removeItem(at: data) }
    let report = try DkNNTextTable1.table.run(RunContext(scale: .smoke, seed: 0, dataDirectories: [data], quiet: true))
    try checkReportJSON(
      report, id: "dknn-text-table1", keys: ["data set", "model", "classifier", "pooling"], metrics: ["accuracy"])
    #expect(report.rows.count == 6 && report.rows.allSatisfy { $0.key[0].1 == "SST" && $0.ours.n == 30 })
    #expect(report.rows.filter { $0.paper != nil }.map { $0.paper!.mean } == [0.867, 0.866, 0.857, 0.858])
    #expect(report.notes.contains { $0.contains("GloVe glove.6B.300d.txt (4-d, fine-tuned)") })
    #expect(
      report.notes.contains {
        $0.contains("Not run for want of data: CR (custrev.all)") && $0.contains("TREC (TREC.train.all, TREC.test.all)")
      })
    print(report.markdown)
  }

  @Test(
    """
      [REPRO-66] dknn-highlighted-words at smoke scale: SST rows beside the paper's counts, and the labelled stand-in rows of \
      the language
      """
  )
  func highlightedSmoke() throws {
    let data = try temporaryTextData(glove: false)
    defer { try? FileManager.default.removeItem(at: data) }
    let report = try HighlightedWordsTable.table.run(RunContext(scale: .smoke, seed: 0, dataDirectories: [data], quiet: true))
    try checkReportJSON(report, id: "dknn-highlighted-words", keys: ["data", "method", "pooling"],
                        metrics: ["highlighted words per sentence", "words per sentence"])
    #expect(report.rows.count == 2 * 2 * 4)
    let papers = report.rows.filter { $0.metric == "highlighted words per sentence" && $0.paper != nil }.map { $0.paper!.mean }
    #expect(papers == [5.32, 5.79, 3.65])
    #expect(report.rows.filter { $0.key[0].1.contains("stand-in") }.allSatisfy { $0.paper == nil })
    #expect(report.notes.contains { $0.contains("random embeddings") })
    // The stand-in rows equal the synthetic table's BiLSTM counts at the same scale and seed.
    let synthetic = try SyntheticTextTable.outcome(
      .bilstm, context: RunContext(scale: .smoke, seed: 0, dataDirectories: [], quiet: true))
    let standIn = report.rows.first {
      $0.key[0].1.contains("stand-in") && $0.key[1].1 == "gradient" && $0.metric == "highlighted words per sentence"
    }
    #expect(standIn?.ours.mean == synthetic.byPooling[.lastLayer]?.tallies[.gradient]?.meanHighlighted)
    print(report.markdown)
  }
}
