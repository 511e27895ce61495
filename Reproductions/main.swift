import Evaluation
import Foundation
import Tensors

/// `reproduce`: lists and runs the paper tables every method module registers (REPRO-1).
/// Errors print one line and exit with status 2; a table that fails exits 1 after the others ran.

/// The repository root, from this file's compile-time path (Reproductions/main.swift).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()

func fail(_ message: String) -> Never {
  FileHandle.standardError.write("reproduce: \(message)\n".data(using: .utf8)!)
  exit(2)
}

AllocatorTuning.keepLargeBlocks()
let invocation: Invocation
do {
  invocation = try Invocation(Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment)
} catch { fail("\(error)\n\(Invocation.usage)") }
// FOUND-13: a kernel variant this machine cannot run (NN_KERNEL) is refused before anything runs.
if let problem = KernelSelection.environmentError { fail(problem) }

let tables = Registry.tables
switch invocation.command {
case .help:
  print(Invocation.usage)
case .list:
  let width = tables.map(\.id.count).max() ?? 0
  for table in tables {
    print(table.id.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + table.paper + ": " + table.summary)
  }
case let .run(ids, all):
  let known = tables.map(\.id)
  for id in ids where !known.contains(id) { fail("\(ReportError.unknownTable(id, known: known))") }
  let selected = all ? tables : ids.map { id in tables.first { $0.id == id }! }
  if let threads = invocation.threads { Parallelism.setDefaultThreads(threads) }
  let fixtures = repositoryRoot.appendingPathComponent("Fixtures")
  let context = RunContext(scale: invocation.scale, seed: invocation.seed,
                           dataDirectories: invocation.dataDirectories + [fixtures, URL(fileURLWithPath: "Fixtures")],
                           quiet: invocation.quiet, weightFiles: invocation.weightFiles)
  let out = invocation.out ?? repositoryRoot.appendingPathComponent("Reproductions/results/\(invocation.scale.rawValue)")
  // REPRO-40: the output directory exists before the first table runs, so a bad --out costs nothing.
  do { try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true) } catch {
    fail("\(ReportError.cannotWrite(path: out.path, reason: TableReport.reason(error)))")
  }
  var failures: [String] = []
  for table in selected {
    FileHandle.standardError.write("reproduce: running \(table.id) at scale \(invocation.scale.rawValue)\n".data(using: .utf8)!)
    let start = Date()
    do {
      var report = try table.run(context)
      report.seconds = Date().timeIntervalSince(start)
      try report.write(to: out)
      print(report.markdown)
    } catch {
      failures.append(table.id)
      FileHandle.standardError.write("reproduce: \(table.id): \(error)\n".data(using: .utf8)!)
    }
  }
  if !failures.isEmpty {
    FileHandle.standardError.write("reproduce: \(failures.count) table(s) failed: \(failures.joined(separator: ", "))\n".data(using: .utf8)!)
    exit(1)
  }
  FileHandle.standardError.write("reproduce: results in \(out.path)\n".data(using: .utf8)!)
}
