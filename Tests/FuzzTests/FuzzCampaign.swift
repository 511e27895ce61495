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
  var cases: Int { outcomes.values.reduce(0, +) + crashes }

  mutating func record(_ outcome: String, took duration: Duration) {
    outcomes[outcome, default: 0] += 1
    slowest = max(slowest, duration)
  }

  func summary(_ campaign: FuzzCampaign, label: String? = nil) -> String {
    let kinds = outcomes.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
      .map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    let seconds = Double(slowest.components.seconds) + Double(slowest.components.attoseconds) / 1e18
    return "fuzz \(label ?? campaign.name): seed \(campaign.seed), \(cases) cases: \(kinds); crashes \(crashes); slowest case \(String(format: "%.3f", seconds)) s"
  }
}

extension Xoshiro256StarStar {
  /// A uniform index in 0..<n (n >= 1).
  mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
  mutating func chance(_ p: Double) -> Bool { nextDouble() < p }
  mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}

/// Runs a built executable of the package (found beside the test bundle) on `input`; a process
/// ended by a signal is a crash.
struct FuzzExecutable {
  let name: String

  var url: URL {
    let bundle = URL(fileURLWithPath: CommandLine.arguments[0])
    var directory = bundle.deletingLastPathComponent()
    if bundle.pathExtension != "xctest", let index = bundle.pathComponents.lastIndex(where: { $0.hasSuffix(".xctest") }) {
      directory = URL(fileURLWithPath: NSString.path(withComponents: Array(bundle.pathComponents[..<index])))
    }
    return directory.appendingPathComponent(name)
  }

  func run(_ arguments: [String], input: [UInt8]) throws -> (crashed: Bool, status: Int32, output: [UInt8]) {
    let process = Process()
    process.executableURL = url
    process.arguments = arguments
    let (stdin, stdout) = (Pipe(), Pipe())
    process.standardInput = stdin
    process.standardOutput = stdout
    process.standardError = FileHandle.nullDevice
    try process.run()
    // The oracle reads all of standard input before it writes, so writing first cannot deadlock.
    stdin.fileHandleForWriting.write(Data(input))
    try stdin.fileHandleForWriting.close()
    let output = stdout.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationReason == .uncaughtSignal, process.terminationStatus, [UInt8](output))
  }
}
