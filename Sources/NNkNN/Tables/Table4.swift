import Datasets
import Evaluation
import Foundation
import Randomness
import Tensors

/// `nnknn-table4`: seed 000 Table 4's text configurations (REPRO-73, setting NNKNN-26) on the
/// generated sentiment language (DATA-50, the stand-in that runs everywhere) and, when --data-dir
/// holds the Stanford Sentiment Treebank's trees, on SST-5 and SST-2 with the paper's values.
enum NNkNNTable4 {
  static let id = "nnknn-table4"

  static let paperValues = PaperValues<String, (sst5: PaperValue, sst2: PaperValue)>(table: "seed 000 Table 4", [
    "Bi-LSTM": (PaperValue(0.376), PaperValue(0.776)),
    "PreBi-LSTM + kNN": (PaperValue(0.352), PaperValue(0.782)),
    "PreBi-LSTM + NN-kNN": (PaperValue(0.363, std: 0.002), PaperValue(0.785, std: 0.001)),
    "Bi-LSTM + NN-kNN": (PaperValue(0.368, std: 0.007), PaperValue(0.763, std: 0.003)),
  ])

  /// The generated language's splits: SST-5's sizes (8,544 and 2,210 sentences) cut to the scale's limits.
  static func language(_ setting: TextSetting, stream: SeedStream) throws -> (TextCorpus, TextCorpus) {
    let language = try SentimentLanguage()
    let train = language.sentences(count: min(8_544, setting.trainingLimit ?? 8_544), seed: stream.child("train").seed)
    let test = language.sentences(count: min(2_210, setting.testLimit ?? 2_210), seed: stream.child("test").seed)
    return (try SentimentLanguage.corpus(train, name: "generated sentiment language (train)"),
            try SentimentLanguage.corpus(test, name: "generated sentiment language (test)"))
  }

  /// SST's PTB trees (train.txt, test.txt) from a data directory, its `trees/` or
  /// `trainDevTestTrees_PTB/trees/`; nil when absent.
  static func sst(_ context: RunContext, granularity: TextCorpusReader.SSTGranularity, setting: TextSetting) throws -> (
    TextCorpus, TextCorpus, String
  )? {
    var directories: [URL] = []
    for d in context.dataDirectories {
      directories += [d, d.appendingPathComponent("trees"), d.appendingPathComponent("trainDevTestTrees_PTB/trees")]
    }
    let locator = DataLocator(directories: directories)
    let train: URL, test: URL
    do { (train, test) = (try locator.locate("train.txt"), try locator.locate("test.txt")) } catch DatasetError.fileNotFound {
      return nil
    }
    func read(_ url: URL, _ limit: Int?) throws -> TextCorpus {
      let corpus = try TextCorpusReader.readSSTTrees(try DataFile.read(url), source: url.path, name: url.lastPathComponent,
                                                     granularity: granularity)
      let n = min(corpus.count, limit ?? corpus.count)
      return try TextCorpus(
        name: corpus.name, sentences: Array(corpus.sentences.prefix(n)), labels: Array(corpus.labels.prefix(n)),
        classNames: corpus.classNames)
    }
    return (try read(train, setting.trainingLimit), try read(test, setting.testLimit), train.deletingLastPathComponent().path)
  }

  static let table = ReproductionTable(id: id, paper: "seed 000 (NN-kNN, extended)", summary: """
    Table 4: Bi-LSTM, PreBi-LSTM + kNN / NN-kNN, Bi-LSTM + NN-kNN on the generated language (and SST-5 / SST-2 from --data-dir)
    """) { context in
    let setting = TextSetting.of(context.scale)
    let stream = SeedStream(seed: context.seed).child(id)
    var sets: [(String, TextCorpus, TextCorpus, String)] = []
    let (train, test) = try language(setting, stream: stream.child("language"))
    sets.append(("generated language (our stand-in)", train, test, "DATA-50's generator, default settings"))
    var notes: [String] = []
    for (name, granularity) in [("SST-5", TextCorpusReader.SSTGranularity.fine), ("SST-2", .binary)] {
      if let (train, test, source) = try sst(context, granularity: granularity, setting: setting) {
        sets.append((name, train, test, source))
      } else {
        notes.append(
          """
            Not run: \(name) (trees train.txt and test.txt, e.g. trainDevTestTrees_PTB/trees/) not found in \
            \(context.dataDirectories.map(\.path)).
            """
        )
      }
    }
    let progress = context.progress(id, total: 4 * sets.count)
    var rows: [ReportRow] = []
    var timing: [String] = []
    for (name, train, test, source) in sets {
      let data = try TokenSplits(trainingCorpus: train, testCorpus: test, maximumLength: setting.maximumLength)
      let runs = try TextRuns(data, setting: setting, stream: stream.child(name), progress: progress)
      for result in runs.results {
        let paper = (try? paperValues(result.name)).flatMap { name == "SST-5" ? $0.sst5 : name == "SST-2" ? $0.sst2 : nil }
        rows.append(ReportRow(key: [("dataset", name), ("method", result.name)], metric: "accuracy",
                              ours: Summary(mean: result.accuracy, std: 0, n: 1), paper: paper))
      }
      notes.append(
        "\(name): \(source); \(train.count) training, \(test.count) test sentences, vocabulary \(data.vocabulary.count).")
      timing.append("\(name): " + runs.results.map { r in
            "\(r.name) \(String(format: "%.1f", r.seconds)) s"
              + (r.secondsPerEpoch.map { String(format: " (%.1f s per epoch)", $0) } ?? "")
      }.joined(separator: "; "))
    }
    return TableReport(id: id, title: "NN-kNN with a BiLSTM extractor on sentiment (generated language; SST from --data-dir)",
                       paper: "seed 000 Table 4", scale: context.scale, seed: context.seed, rows: rows, notes: notes + [
                         "Protocol (NNKNN-26; widths, epochs, batch and kNN's k are our choices): \(setting.description).",
                         """
                           PreBi-LSTM rows use the trained Bi-LSTM's embedding and BiLSTM (NET-123), frozen (NNKNN-21); \
                           Bi-LSTM + NN-kNN trains a fresh one jointly. B from the extractor's initial features (k = \(setting.k)). \
                           One run per configuration; the last epoch is scored.
                           """,
                         "Wall time, \(Parallelism.threads) threads: " + timing.joined(separator: " | ") + ".",
                       ])
  }
}
