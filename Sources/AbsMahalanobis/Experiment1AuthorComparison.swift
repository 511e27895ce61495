import Evaluation
import Foundation

/// The author-seeded run of Experiment 1 beside the author's stored outcomes, model by model
/// (ABS-43): rows for Tables 2 and 3 and the notes that name every model whose class differs.
struct AuthorComparison {
  var rows: [ReportRow] = []
  var notes: [String] = []

  init(_ run: Experiment1Run, _ condition: BiasCondition) throws {
    let stored = try AuthorExperiment1.storedOutcomes()
    let c = run.experiment.configuration
    let seeding = ("seeding", run.experiment.seeding.description)
    for activation in c.activations {
      let ours = run.outcomes[condition]![activation]!
      let theirs = stored[AuthorExperiment1.runKey(condition, activation)]!
      let key = [seeding, ("activation", activation.description)]
      let differing = ours.indices.filter { ours[$0].nodeClass != theirs.classes[$0] }
      let gaps = ours.indices.map { Swift.abs(ours[$0].finalLoss - theirs.finalLosses[$0]) }
      rows.append(ReportRow(key: key, metric: "models in the author's stored class (of \(ours.count))",
                            ours: .single(Double(ours.count - differing.count)), paper: nil, isCount: true))
      rows.append(ReportRow(key: key, metric: "largest abs(final MSE - author's stored final MSE), in units of 1e-6",
                            ours: .single((gaps.max() ?? 0) * 1e6), paper: nil))
      let worst = gaps.indices.max { gaps[$0] < gaps[$1] }
      var note = "Author's run, \(activation), \(condition): trained in double from their float32 start on their points, "
        + "\(ours.count - differing.count) of \(ours.count) models end in the class their stored float32 run (on a GPU) gives"
      if differing.isEmpty {
        note += "; no model changes class between their float32 training and ours"
      } else {
        note += "; models " + differing.map { """
          #\($0) (ours \(ours[$0].nodeClass), theirs \(theirs.classes[$0]), final MSE \
          \(Self.format(ours[$0].finalLoss)) vs \(Self.format(theirs.finalLosses[$0])))
          """ }
          .joined(separator: ", ") + " change class"
      }
      if let worst {
        note += """
          . Final MSEs agree to \(Self.format(gaps[worst])) at worst (model #\(worst): \
          \(Self.format(ours[worst].finalLoss)) vs \(Self.format(theirs.finalLosses[worst]))).
          """
      }
      notes.append(note)
    }
  }

  static func format(_ x: Double) -> String { String(format: "%.4g", x) }
}
