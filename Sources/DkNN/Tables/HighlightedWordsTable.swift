import Datasets
import Dispatch
import Evaluation
import Foundation
import Tensors

/// `dknn-highlighted-words` (REPRO-66): words highlighted per SST test sentence at the 0.05
/// threshold by gradient, confidence leave-one-out and conformity leave-one-out (seed 004,
/// Section 5.1), the BiLSTM of Table 2, from SST in `--data-dir`; beside them, labelled as the
/// stand-in, the same counts of `dknn-synthetic-text`'s BiLSTM on the generated language.
enum HighlightedWordsTable {
  static let id = "dknn-highlighted-words"

  static let table = ReproductionTable(
    id: id, paper: DkNNTables.wallace,
    summary:
      """
        Seed 004: words highlighted per SST sentence at 0.05 by gradient, confidence LOO, conformity LOO (BiLSTM; SST from \
        --data-dir)
        """
  ) { context in try report(context) }

  /// The paper's counts: highlighted words per sentence, and words per SST test sentence.
  static let paperHighlighted: [InterpretationMethod: Double] = [
    .gradient: 5.32, .confidenceLeaveOneOut: 5.79, .conformityLeaveOneOut: 3.65
  ]
  static let paperWords = 20.23

  static func report(_ context: RunContext) throws -> TableReport {
    let start = DispatchTime.now().uptimeNanoseconds
    guard let corpus = try TextCorpusData.load(.sst2, directories: context.dataDirectories, table: id) else {
      throw TextCorpusData.missing([.sst2], directories: context.dataDirectories, table: id)
    }
    let scale = TextCorpusScale.forScale(context.scale)
    let glove = try TextCorpusData.gloveFile(context.dataDirectories)
    let stream = SyntheticTextTable.stream(context.seed).child("highlighted-words")
    let prepared = try PreparedCorpus(.sst2, corpus: corpus, trainingLimit: scale.trainingLimit, testLimit: scale.testLimit,
                                      sizes: scale.sizes, glove: glove, stream: stream)
    let sst = try TextModelOutcome(
      .bilstm, sizes: prepared.sizes, vocabulary: prepared.vocabulary.count, classes: prepared.classes,
      training: prepared.training, labels: prepared.trainingLabels, test: prepared.test, k: scale.k,
      embeddings: prepared.embeddings, interpretations: InterpretationMethod.allCases,
      interpretationLimit: scale.interpretationLimit ?? prepared.test.count, stream: stream, context: context, table: id)
    let language = try SyntheticTextTable.outcome(.bilstm, context: context)
    var rows: [ReportRow] = []
    for (data, outcome, paper) in [("SST", sst, true), ("sentiment language (stand-in, ours)", language, false)] {
      for method in InterpretationMethod.allCases {
        for pooling in TextModelOutcome.poolings(method) {
          guard let tally = outcome.byPooling[pooling]?.tallies[method] else { continue }
          let key = [
            ("data", data), ("method", TextRows.name(method)),
            ("pooling", method == .conformityLeaveOneOut ? pooling.rawValue : "–")
          ]
          // The paper's numbers come from the authors' code, whose conformity is the last layer's.
          let withPaper = paper && pooling == .lastLayer
          rows.append(TextRows.value(tally.meanHighlighted, metric: "highlighted words per sentence", key: key,
                                     paper: withPaper ? paperHighlighted[method].map { PaperValue($0) } : nil))
          rows.append(
            TextRows.value(
              tally.meanWords, metric: "words per sentence", key: key, paper: withPaper ? PaperValue(paperWords) : nil))
        }
      }
    }
    let c = try SyntheticTextConfiguration.forScale(context.scale)
    let notes = [
      "Protocol (REPRO-66): SST as the authors read it (stsa.binary, DATA-53); \(prepared.training.count) training and \(prepared.test.count) test sentences; the interpretations on the first \(scale.interpretationLimit.map(String.init) ?? "all") test sentences of at least two words. Model: "
        + prepared.sizes.describe(.bilstm) + ". " + prepared.embeddingNote + ".",
      """
        Highlighted: |normalised importance| > 0.05 after the authors' display normalisation (DKNN-25), with conformity \
        leave-one-out under `lastLayer` pooling (the authors' code; the paper's values sit there) and `allLayers` (the paper's \
        description, ours).
        """,
      """
        Words per sentence count the words only: the authors append <eos> to every sentence, which their interpretations score \
        like a word, so the paper's 20.23 may include it.
        """,
      """
        Stand-in rows (ours, no paper values): the BiLSTM of `dknn-synthetic-text` at the same scale and seed \
        (\(c.trainingCount) training sentences of the generated language, \(c.interpretationLimit) interpreted); that table \
        adds precision, recall and cue ranks against the known truth.
        """,
      "Time: SST " + TextRows.phases(sst.phases) + String(format: "; %.1f s in all, seed %llu, %d thread(s).",
          Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, context.seed, Parallelism.threads)
    ]
    return TableReport(id: id, title: "Words highlighted per sentence at 0.05 by three interpretations (seed 004, Section 5.1)",
      paper: DkNNTables.wallace + ", Section 5.1", scale: context.scale, seed: context.seed, rows: rows, notes: notes)
  }
}
