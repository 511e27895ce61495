import Foundation
import Tensors

/// `bench`: times the hot kernels in a release build. Prints seconds and GFLOP/s for the
/// fast matrix product and its naive reference twin at several sizes, with 1 and all threads.
/// Run: swift run -c release bench [--quick | --workloads | --nnknn | --search | --deep [--quick] | --conv-profile | --all]
/// (--search, the 10,000 x 60,000 x 784 exact search, takes about a minute per metric)

func seconds(_ body: () throws -> Void) rethrows -> Double {
  let start = DispatchTime.now().uptimeNanoseconds
  try body()
  return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// Best of `repeats` runs, so one-off scheduling noise does not count.
func best(_ repeats: Int, _ body: () throws -> Void) rethrows -> Double {
  var result = Double.infinity
  for _ in 0..<repeats { result = min(result, try seconds(body)) }
  return result
}

func randomMatrix(_ rows: Int, _ columns: Int, seed: UInt64) -> Tensor {
  var state = seed
  var t = Tensor.zeros([rows, columns])
  for i in 0..<t.count {
    state = state &* 6364136223846793005 &+ 1442695040888963407
    t.scalars[i] = Double(state >> 11) * 0x1.0p-53 - 0.5
  }
  return t
}

AllocatorTuning.keepLargeBlocks()
let quick = CommandLine.arguments.contains("--quick")
if CommandLine.arguments.contains("--workloads") || CommandLine.arguments.contains("--all") {
  try benchPairwise()
  try benchMLPEpoch()
  try benchNNkNNEpoch()
  if !CommandLine.arguments.contains("--all") { exit(0) }
}
if CommandLine.arguments.contains("--conv-profile") { try profileConvolutions(); exit(0) }
if CommandLine.arguments.contains("--deep") {
  try benchDeep(widthOne: !quick)
  exit(0)
}
if CommandLine.arguments.contains("--search") {
  try benchSearch()
  exit(0)
}
if CommandLine.arguments.contains("--nnknn") {
  for threads in [1, ProcessInfo.processInfo.activeProcessorCount] {
    Parallelism.setThreads(threads)
    try benchNNkNNEpoch()
  }
  exit(0)
}
let cores = ProcessInfo.processInfo.activeProcessorCount
print("bench: \(cores) cores; GFLOP/s = 2 n^3 / seconds / 1e9; best of 3 (1 for the naive kernel at n >= 1024)")
print("kernel               n     threads  seconds   GFLOP/s")
for n in quick ? [128, 256] : [256, 512, 1024] {
  let a = randomMatrix(n, n, seed: 1), b = randomMatrix(n, n, seed: 2)
  let flops = 2 * Double(n) * Double(n) * Double(n)
  var fastProduct = Tensor.zeros([0])
  var rows: [(String, Int, Double)] = []
  for threads in Set([1, cores]).sorted() {
    Parallelism.setThreads(threads)
    let t = try best(3) { fastProduct = try a.matmul(b) }
    rows.append(("matmul (fast)", threads, t))
  }
  var reference = Tensor.zeros([0])
  let tr = try best(n >= 1024 ? 1 : 3) { reference = try a.matmulReference(b) }
  rows.append(("matmul (reference)", 1, tr))
  for (name, threads, t) in rows {
    print(name.padding(toLength: 20, withPad: " ", startingAt: 0) + String(format: " %5d %8d %9.4f %9.2f", n, threads, t, flops / t / 1e9))
  }
  print(String(format: "  n = %d: fast (%d threads) / reference speed-up %.1fx; results bit-identical: %@", n, cores, tr / rows[rows.count - 2].2,
               fastProduct == reference ? "yes" : "NO"))
}
