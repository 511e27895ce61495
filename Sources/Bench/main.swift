import Evaluation
import Foundation
import Tensors

/// `bench`: times the hot kernels and workloads in a release build (FOUND-14). See `bench --help`.
let parsed: BenchArguments?
do {
  parsed = try BenchArguments.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
  FileHandle.standardError.write(Data("bench: \(error.message)\n".utf8))
  exit(2)
}
guard let arguments = parsed else {
  print(BenchArguments.usage)
  exit(0)
}
for problem in [KernelSelection.environmentError, Parallelism.environmentError].compactMap({ $0 }) {
  FileHandle.standardError.write(Data("bench: \(problem)\n".utf8))
  exit(2)
}
AllocatorTuning.keepLargeBlocks()

/// Text goes to stdout, or to stderr when the JSON goes to stdout.
func report(_ line: String) {
  if arguments.json == "-" { FileHandle.standardError.write(Data((line + "\n").utf8)) } else { print(line) }
}

report("bench: \(Parallelism.processors) cores, kernel variant \(KernelSelection.selected) (supported: "
       + KernelSelection.supported.map(\.rawValue).joined(separator: ", ") + "); best of 3 where repeated")
var measurements: [Measurement] = []
do {
  for workload in arguments.workloads {
    var batch: [Measurement] = []
    switch workload {
    case "gemm": batch = benchGemm(arguments)
    case "pairwise": for t in arguments.threads { batch += try benchPairwise(threads: t) }
    case "mlp":
      for t in arguments.threads { batch.append(try benchMLPEpoch(threads: t)) }
      batch.append(try benchAbsEpoch())
    case "nnknn": for t in arguments.threads { batch += try benchNNkNNEpoch(threads: t) }
    case "weighted": for t in arguments.threads { batch += benchWeightedDistances(threads: t) }
    case "nnknn-joint": for t in arguments.threads.suffix(1) { batch += try benchJointNNkNN(quick: arguments.quick, threads: t) }
    case "search": for t in arguments.threads.suffix(1) { batch += try benchSearch(queries: arguments.queries, threads: t) }
    case "deep": for t in arguments.threads { batch += try benchDeep(quick: arguments.quick, threads: t) }
    case "conv-profile": try profileConvolutions()
    default: break
    }
    batch.forEach { report($0.line) }
    measurements += batch
  }
} catch {
  FileHandle.standardError.write(Data("bench: \(error)\n".utf8))
  exit(1)
}

if let path = arguments.json {
  let document = JSONValue.object([("environment", Environment.current.json),
                                   ("kernel_variant", .string(KernelSelection.selected.rawValue)),
                                   ("measurements", .array(measurements.map(\.json)))])
  let text = document.serialized(pretty: true) + "\n"
  if path == "-" {
    FileHandle.standardOutput.write(Data(text.utf8))
  } else {
    do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
      FileHandle.standardError.write(Data("bench: cannot write \(path): \(error.localizedDescription)\n".utf8))
      exit(1)
    }
  }
}
