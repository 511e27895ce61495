import Dispatch
import Evaluation
import Foundation
import Randomness
import Tensors

/// The `reproduce` tables of seed 003 (REPRO-20 ... REPRO-26) and abs-table5's experiment (REPRO-82). Register with
/// `AbsMahalanobisTables.all` in Reproductions/Registry.swift.
///
/// Tables 2, 3 and Figure 1 show one run of Experiment 1; Table 5 and Figure 2 one run of
/// Experiment 2. The tables of one list share a ``RunCache``, so `reproduce run --all` trains each
/// experiment once per scale, seed and data directories; a table run on its own trains what it needs.
public enum AbsMahalanobisTables {
  public static var all: [ReproductionTable] {
    let cache = RunCache()
    return [Experiment1Tables.table1, Experiment1Tables.table2(cache), Experiment1Tables.table3(cache),
            Experiment1Tables.figure1(cache), Experiment2Tables.table4, Experiment2Tables.table5(cache),
            Experiment2Tables.figure2(cache), Experiment2Outliers.table(cache)]
  }

  /// The stream every random choice of these tables descends from (RAND-20).
  static func stream(_ context: RunContext) -> SeedStream {
    SeedStream(seed: context.seed).child("abs-mahalanobis")
  }

  static let paper = "Oursland 2024, Neural Networks as Nearest Neighbors (seed 003)"
}

/// Results of the experiments, kept per (scale, seed, data directories) for the tables of one
/// list. Guarded by a lock: the runner may call tables from any thread.
final class RunCache: @unchecked Sendable {
  private let lock = NSLock()
  private var experiment1: [String: Experiment1Run] = [:]
  private var experiment2: [String: Experiment2Run] = [:]

  static func key(_ context: RunContext) -> String {
    "\(context.scale.rawValue)|\(context.seed)|" + context.dataDirectories.map(\.path).joined(separator: "|")
  }

  /// Experiment 1 under one seeding (ABS-40); the author's seedings ignore the run seed.
  func experiment1(_ context: RunContext, seeding: Experiment1Seeding = .seedStream) throws -> Experiment1Run {
    lock.lock()
    defer { lock.unlock() }
    let key = Self.key(context) + "|" + seeding.rawValue
    if let run = experiment1[key] { return run }
    let run = try Experiment1Run(context, seeding: seeding)
    experiment1[key] = run
    return run
  }

  func experiment2(_ context: RunContext) throws -> Experiment2Run {
    try experiment2(context, conditions: NetworkCondition.all)
  }

  /// Experiment 2 with at least `conditions` trained: a cached run that holds them all serves
  /// (every model comes from its own stream, so a run of fewer conditions trains the same models).
  func experiment2(_ context: RunContext, conditions: [NetworkCondition]) throws -> Experiment2Run {
    lock.lock()
    defer { lock.unlock() }
    let key = Self.key(context)
    if let run = experiment2[key], conditions.allSatisfy(run.experiment.configuration.conditions.contains) { return run }
    let run = try Experiment2Run(context, conditions: conditions)
    if conditions == NetworkCondition.all || experiment2[key] == nil { experiment2[key] = run }
    return run
  }
}

/// Wall-clock seconds of a closure.
func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
  let start = DispatchTime.now().uptimeNanoseconds
  let value = try body()
  return (value, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}

extension Summary {
  /// A count or a single value (n = 1, no spread).
  static func single(_ x: Double) -> Summary { Summary(mean: x, std: 0, n: 1) }
}
