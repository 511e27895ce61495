import Autodiff
import Foundation
import Networks
import Randomness
import Tensors

/// The `deep` workload (NET-49): one training-mode forward + cross-entropy + backward pass of
///   ResNet18 (small-image stem, 3 x 32 x 32, 10 classes) at width 1/4 (and 1 unless `quick`),
///   batch 64, Papernot's MNIST CNN (64 filters, 1 x 28 x 28), batch 500, and Wallace et al.'s
///   BiLSTM classifier (300-d embeddings, 3 bidirectional layers of 300 units, vocabulary 1,000),
///   batch 128 x 20 tokens,
/// on random inputs, best of `repeats` after one warm-up pass; each measurement's note gives the
/// peak resident memory during that workload alone (Linux; elsewhere the process's peak so far).
/// peers.py times the same passes in PyTorch (float64).
func benchDeep(quick: Bool, threads: Int, repeats: Int = 3) throws -> [Measurement] {
  try Parallelism.withThreads(threads) {
    var results = [
      try benchDeepStep("resnet18 width 1/4, batch 64, 3x32x32",
                        try ResNet.resnet18(classes: 10, widthMultiplier: 0.25, stem: .smallImage),
                        input: [64, 3, 32, 32], repeats: repeats, threads: threads),
      try benchDeepStep("papernot cnn, batch 500, 1x28x28", try ConvolutionalNetworks.papernotMNIST(), input: [500, 1, 28, 28],
                        repeats: repeats, threads: threads),
      try benchDeepStep(
        "bilstm 3 layers 300 units, batch 128x20 tokens", try BiLSTMClassifier.wallaceDkNN(vocabulary: 1000, classes: 10),
        input: [128, 20], tokens: 1000, repeats: repeats, threads: threads)
    ]
    if !quick {
      results.append(try benchDeepStep("resnet18 width 1, batch 64, 3x32x32",
                                       try ResNet.resnet18(classes: 10, widthMultiplier: 1, stem: .smallImage),
                                       input: [64, 3, 32, 32], repeats: 1, threads: threads))
    }
    return results
  }
}

/// Times one workload (seconds per pass; work = the batch's samples). With `tokens`, the input
/// is token ids drawn uniformly from 1 ..< tokens (no padding: every sequence at full length).
func benchDeepStep(_ name: String, _ layer: any Layer, input shape: [Int], tokens: Int? = nil, repeats: Int, threads: Int) throws
  -> Measurement
{
  var generator = Xoshiro256StarStar(seed: 11)
  let network = try Network(layer, using: &generator)
  var x = Tensor.zeros(shape)
  for i in 0..<x.count {
    x[flat: i] = tokens.map { Double(1 + Int(generator.next() % UInt64($0 - 1))) } ?? generator.nextDouble()
  }
  let labels = (0..<shape[0]).map { $0 % 10 }
  func pass() throws {
    let tape = Tape()
    let context = network.context(tape: tape, mode: .training, random: Xoshiro256StarStar(seed: 12))  // dropout's draws
    let loss = try Losses.crossEntropy(try network(tape.variable(x), context: context), labels: labels)
    _ = try context.gradients(of: loss)
  }
  resetPeakResident()
  try pass()
  let wall = try best(repeats) { try pass() }
  return Measurement(workload: "deep", size: name, threads: threads, variant: KernelSelection.selected.rawValue, seconds: wall,
                     work: Double(shape[0]), unit: "samples", note: String(format: "peak RSS %.0f MiB", peakResidentMiB()))
}

/// Processor time of the whole process (all threads), which a shared machine's load does not inflate.
func processorSeconds() -> Double {
  var t = timespec()
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
  return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

/// Starts a new peak-memory window: on Linux, returns freed heap to the system (so an earlier
/// workload's retained blocks do not count) and resets the kernel's high-water mark (VmHWM, by
/// writing 5 to /proc/self/clear_refs). Elsewhere nothing happens and the peak is the process's.
func resetPeakResident() {
  #if os(Linux)
  AllocatorTuning.releaseFreeMemory()
  _ = try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
  #endif
}

/// The peak resident set size since the last `resetPeakResident` (Linux: VmHWM of
/// /proc/self/status), or the process's peak so far (getrusage's ru_maxrss) where that is unreadable.
func peakResidentMiB() -> Double {
  #if os(Linux)
  if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
     let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
     let kib = Double(line.split(separator: " ").dropFirst().first ?? "") {
    return kib / 1024
  }
  #endif
  var usage = rusage()
  #if os(Linux)
  getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
  return Double(usage.ru_maxrss) / 1024
  #else
  getrusage(RUSAGE_SELF, &usage)
  return Double(usage.ru_maxrss) / 1_048_576  // bytes on macOS
  #endif
}
