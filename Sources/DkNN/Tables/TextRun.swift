import Datasets
import Dispatch
import Evaluation
import Foundation
import Randomness
import Tensors

/// One text classifier trained, indexed and evaluated as seed 004 does (DKNN-42): train (DKNN-41),
/// index the training sentences' representations at its DkNN layers (space `raw`, exact search,
/// k neighbours), then ``TextDkNNEvaluation`` under `lastLayer` pooling (the authors' code) with
/// the interpretations asked for, and under `allLayers` pooling (the paper's description) with
/// conformity leave-one-out only (the other two methods do not depend on the pooling).
struct TextModelOutcome: Sendable {
  let trained: TrainedTextModel
  let sizes: TextModelSizes
  let byPooling: [NeighborPooling: TextDkNNEvaluation]
  /// Seconds per phase, in order.
  let phases: [(String, Double)]

  init(_ kind: TextModelKind, sizes: TextModelSizes, vocabulary: Int, classes: Int, training: [[Int]], labels: [Int],
       test: [EvaluatedSentence], k: Int, embeddings: Tensor? = nil, interpretations: [InterpretationMethod],
       interpretationLimit: Int, stream: SeedStream, context: RunContext, table: String) throws {
    var phases: [(String, Double)] = []
    func phase<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
      let start = DispatchTime.now().uptimeNanoseconds
      defer { phases.append((name, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)) }
      return try body()
    }
    let batches = sizes.epochs * ((training.count + sizes.batchSize - 1) / sizes.batchSize)
    let progress = context.progress("\(table) \(kind.rawValue) training (batches)", total: batches)
    let trained = try phase("\(kind.rawValue) training") {
      try TextClassifiers.train(kind, sizes: sizes, vocabulary: vocabulary, classes: classes, sequences: training, labels: labels,
                                embeddings: embeddings, stream: stream.child(kind.rawValue), onBatch: { _ in progress.advance() })
    }
    let index = try phase("\(kind.rawValue) index") {
      try DkNNIndex(training: try trained.model.representations(training), labels: labels, classes: classes, k: k, space: .raw)
    }
    var byPooling: [NeighborPooling: TextDkNNEvaluation] = [:]
    for pooling in [NeighborPooling.lastLayer, .allLayers] {
      let methods = pooling == .lastLayer ? interpretations : interpretations.filter { $0 == .conformityLeaveOneOut }
      byPooling[pooling] = try phase("\(kind.rawValue) evaluation (\(pooling.rawValue))") {
        try TextDkNNEvaluation(model: trained.model, index: index, pooling: pooling, test: test, methods: methods,
                               interpretationLimit: interpretationLimit)
      }
    }
    (self.trained, self.sizes, self.byPooling, self.phases) = (trained, sizes, byPooling, phases)
  }

  /// The pooling of the interpretation rows of `method`.
  static func poolings(_ method: InterpretationMethod) -> [NeighborPooling] {
    method == .conformityLeaveOneOut ? [.lastLayer, .allLayers] : [.lastLayer]
  }
}

/// Row builders shared by the text tables (REPRO-64 ... REPRO-66).
enum TextRows {
  /// An accuracy as n Bernoulli outcomes (as REPRO-50), so a verdict's bound is twice the binomial standard error.
  static func accuracy(_ right: Int, of n: Int, paper: PaperValue?, key: [(String, String)]) -> ReportRow {
    ReportRow(key: key, metric: "accuracy", ours: DkNNMNISTTable.accuracy(right, of: n), paper: paper)
  }

  /// A single measured value (no spread).
  static func value(_ x: Double, metric: String, key: [(String, String)], paper: PaperValue? = nil) -> ReportRow {
    ReportRow(key: key, metric: metric, ours: Summary(mean: x, std: 0, n: 1), paper: paper)
  }

  /// The display name of a method, as the paper's.
  static func name(_ method: InterpretationMethod) -> String {
    switch method {
    case .gradient: return "gradient"
    case .confidenceLeaveOneOut: return "confidence leave-one-out"
    case .conformityLeaveOneOut: return "conformity leave-one-out"
    }
  }

  /// The time of each phase for the notes.
  static func phases(_ phases: [(String, Double)]) -> String {
    phases.map { "\($0.0) " + String(format: "%.1f s", $0.1) }.joined(separator: ", ")
  }
}
