import Evaluation
import Foundation
import Testing
@testable import oracle

/// The request campaign (ORACLE-24): every mutated request ends in results or an error object of a
/// documented kind, in bounded time, in-process; a sample also runs through the executable.
@Suite("Fuzzing: oracle requests")
struct OracleFuzzTests {
  static let kinds: Set<String> = ["malformedJSON", "badRequest", "unknownFunction", "unknownVariant", "badArgument", "tooLarge",
                                   "evaluationFailed", "cannotWrite"]
  /// A case that takes more processor time than this on the calling thread (in a debug build)
  /// fails the campaign; so does one whose wall time exceeds three times as much. Processor time,
  /// because the machine's load (other builds, the other suites running in parallel) inflates
  /// wall time two- or threefold: eval.kfold at n = 1,000,000 takes 4.5 s of processor time but
  /// 11 to 40 s of wall time on the shared 2-core machine.
  static let timeBound: Duration = .seconds(20)

  /// Processor time of the calling thread.
  static func threadProcessorTime() -> Duration {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return .seconds(t.tv_sec) + .nanoseconds(t.tv_nsec)
  }
  /// One case in this many also runs through the `oracle` executable.
  static let executableEvery = 50

  let functions = OracleRegistry.functions

  /// The outcome of a response: "answer" or the error kind; nil when the response breaks ORACLE-1.
  func outcome(_ status: Int32, _ response: JSONValue) -> String? {
    if status == 0, response["function"]?.string != nil, response["results"]?.members != nil { return "answer" }
    guard status == 1, let kind = response["error"]?["kind"]?.string, Self.kinds.contains(kind),
          let message = response["error"]?["message"]?.string, !message.isEmpty else { return nil }
    return kind
  }

  @Test("[ORACLE-24] every corpus request is answered, so mutations start from valid requests")
  func corpusIsValid() throws {
    for request in RequestMutator.corpus {
      let (status, response) = OracleCommand.respond(to: Array(request.utf8), functions: functions)
      #expect(status == 0, "\(request): \(response.serialized())")
    }
    let names = Set(RequestMutator.corpus.map { try? JSONValue(parsing: $0)["function"]?.string })
    for f in functions { #expect(names.contains(f.name), "the corpus has no request for \(f.name)") }
  }

  @Test("[ORACLE-24] mutated requests end in results or a typed error, in bounded time; the executable never crashes")
  func campaign() throws {
    let campaign = FuzzCampaign("oracle requests", defaultCases: 1500)
    let corpus = try RequestMutator.corpus.map { try JSONValue(parsing: $0) }
    let executable = ExecutableRunner(name: "oracle")
    var tally = FuzzTally(), executableTally = FuzzTally()
    let clock = ContinuousClock()
    for index in campaign.indices {
      var mutator = RequestMutator(random: campaign.generator(case: index))
      let request = mutator.mutate(corpus[index % corpus.count])
      let text = String(decoding: request.prefix(400), as: UTF8.self)
      campaign.traceCase(index, text)
      var answer: (Int32, JSONValue) = (0, .null)
      let processorStart = Self.threadProcessorTime()
      let took = clock.measure { answer = OracleCommand.respond(to: request, functions: functions) }
      let processor = Self.threadProcessorTime() - processorStart
      guard let kind = outcome(answer.0, answer.1) else {
        Issue.record(
          "case \(index) (\(campaign.replay)): response breaks ORACLE-1: \(answer.1.serialized().prefix(300)) for \(text)")
        continue
      }
      #expect(processor < Self.timeBound && took < Self.timeBound * 3,
              "case \(index) (\(campaign.replay)) took \(processor) of processor time, \(took) of wall time: \(text)")
      #expect((try? JSONValue(parsing: answer.1.serialized())) != nil, "case \(index): the response does not parse back")
      tally.record(kind, took: took, case: index)
      if index % Self.executableEvery == 0 {
        let start = clock.now
        let run = try executable.run(["eval"], bytes: request)
        let response = try? JSONValue(parsing: run.out)
        if run.crashed { executableTally.crashes += 1 }
        let executableKind = response.flatMap { outcome(run.status, $0) }
        #expect(
          !run.crashed && executableKind == kind,
          "case \(index) (\(campaign.replay)): executable status \(run.status), crashed \(run.crashed) for \(text)")
        executableTally.record(executableKind ?? "broken", took: clock.now - start, case: index)
      }
    }
    print(tally.summary(campaign))
    print(executableTally.summary(campaign, label: "oracle requests, executable sample"))
    #expect(tally.cases == campaign.cases && tally.crashes == 0 && executableTally.crashes == 0)
  }
}
