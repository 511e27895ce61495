import Datasets
import Evaluation
import Foundation
import Randomness

/// The four `reproduce` tables of seeds 001 and 002 (REPRO-60 ... REPRO-63). Register with
/// `EBEDNNTables.all` in Reproductions/Registry.swift. The tables of one list share an
/// ``EBERunCache``, so `reproduce run --all` trains and sweeps each data set once per scale.
public enum EBEDNNTables {
  public static var all: [ReproductionTable] {
    let cache = EBERunCache()
    return [
      EBELayerSweepTable.table(cache), EBEKSweepTable.table(cache), EBENeighboursFigureTable.table(cache),
      EBEAutoLayerTable.table(cache)
    ]
  }

  /// What the protocol would cost (EBE-12), from the training's processor time (Stopwatch: the
  /// shared machine's load does not inflate it) and forward multiply-adds per image, taking time
  /// to scale with multiply-adds times images seen: the same training at full width; below paper
  /// scale, paper scale's training (its data, width and epochs); and one epoch over the whole
  /// training set at full width (the paper's backbone). Narrow layers run below the kernels' best
  /// speed, so projections to wider networks are upper estimates.
  static func projection(_ run: EBERun, _ c: BackboneConfiguration, set: EBEDataSet, scale: Scale) -> String {
    let shape = run.testImages.sampleShape.count == 2 ? [1] + run.testImages.sampleShape : run.testImages.sampleShape
    func macs(_ m: Double) -> Double {
      Backbone.multiplyAdds(
        widthMultiplier: m, stem: c.stem, channels: shape[0], height: shape[1], width: shape[2], classes: run.classNames.count)
    }
    let (ours, full) = (macs(c.widthMultiplier), macs(1))
    // Processor seconds per image seen, per multiply-add of our width.
    let perImage = run.trainingProcessorSeconds / Double(Swift.max(1, run.trainingCount * c.epochs)) / ours
    func minutes(images: Int, width: Double) -> String {
      let m = perImage * Double(images) * macs(width) / 60
      return String(format: "%.0f processor minutes (%.0f minutes on two idle cores kept busy)", m, m / 2)
    }
    let paper = EBEScale.of(.paper, dataSet: set)
    let paperImages = set.fullSizes.training - paper.settings.validationCount
    var text = String(
      format:
        "Cost (EBE-12): training took %.0f s of processor time; a forward pass of one image takes %.2f million multiply-adds at width x%g and %.1f million at full width (%.1f times as many). Taking time to scale with multiply-adds times images seen: ",
      run.trainingProcessorSeconds, ours / 1e6, c.widthMultiplier, full / 1e6, full / ours)
    text += "this training at full width, \(minutes(images: run.trainingCount * c.epochs, width: 1))"
    if scale != .paper {
      text +=
        String(
          format: "; paper scale (%d training images, width x%g, %d epochs), ", paperImages, paper.backbone.widthMultiplier,
          paper.backbone.epochs)
        + minutes(images: paperImages * paper.backbone.epochs, width: paper.backbone.widthMultiplier)
    }
    text +=
      """
        ; one epoch of all \(paperImages) training images at full width (the paper's backbone), \
        \(minutes(images: paperImages, width: 1)).
        """
    return text
      + " Narrow layers run below the kernels' best speed, so these are upper estimates; the embedding and neighbour sweep comes on top."
  }

  static let paper =
    "Dong, Boström, Vazirgiannis, Bresson 2025, Obtaining Example-Based Explanations from Deep Neural Networks (seeds 001, 002)"

  /// 1 when a claim holds in our run, 0 when not; the paper's value is 1 (it makes the claim),
  /// so the verdict is `within` exactly when the claim holds (EVAL-24 with no spread).
  static func claim(_ key: [(String, String)], _ text: String, holds: Bool) -> ReportRow {
    ReportRow(
      key: key, metric: "claim (1 holds, 0 does not): " + text, ours: Summary(mean: holds ? 1 : 0, std: 0, n: 1),
      paper: PaperValue(1))
  }

