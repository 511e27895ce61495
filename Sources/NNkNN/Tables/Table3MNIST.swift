import Datasets
import Evaluation
import Foundation
import Randomness
import Tensors

/// `nnknn-table3-mnist`: seed 000 Table 3's six configurations on MNIST (REPRO-70, setting
/// NNKNN-24): our stand-in that runs on a fresh clone (the shipped slice at smoke and default
/// scale, the full MNIST from --data-dir at paper scale). No paper values: the paper ran CIFAR-10
/// and SVHN (`nnknn-table3`).
enum NNkNNTable3MNIST {
  static let id = "nnknn-table3-mnist"

  static let table = ReproductionTable(id: id, paper: "seed 000 (NN-kNN, extended)", summary: """
    Table 3 stand-in on MNIST: Conv + NN-kNN 500 / 2000, ConvNet, kNN, Pre-Conv + kNN / NN-kNN, top-2/3 shares
    """) { context in
    let setting = ImageSetting.of(context.scale)
    let found = try loadMNIST(context, setting: setting)
    if let notice = found.fallbackNotice { context.notice(notice) }
    let data = try ImageSplits(rawTraining: found.training.features.map { $0 / 255 }, trainingLabels: found.training.labels,
                               rawTest: found.test.features.map { $0 / 255 }, testLabels: found.test.labels, channels: 1,
                               height: 28, width: 28, classes: 10)
    let progress = context.progress(id, total: 4 + setting.sampledCases.count)
    let runs = try ImageRuns(data, setting: setting, stream: SeedStream(seed: context.seed).child(id), progress: progress)
    return report(runs, dataset: "MNIST (our stand-in)", source: found.source, setting: setting, context: context, id: id,
                  title: "Seed 000 Table 3's configurations on MNIST (our stand-in; no paper values)", paper: { _, _ in nil })
  }

  /// MNIST as the scale needs it (DATA-30): the full set at paper scale, else the shipped slice's first images.
  static func loadMNIST(_ context: RunContext, setting: ImageSetting) throws -> MNISTSearch.Found {
    do {
      return try MNISTSearch.load(directories: context.dataDirectories, trainingLimit: setting.trainingLimit,
                                  testLimit: setting.testLimit, requireFull: context.scale == .paper)
    } catch where error.absent {
      throw ReportError.missingData(table: id, file: "train-images-idx3-ubyte.gz (and the training labels and t10k files)",
                                    searched: context.dataDirectories.map(\.path), hint: error.message)
    } catch { throw ReportError.failed(table: id, reason: error.message) }
  }

  /// The rows (accuracy of each configuration; top-2 and top-3 shares of the NN-kNN rows) and the
  /// notes shared by the image tables.
  static func report(_ runs: ImageRuns, dataset: String, source: String, setting: ImageSetting, context: RunContext, id: String,
                     title: String, paper: (String, String) -> PaperValue?) -> TableReport {
    var rows: [ReportRow] = []
    for result in runs.results {
      let key = [("dataset", dataset), ("method", result.name)]
      rows.append(ReportRow(key: key, metric: "accuracy", ours: Summary(mean: result.accuracy, std: 0, n: 1),
                            paper: paper(result.name, "accuracy")))
      for (r, share) in (result.topShares ?? []).enumerated().dropFirst() {
        rows.append(ReportRow(key: key, metric: "top-\(r + 1) share", ours: Summary(mean: share, std: 0, n: 1),
                              paper: paper(result.name, "top-\(r + 1) share")))
      }
    }
    let timing = runs.results.map { r in
      "\(r.name) \(String(format: "%.1f", r.seconds)) s"
        + (r.secondsPerEpoch.map { String(format: " (%.1f s per epoch)", $0) } ?? "")
    }
    return TableReport(
      id: id, title: title, paper: "seed 000 Table 3", scale: context.scale, seed: context.seed, rows: rows,
      notes: [
        "Data: \(source), standardised with the training set's pixel mean and std (NNKNN-22).",
        "Protocol (NNKNN-24; epochs, batch, kNN's k are our choices): \(setting.description).",
      """
        Sampled cases per pass: \(setting.sampledCases.map(String.init).joined(separator: " and ")) for the Conv + NN-kNN \
        rows, \(setting.sampledCases[0]) for Pre-Conv + NN-kNN; Conv + NN-kNN trains a fresh extractor jointly, \
        Pre-Conv rows use the trained ConvNet's layers through relu3, frozen (NNKNN-21). B from the extractor's \
        initial features of the training images (k = \(setting.k)).
        """,
      "One run per configuration (std 0, n = 1); the last epoch is scored (no test-set selection).",
      "Wall time, \(Parallelism.threads) threads: " + timing.joined(separator: "; ") + ".",
    ])
  }
}
