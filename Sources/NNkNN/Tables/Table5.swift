import Datasets
import Evaluation
import Foundation
import Networks
import Randomness
import Tensors

/// `nnknn-table5`: seed 000 Table 5's text explanations (REPRO-74): test sentences with their true
/// and predicted labels and their two most activated cases, with the cases' labels and activations,
/// `<unk>` shown where a word is not in the training vocabulary. The model is Bi-LSTM + NN-kNN
/// (NNKNN-26) on SST-5 when --data-dir holds it, else on the generated sentiment language.
enum NNkNNTable5 {
  static let id = "nnknn-table5"

  static let table = ReproductionTable(id: id, paper: "seed 000 (NN-kNN, extended)", summary: """
    Table 5: text explanations, a query's two most activated cases with labels and activations
    """) { context in
    let setting = TextSetting.of(context.scale)
    let stream = SeedStream(seed: context.seed).child(id)
    let (train, test, source): (TextCorpus, TextCorpus, String)
    if let sst = try NNkNNTable4.sst(context, granularity: .fine, setting: setting) {
      (train, test, source) = (sst.0, sst.1, "SST-5 from \(sst.2)")
    } else {
      let language = try NNkNNTable4.language(setting, stream: stream.child("language"))
      (train, test, source) = (language.0, language.1, "the generated sentiment language (our stand-in; SST-5 not in --data-dir)")
    }
    let data = try TokenSplits(trainingCorpus: train, testCorpus: test, maximumLength: setting.maximumLength)
    let layer = try BiLSTMClassifier(vocabulary: data.vocabulary.count, embedding: setting.embedding, hidden: setting.hidden,
      dropout: 0.5, classifierHidden: setting.classifierHidden, classes: data.classes
    ).featureExtractor
    var initial = stream.child("init").generator()
    let run = try ImageRuns.nnknn(
      training: data.training, labels: data.trainingLabels, test: data.test, testLabels: data.testLabels,
      classes: data.classes, weightings: setting.weightings, k: setting.k, sampled: setting.sampledCases,
      epochs: setting.nnknnEpochs, batchSize: setting.batchSize, evaluationBatch: setting.evaluationBatch,
      extractor: try Network(layer, using: &initial), trainable: true, stream: stream.child("model"))
    var draw = stream.child("explanations").generator()
    let explained = try NNkNNFigure3.figureRows(
      run.model, queries: data.test, labels: data.testLabels, misclassified: 1, correct: 2,
      using: &draw)
    var rows: [ReportRow] = []
    var lines: [String] = []
    for row in explained {
      let query = text(data.test, row: row.testIndex, vocabulary: data.vocabulary)
      lines.append("Query: \(query) | \(row.label) (predicted: \(row.explanation.predicted))")
      for c in row.explanation.topCases.prefix(2) {
        let sentence = text(data.training, row: c.index, vocabulary: data.vocabulary)
        lines.append("    \(sentence) | \(c.label) | \(String(format: "%.4f", c.activation))")
        rows.append(ReportRow(key: [("query", query), ("true", "\(row.label)"), ("predicted", "\(row.explanation.predicted)"),
                                    ("case", sentence), ("case label", "\(c.label)")],
                              metric: "activation", ours: Summary(mean: c.activation, std: 0, n: 1), paper: nil))
      }
    }
    return TableReport(
      id: id, title: "Instance-based explanations of sentences (two most activated cases)", paper: "seed 000 Table 5",
      scale: context.scale, seed: context.seed, rows: rows,
      notes: [
        "Data: \(source). Labels are class indices (\(train.classNames.joined(separator: ", "))).",
                         """
                           Model: Bi-LSTM + NN-kNN trained jointly (NNKNN-26; \(setting.description)); test accuracy \
                           \(String(format: "%.3f", run.accuracy)). Each query's cases are one draw of \(setting.sampledCases) \
                           sampled cases; the first misclassified test sentence, then the first two correct ones.
                           """,
        "Words outside the training vocabulary show as <unk>; sentences are cut to \(setting.maximumLength) tokens."
      ] + lines)
  }

  /// The tokens of row `row` of token ids, padding dropped, unknown words as `<unk>`.
  static func text(_ ids: Tensor, row: Int, vocabulary: Vocabulary) -> String {
    ids.row(row).map { Int($0) }.filter { $0 != Vocabulary.padID }.map { vocabulary.tokens[$0] }.joined(separator: " ")
  }
}
