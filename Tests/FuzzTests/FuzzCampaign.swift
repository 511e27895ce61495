import Foundation
import Randomness

/// The size and seed of a fuzzing campaign (ORACLE-24, DATA-32), and its tally.
///
/// `swift test` runs `defaultCases` cases from seed 1; `NN_FUZZ_CASES=N` runs N instead and
/// `NN_FUZZ_SEED=S` another seed. Case i draws from its own generator (seed, i), so a failure
/// message's seed and case index replay that one case (`NN_FUZZ_FIRST=i NN_FUZZ_CASES=1`);
/// `NN_FUZZ_TRACE=1` prints every case before it runs (to find a case that hangs).
struct FuzzCampaign {
  let name: String
  let seed: UInt64
  let cases: Int
  let first: Int
  let trace: Bool

  /// The indices of the cases to run.
  var indices: Range<Int> { first..<(first + cases) }

  init(_ name: String, defaultCases: Int) {
    let environment = ProcessInfo.processInfo.environment
    self.name = name
    seed = environment["NN_FUZZ_SEED"].flatMap { UInt64($0) } ?? 1
    cases = environment["NN_FUZZ_CASES"].flatMap { Int($0) } ?? defaultCases
    first = environment["NN_FUZZ_FIRST"].flatMap { Int($0) } ?? 0
    trace = environment["NN_FUZZ_TRACE"] == "1"
  }

  /// Prints a case before it runs when tracing.
  func traceCase(_ index: Int, _ text: @autoclosure () -> String) {
    // Standard error is unbuffered: the last line printed is the case that hangs.
    if trace { FileHandle.standardError.write(Data("fuzz \(name) case \(index): \(text())\n".utf8)) }
  }

  /// The generator of case `index`.
  func generator(case index: Int) -> Xoshiro256StarStar {
    Xoshiro256StarStar(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(index))
  }

  var replay: String { "NN_FUZZ_SEED=\(seed) (\(name))" }
}

/// What a campaign's cases ended in: answers, errors by kind, crashes, the slowest case.
struct FuzzTally {
  var outcomes: [String: Int] = [:]
  var crashes = 0
  var slowest: Duration = .zero
  var slowestCase = 0
  var cases: Int { outcomes.values.reduce(0, +) + crashes }

  mutating func record(_ outcome: String, took duration: Duration, case index: Int) {
    outcomes[outcome, default: 0] += 1
    if duration > slowest { (slowest, slowestCase) = (duration, index) }
  }

  func summary(_ campaign: FuzzCampaign, label: String? = nil) -> String {
    let kinds = outcomes.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
      .map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    let seconds = Double(slowest.components.seconds) + Double(slowest.components.attoseconds) / 1e18
    return
      """
        fuzz \(label ?? campaign.name): seed \(campaign.seed), \(cases) cases: \(kinds); crashes \(crashes); slowest case \
        \(String(format: "%.3f", seconds)) s (case \(slowestCase))
        """
  }
}

extension Xoshiro256StarStar {
  /// A uniform index in 0..<n (n >= 1).
  mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
  mutating func chance(_ p: Double) -> Bool { nextDouble() < p }
  mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}