  /// The rows of every data set: `body`'s for those that ran (given the data set's label for the
  /// rows' "data set" column, EBEData.ready), one "data present: 0" row (the other key columns
  /// "–") for those that did not (EBE-16; the notes say why).
  static func rows(
    _ outcomes: [(EBEDataSet, EBEOutcome)], keys: [String], _ body: (EBEDataSet, String, EBERun) throws -> [ReportRow]
  ) rethrows -> [ReportRow] {
    var rows: [ReportRow] = []
    for (set, outcome) in outcomes {
      guard case let .ran(run, label, _, _, _) = outcome else {
        rows.append(
          ReportRow(
            key: [("data set", set.rawValue)] + keys.map { ($0, "–") }, metric: "data present (1 yes, 0 no; see notes)",
            ours: Summary(mean: 0, std: 0, n: 1), paper: nil))
        continue
      }
      rows += try body(set, label, run)
    }
    return rows
  }

  /// A table's report: its rows, its own notes, then the notes every table shares.
  static func report(_ id: String, title: String, _ context: RunContext, rows: [ReportRow], outcomes: [(EBEDataSet, EBEOutcome)],
                     files: [(String, String)] = [], notes: [String]) -> TableReport {
    TableReport(id: id, title: title, paper: paper, scale: context.scale, seed: context.seed, rows: rows,
                notes: notes + Self.notes(outcomes, scale: context.scale), files: files)
  }

  /// An accuracy as a report summary: mean, the 0/1 correctness's standard deviation, n.
  static func summary(_ a: Accuracy) -> Summary { Summary(mean: a.value, std: a.std, n: a.count) }

  /// The notes every table shares: protocol, scale, data, backbone, time.
  static func notes(_ outcomes: [(EBEDataSet, EBEOutcome)], scale: Scale) -> [String] {
    var notes: [String] = []
    for (set, outcome) in outcomes {
      switch outcome {
      case let .notRun(reason): notes.append("\(set.rawValue): \(reason).")
      case let .ran(run, label, scaleText, notice, loads):
        if let notice { notes.append("Data substitution (DATA-30): \(notice).") }
        if scale != .paper {
          notes.append(
            """
              \(label): our stand-in at \(scale.rawValue) scale, not the paper's protocol (a slice of the data and a narrow \
              backbone, EBE-12); the paper's scale is `--scale paper` with the data in --data-dir.
              """
          )
        }
        let losses = run.losses.map { String(format: "%.4f", $0) }.joined(separator: ", ")
        notes.append(
          "\(label): \(run.source); \(scaleText). Backbone: \(run.backbone)\(losses.isEmpty ? "" : "; mean training loss per epoch \(losses)"). "
            + String(
              format:
                """
                  Training took %.0f s (%.0f s of processor time), the embedding and neighbour sweep %.0f s (%.0f s of \
                  processor time)
                  """,
                              run.trainingSeconds, run.trainingProcessorSeconds, run.sweepSeconds, run.sweepProcessorSeconds)
            + (loads.map {
              String(
                format: "; wall clock on 2 cores shared with other work: load average %.1f at the start, %.1f at the end", $0.0,
                $0.1)
            } ?? "") + ".")
        if let configuration = run.trainedWith, configuration.widthMultiplier != 1 {
          notes.append(projection(run, configuration, set: set, scale: scale))
        }
        if run.trainedWith == nil {
          notes.append(
            """
              \(set.rawValue): the backbone was trained elsewhere (--weights), possibly on the held-out validation examples \
              too, which would flatter the validation accuracies of ebe-auto-layer (EBE-9).
              """
          )
        }
      }
    }
    return notes
  }
}

