import Datasets
import Dispatch
import Evaluation
import Foundation
import Tensors

/// How much of the corpora a scale uses in the real-corpus text tables (REPRO-65, REPRO-66).
public struct TextCorpusScale: Sendable, Equatable {
  public var trainingLimit: Int?
  public var testLimit: Int?
  public var interpretationLimit: Int?
  public var sizes: TextModelSizes
  public var k = 75

  /// paper: every sentence, the authors' model sizes, every test sentence interpreted; default:
  /// the first 3,000 training and 500 test sentences, the default models, 200 interpreted; smoke:
  /// 200, 60 and 20 with the smoke models.
  public static func forScale(_ scale: Scale) -> TextCorpusScale {
    switch scale {
    case .paper: return TextCorpusScale(trainingLimit: nil, testLimit: nil, interpretationLimit: nil, sizes: .paper)
    case .default: return TextCorpusScale(trainingLimit: 3_000, testLimit: 500, interpretationLimit: 200, sizes: .standard)
    case .smoke: return TextCorpusScale(trainingLimit: 200, testLimit: 60, interpretationLimit: 20, sizes: .smoke)
    }
  }
}

/// `dknn-text-table1` (REPRO-65): seed 004's Table 1, softmax against DkNN accuracy of the BiLSTM
/// and the CNN on SST-2, CR, TREC, MPQA and SUBJ, from the authors' corpus files in `--data-dir`.
enum DkNNTextTable1 {
  static let id = "dknn-text-table1"

  static let table = ReproductionTable(
    id: id, paper: DkNNTables.wallace,
    summary:
      "Seed 004 Table 1: softmax vs DkNN accuracy of a BiLSTM and a CNN on SST-2, CR, TREC, MPQA, SUBJ (corpora from --data-dir)"
  ) { context in try report(context) }

  /// The corpora in the paper's column order.
  static let corpora: [DkNNCorpora.Name] = [.sst2, .cr, .trec, .mpqa, .subj]

  /// Seed 004 Table 1 in percent: (LSTM, LSTM DkNN, CNN, CNN DkNN).
  static let paperValues: [DkNNCorpora.Name: (lstm: Double, lstmDkNN: Double, cnn: Double, cnnDkNN: Double)] = [
    .sst2: (86.7, 86.6, 85.7, 85.8), .cr: (82.7, 82.5, 83.3, 83.4), .trec: (91.5, 91.3, 92.8, 92.4),
    .mpqa: (88.9, 88.6, 89.1, 88.7), .subj: (94.8, 94.9, 93.5, 93.1),
  ]

  static func paper(_ name: DkNNCorpora.Name, _ kind: TextModelKind, dknn: Bool) -> PaperValue? {
    guard let v = paperValues[name] else { return nil }
    let percent = switch (kind, dknn) {
    case (.bilstm, false): v.lstm
    case (.bilstm, true): v.lstmDkNN
    case (.cnn, false): v.cnn
    case (.cnn, true): v.cnnDkNN
    }
    return PaperValue(percent / 100)
  }

  static func report(_ context: RunContext) throws -> TableReport {
    let start = DispatchTime.now().uptimeNanoseconds
    let scale = TextCorpusScale.forScale(context.scale)
    var found: [(DkNNCorpora.Name, (training: TokenizedCorpus, test: TokenizedCorpus))] = []
    var absent: [DkNNCorpora.Name] = []
    for name in corpora {
      if let corpus = try TextCorpusData.load(name, directories: context.dataDirectories, table: id) {
        found.append((name, corpus))
      } else {
        absent.append(name)
      }
    }
    guard !found.isEmpty else { throw TextCorpusData.missing(corpora, directories: context.dataDirectories, table: id) }
    if !absent.isEmpty {
      context.notice(
        "\(id): not found, so not run: "
          + absent.map { "\($0.tableName) (\($0.files.joined(separator: ", ")))" }.joined(separator: "; "))
    }
    let glove = try TextCorpusData.gloveFile(context.dataDirectories)
    let stream = SyntheticTextTable.stream(context.seed).child("table1")
    var rows: [ReportRow] = []
    var notes = [
      "Protocol (REPRO-65): the authors' corpus files read and split as their code (DATA-53), their vocabulary (minimum count 2, at most 20,000 ids); sentences encoded without their appended <eos>. Scale \(context.scale.rawValue): "
        + (scale.trainingLimit.map { "the first \($0) training and \(scale.testLimit ?? 0) test sentences of each corpus" }
          ?? "every sentence") + ".",
      """
        DkNN (DKNN-42): k = \(scale.k), exact Euclidean search on raw representations. The `lastLayer` rows (the authors' code, \
        which made the paper's numbers) carry the paper's values; `allLayers` (the paper's description) is ours beside them.
        """,
      "Accuracies are n Bernoulli outcomes (std sqrt(p (1 - p))); the verdict's bound is twice the binomial standard error.",
    ]
    var embeddingNotes: [String] = []
    for (name, corpus) in found {
      let prepared = try PreparedCorpus(name, corpus: corpus, trainingLimit: scale.trainingLimit, testLimit: scale.testLimit,
                                        sizes: scale.sizes, glove: glove, stream: stream.child(name.rawValue))
      embeddingNotes.append(prepared.embeddingNote)
      for kind in TextModelKind.allCases {
        let outcome = try TextModelOutcome(
          kind, sizes: prepared.sizes, vocabulary: prepared.vocabulary.count, classes: prepared.classes,
          training: prepared.training, labels: prepared.trainingLabels, test: prepared.test, k: scale.k,
          embeddings: prepared.embeddings, interpretations: [], interpretationLimit: 0,
          stream: stream.child(name.rawValue), context: context, table: id)
        guard let last = outcome.byPooling[.lastLayer], let all = outcome.byPooling[.allLayers] else { continue }
        let key = { (classifier: String, pooling: String) in
          [("data set", name.tableName), ("model", kind.rawValue), ("classifier", classifier), ("pooling", pooling)]
        }
        rows.append(
          TextRows.accuracy(
            last.softmaxCorrect, of: last.testCount, paper: paper(name, kind, dknn: false), key: key("softmax", "–")))
        rows.append(
          TextRows.accuracy(
            last.dknnCorrect, of: last.testCount, paper: paper(name, kind, dknn: true), key: key("DkNN", "lastLayer")))
        rows.append(TextRows.accuracy(all.dknnCorrect, of: all.testCount, paper: nil, key: key("DkNN", "allLayers")))
        notes.append(
          "\(name.tableName) \(kind.rawValue): \(prepared.training.count) training, \(prepared.test.count) test sentences, \(prepared.classes) classes; "
            + prepared.sizes.describe(kind) + "; time " + TextRows.phases(outcome.phases) + ".")
      }
    }
    notes.append("Embeddings: " + embeddingNotes.joined(separator: "; ") + ".")
    if !absent.isEmpty {
      notes.append(
        "Not run for want of data: "
          + absent.map { "\($0.tableName) (\($0.files.joined(separator: ", ")))" }.joined(separator: "; ")
          + ", looked for in " + TextCorpusData.corpusDirectories(context.dataDirectories).map(\.path).joined(separator: ", ")
          + ".")
    }
    notes.append(String(format: "Seed %llu, %.1f s in all on %d thread(s).", context.seed,
                        Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, Parallelism.threads))
    return TableReport(id: id, title: "Softmax vs DkNN accuracy on five text classification tasks (seed 004 Table 1)",
      paper: DkNNTables.wallace + ", Table 1", scale: context.scale, seed: context.seed, rows: rows, notes: notes)
  }
}
