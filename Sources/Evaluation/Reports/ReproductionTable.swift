import Foundation

/// How much of a paper's protocol a run performs (EVAL-27): `smoke` runs every table in seconds
/// (CI), `default` runs every table on the shipped data in a few minutes in all (the README's main
/// command), `paper` runs the paper's own protocol.
public enum Scale: String, Sendable, CaseIterable {
  case smoke, `default`, paper
}

/// What a table run receives (EVAL-27): scale, seed, where data lives, a progress factory.
public struct RunContext: Sendable {
  public var scale: Scale
  public var seed: UInt64
  /// Searched in order for data files: `--data-dir` entries, then the repository's Fixtures/.
  public var dataDirectories: [URL]
  public var quiet: Bool
  /// Model files given with `--weights` (REPRO-60): backbones trained elsewhere, which the tables
  /// that can use one load instead of training their own.
  public var weightFiles: [URL]

  public init(scale: Scale, seed: UInt64, dataDirectories: [URL], quiet: Bool = false, weightFiles: [URL] = []) {
    self.scale = scale; self.seed = seed; self.dataDirectories = dataDirectories; self.quiet = quiet;
    self.weightFiles = weightFiles
  }

  public func progress(_ label: String, total: Int) -> Progress { Progress(label, total: total, quiet: quiet) }

  /// Progress over units of unequal cost, in the order they are done (EVAL-51).
  public func progress(_ label: String, unitCosts: [Double]) -> Progress { Progress(label, unitCosts: unitCosts, quiet: quiet) }

  /// Tells the user, on standard error and whatever `quiet` says, about a substitution the run
  /// made (DATA-30: shipped data standing in for files not found); the table repeats it in its notes.
  public func notice(_ message: String) {
    FileHandle.standardError.write(Data("notice: \(message)\n".utf8))
  }

  /// The first existing `name` (a relative path) in the data directories, or a `missingData`
  /// error listing every place looked and `hint` (what to get and where to put it).
  public func locate(_ name: String, table: String, hint: String) throws(ReportError) -> URL {
    for directory in dataDirectories {
      let candidate = directory.appendingPathComponent(name)
      if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
    }
    throw .missingData(table: table, file: name, searched: dataDirectories.map(\.path), hint: hint)
  }
}

/// One reproducible paper table or figure (EVAL-27). Method modules provide values of this type;
/// the `reproduce` runner lists and runs them without knowing the methods.
public struct ReproductionTable: Sendable {
  public var id: String
  public var paper: String
  public var summary: String
  public var run: @Sendable (RunContext) throws -> TableReport

  public init(id: String, paper: String, summary: String, run: @escaping @Sendable (RunContext) throws -> TableReport) {
    self.id = id; self.paper = paper; self.summary = summary; self.run = run
  }
}
