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
  // The repository's Fixtures/ (found from this file) and ./Fixtures, each searched once when they are the same folder.
  var directories: [URL] = []
  for directory in invocation.dataDirectories + [fixtures, URL(fileURLWithPath: "Fixtures")]
  where !directories.contains(where: { $0.standardizedFileURL.path == directory.standardizedFileURL.path }) {
    directories.append(directory)
  }
  let context = RunContext(scale: invocation.scale, seed: invocation.seed, dataDirectories: directories,
                           quiet: invocation.quiet, weightFiles: invocation.weightFiles)
  let out = invocation.out ?? repositoryRoot.appendingPathComponent("Reproductions/results/\(invocation.scale.rawValue)")
  // REPRO-40: the output directory exists before the first table runs, so a bad --out costs nothing.
  do { try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true) } catch {
    fail("\(ReportError.cannotWrite(path: out.path, reason: TableReport.reason(error)))")
  }
  // REPRO-51: under --all, a table whose data is absent is reported as not run, and the run succeeds.
  var outcome = TableRunner.run(selected, all: all, context: context, out: out,
                                log: { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }, print: { print($0) })
  // EVAL-50: the index a reader starts from, rebuilt from every report in the directory.
  if !outcome.written.isEmpty {
    do { try ResultsIndex.write(directory: out, scale: invocation.scale.rawValue, order: tables.map(\.id)) } catch {
      outcome.failed.append(ResultsIndex.fileName)
      FileHandle.standardError.write(Data("reproduce: results index: \(error)\n".utf8))
    }
  }
  if outcome.status != 0 { exit(outcome.status) }
  FileHandle.standardError.write("reproduce: results in \(out.path)\n".data(using: .utf8)!)
}