/// One data set's outcome within a run of the tables.
enum EBEOutcome: Sendable {
  /// `loads`: the 1-minute load average before and after (Linux), since the machine is shared.
  /// `label`: the data set's name in the rows (EBEData.ready).
  case ran(EBERun, label: String, scale: String, notice: String?, loads: (Double, Double)?)
  case notRun(reason: String)
}

/// Runs per (scale, seed, data directories, weight files), shared by the tables of one list.
/// Guarded by a lock: the runner may call tables from any thread.
final class EBERunCache: @unchecked Sendable {
  private let lock = NSLock()
  private var runs: [String: [(EBEDataSet, EBEOutcome)]] = [:]

  func outcomes(_ context: RunContext) throws -> [(EBEDataSet, EBEOutcome)] {
    lock.lock()
    defer { lock.unlock() }
    let key =
      "\(context.scale.rawValue)|\(context.seed)|"
      + (context.dataDirectories + context.weightFiles).map(\.path).joined(separator: "|")
    if let cached = runs[key] { return cached }
    let backbones = try Self.loadBackbones(context.weightFiles)
    var outcomes: [(EBEDataSet, EBEOutcome)] = []
    for set in EBEDataSet.allCases {
      let scale = EBEScale.of(context.scale, dataSet: set)
      switch try EBEData.load(set, scale: scale, directories: context.dataDirectories) {
      case let .notRun(reason):
        context.notice("\(set.rawValue): \(reason)")
        outcomes.append((set, .notRun(reason: reason)))
      case let .ready(training, test, label, source, notice):
        if let notice { context.notice(notice) }
        let progress = ProgressRelay(context, set)
        let before = Self.loadAverage()
        let run = try EBEExperiment.run(training: training, test: test, normalization: set.normalization,
          backbone: backbones[set].map { .loaded($0) } ?? .train(scale.backbone), settings: scale.settings,
          stream: SeedStream(seed: context.seed).child("ebe-dnn").child(set.metadataName), source: source,
          progress: progress.report)
        let loads = before.flatMap { b in Self.loadAverage().map { (b, $0) } }
        outcomes.append((set, .ran(run, label: label, scale: scale.description, notice: notice, loads: loads)))
      }
    }
    runs[key] = outcomes
    return outcomes
  }

  /// The 1-minute load average (/proc/loadavg), nil where there is none.
  static func loadAverage() -> Double? {
    guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return nil }
    return text.split(separator: " ").first.flatMap { Double($0) }
  }

  /// The backbones given with --weights, by the data set their metadata names (EBE-11).
  static func loadBackbones(_ files: [URL]) throws -> [EBEDataSet: LoadedBackbone] {
    var backbones: [EBEDataSet: LoadedBackbone] = [:]
    for file in files {
      let loaded = try BackboneWeights.load(file)
      let name = loaded.metadata["dataset"] ?? ""
      guard let set = EBEDataSet.allCases.first(where: { $0.metadataName == name }) else {
        throw EBEDNNError.backboneFile(
          path: file.path,
          reason:
            "its metadata's 'dataset' is '\(name)'; accepted: \(EBEDataSet.allCases.map(\.metadataName).joined(separator: ", "))")
      }
      guard backbones[set] == nil else {
        throw EBEDNNError.backboneFile(path: file.path, reason: "a second backbone for \(set.rawValue)")
      }
      backbones[set] = loaded
    }
    return backbones
  }
}

/// Progress lines (EVAL-26) for the phases of one data set's run.
final class ProgressRelay: @unchecked Sendable {
  let context: RunContext
  let set: EBEDataSet
  var current: (label: String, progress: Evaluation.Progress, done: Int)?

  init(_ context: RunContext, _ set: EBEDataSet) { (self.context, self.set) = (context, set) }

  func report(_ label: String, _ done: Int, _ total: Int) {
    if current?.label != label { current = (label, context.progress("ebe-dnn \(set.rawValue): \(label)", total: total), 0) }
    current!.progress.advance(by: done - current!.done)
    current!.done = done
  }
}
