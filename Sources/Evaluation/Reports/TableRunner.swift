import Foundation

/// Runs the selected tables of one `reproduce run` (REPRO-1, REPRO-51): each table's report is
/// written and printed; a table that fails is reported and the others still run. A table whose
/// data is absent (it throws ``ReportError/missingData(table:file:searched:hint:)``) is *not run*
/// when it was selected by `--all`: the message (which files, where it looked, what to get) goes to
/// standard error and the run still succeeds; named on its own, it fails like any other table.
public enum TableRunner {
  public struct Outcome: Equatable, Sendable {
    /// Tables written, failed, and (under `--all`) not run for want of data.
    public var written: [String] = []
    public var failed: [String] = []
    public var notRun: [String] = []
    /// The exit status: 1 when a table failed, else 0.
    public var status: Int32 { failed.isEmpty ? 0 : 1 }
  }

  /// Runs `tables` in order with `context`, writing into `out`; `all` tells whether they were
  /// selected by `--all`. `log` receives the standard-error lines, `print` the Markdown tables.
  public static func run(_ tables: [ReproductionTable], all: Bool, context: RunContext, out: URL,
                         log: (String) -> Void, print: (String) -> Void) -> Outcome {
    var outcome = Outcome()
    for table in tables {
      log("reproduce: running \(table.id) at scale \(context.scale.rawValue)")
      let start = Date()
      do {
        var report = try table.run(context)
        report.seconds = Date().timeIntervalSince(start)
        try report.write(to: out)
        print(report.markdown)
        outcome.written.append(table.id)
      } catch let error as ReportError where all && error.isMissingData {
        outcome.notRun.append(table.id)
        log("reproduce: \(table.id) not run (data absent): \(error)")
      } catch {
        outcome.failed.append(table.id)
        log("reproduce: \(table.id): \(error)")
      }
    }
    if !outcome.notRun.isEmpty {
      log(
        """
          reproduce: \(outcome.notRun.count) table(s) not run for want of data: \(outcome.notRun.joined(separator: ", ")) (see \
          the messages above)
          """
      )
    }
    if !outcome.failed.isEmpty {
      log("reproduce: \(outcome.failed.count) table(s) failed: \(outcome.failed.joined(separator: ", "))")
    }
    return outcome
  }
}

extension ReportError {
  /// True for ``missingData(table:file:searched:hint:)``: a table's data files are absent.
  public var isMissingData: Bool {
    if case .missingData = self { return true }
    return false
  }
}
