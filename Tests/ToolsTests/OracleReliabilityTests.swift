import Foundation
import Testing
@testable import Evaluation
@testable import oracle

/// The oracle refuses what it does not accept, naming it (ORACLE-20), bounds every evaluation
/// before doing it (ORACLE-21), rejects bad command lines (ORACLE-22) and stays in its memory
/// budget (ORACLE-23). Requests run in-process through `OracleCommand`, exactly as the executable
/// runs them; the command-line and memory checks also run the built executable.
@Suite("oracle: strict requests, bounded cost")
struct OracleReliabilityTests {
  /// (status, error kind or nil, error message or the results).
  func ask(_ request: String) -> (status: Int32, kind: String?, message: String) {
    let (status, response) = OracleCommand.respond(to: Array(request.utf8), functions: OracleRegistry.functions)
    let error = response["error"]
    return (status, error?["kind"]?.string, error?["message"]?.string ?? response["results"]?.serialized() ?? "")
  }

  @Test("[ORACLE-20] an unknown or misspelled argument is refused, naming the accepted ones and the likely one")
  func unknownArguments() {
    let r = ask(#"{"function":"stats.covariance","arguments":{"x":{"shape":[2,1],"data":[1,2]},"ddoff":0}}"#)
    #expect(r.status == 1 && r.kind == "badArgument")
    #expect(
      r.message == "argument 'ddoff': not an argument of this function (did you mean 'ddof'?); accepted: x, ddof", "\(r.message)")
    let none = ask(#"{"function":"dataset.balance","arguments":{"seed":1}}"#)
    #expect(none.kind == "badArgument" && none.message.hasSuffix("accepted: none"), "\(none.message)")
  }

  @Test("[ORACLE-20] request members, variant and arguments of the wrong type are refused, naming what is accepted", arguments: [
    (#"{"function":"tensor.matmul","variant":3}"#, "badRequest", "\"variant\" must be a string, got 3; accepted: none"),
    (#"{"function":"nnknn.forward","variant":["paper"]}"#, "badRequest", "accepted: code, paper, paperSquared"),
    (#"{"function":"nnknn.forward","variant":null}"#, "badRequest", "\"variant\" must be a string, got null"),
      (
        #"{"function":"tensor.matmul","argument":{}}"#, "badRequest",
        "unknown request member 'argument'; accepted: function, variant, arguments, id, npyDirectory"
      ),
    (#"{"function":"tensor.matmul","arguments":[1,2]}"#, "badRequest", "\"arguments\" must be an object, got [1,2]"),
    (#"[1]"#, "badRequest", "the request must be a JSON object"),
    (#"{"function":"tensor.matmul","function":"x"}"#, "malformedJSON", "duplicate key \"function\""),
  ])
  func badRequests(request: String, kind: String, message: String) {
    let r = ask(request)
    #expect(r.status == 1 && r.kind == kind && r.message.contains(message), "\(r)")
  }

  static let nnknnModel =
    #""queries":{"shape":[1,1],"data":[0]},"cases":{"shape":[2,1],"data":[0,1]},"caseLabels":[0,1],"classes":2,"GW":{"shape":[1,1],"data":[1]},"cW":{"shape":[2,1],"data":[1,1]},"bias":[1,1],"caseWeight":[1,1],"B":1"#

  @Test("[ORACLE-20] bad values to the NN-kNN functions are badArgument naming the argument at fault", arguments: [
      (
        #"{"function":"nnknn.forward","arguments":{"queries":{"shape":[1,1],"data":[0]},"cases":{"shape":[1,1],"data":[0]},"caseLabels":[0],"classes":1,"GW":{"shape":[1,1],"data":[1]},"cW":{"shape":[1,1],"data":[1]},"bias":[1],"caseWeight":[1],"B":1}}"#,
     "argument 'cases': expected T[n,d] with n >= 2"),
      (
        #"{"function":"nnknn.forward","arguments":{"# + nnknnModel + #","labels":[5]}}"#,
        "argument 'labels': label 5 is outside 0..<2"
      ),
      (
        #"{"function":"nnknn.forward","arguments":{"#
          + nnknnModel.replacingOccurrences(of: #""data":[0]},"c"#, with: #""data":["nan"]},"c"#) + "}}",
     "argument 'queries': entry 0 is nan"),
      (
        #"{"function":"nnknn.forward","arguments":{"#
          + nnknnModel.replacingOccurrences(of: #""classes":2"#, with: #""classes":3"#) + "}}",
     "argument 'classes': class 2 has no case in caseLabels"),
    (#"{"function":"nnknn.forward","arguments":{"# + nnknnModel.replacingOccurrences(of: #""B":1"#, with: #""B":0"#) + "}}",
     "argument 'B': expected a positive finite number, got 0.0"),
      (
        #"{"function":"nnknn.explain","arguments":{"#
          + nnknnModel.replacingOccurrences(of: #""bias":[1,1]"#, with: #""bias":[1,"inf"]"#) + "}}",
     "argument 'bias': entry 1 is inf"),
      (
        #"{"function":"nnknn.defaultBias","arguments":{"cases":{"shape":[3,1],"data":[0,1,3]},"k":5}}"#,
        "argument 'k': expected an integer in 1...2, got 5"
      ),
      (
        #"{"function":"nnknnO.forward","arguments":{"queries":{"shape":[1,1],"data":[0]},"cases":{"shape":[2,1],"data":[0,1]},"caseLabels":[0,1],"classes":2,"f":[1],"W":{"shape":[1,1],"data":[1]},"bias":[0.5,0.5],"classWeight":[1,1],"classBias":[1,1],"topK":3}}"#,
     "argument 'topK': expected an integer in 1...2, got 3"),
  ])
  func nnknnErrors(request: String, message: String) {
    let r = ask(request)
    #expect(r.status == 1 && r.kind == "badArgument" && r.message.hasPrefix(message), "\(r)")
  }

  @Test(
    """
      [ORACLE-20] messages name the argument at fault: d = 0 blames the mean, NaN targets are named, ranges are stated only \
      when there is one
      """,
    arguments: [
    (#"{"function":"mahalanobis.distance","arguments":{"mean":[],"covariance":{"shape":[0,0],"data":[]},"x":[]}}"#,
     "argument 'mean': expected T[d] with d >= 1"),
    (#"{"function":"mahalanobis.distance","arguments":{"mean":[0,0],"covariance":{"shape":[1,1],"data":[1]},"x":[1,1]}}"#,
     "argument 'covariance': expected T[2,2] (d from mean), got shape [1, 1]"),
      (
        #"{"function":"abs.experiment1.model","arguments":{"x":{"shape":[2,2],"data":[1,0,0,1]},"y":[1,"nan"],"weight":[0.5,0.5],"bias":0,"activation":"abs","mean":[0,0]}}"#,
     "argument 'y': entry 1 is nan"),
      (
        #"{"function":"nn.mlp","arguments":{"inputs":{"shape":[1,1],"data":[1]},"weights":[{"shape":[1,1],"data":[1]}],"biases":[[0]],"activation":"relu","targets":{"shape":[1,1],"data":["nan"]}}}"#,
     "argument 'targets': entry 0 is nan"),
    (#"{"function":"eval.kfold","arguments":{"n":10,"splits":2.5,"seed":1}}"#, "argument 'splits': expected an integer, got 2.5"),
    (#"{"function":"eval.kfold","arguments":{"n":10,"splits":3,"seed":-1}}"#, "argument 'seed': seed -1 is outside 0...2^32-1"),
      (
        #"{"function":"knn.query","arguments":{"train":{"shape":[3,1],"data":[0,2,1]},"queries":{"shape":[1,1],"data":[1.5]},"k":4}}"#,
     "argument 'k': expected an integer in 1...3, got 4"),
    (#"{"function":"dataset.zebra","arguments":{"variant":"c"}}"#, "argument 'variant': expected one of a, b, got \"c\""),
  ])
  func namedArguments(request: String, message: String) {
    let r = ask(request)
    #expect(r.status == 1 && r.kind == "badArgument" && r.message.hasPrefix(message), "\(r)")
    #expect(!r.message.contains("9223372036854775807"))
  }

  /// Found by the request campaign (ORACLE-24): a padding of -1e300 trapped converting to Int.
  @Test(
    """
      [ORACLE-20] nn.conv2d's integer-or-pair arguments beyond Int's range are refused (badArgument, or tooLarge by the cost \
      bound), not a trap
      """,
    arguments: [
    #""padding":-1e300"#, #""padding":[1e300,0]"#, #""padding":[0,0,0,-1e300]"#, #""stride":1e19"#, #""dilation":[1,-9.3e18]"#,
  ])
  func convIntegersOutOfRange(argument: String) {
    let request =
      #"{"function":"nn.conv2d","arguments":{"input":{"shape":[1,1,3,3],"data":[1,2,3,4,5,6,7,8,9]},"weight":{"shape":[1,1,2,2],"data":[1,0,0,1]},"#
      + argument + "}}"
    let answer = ask(request)
    #expect(answer.status == 1 && ["badArgument", "tooLarge"].contains(answer.kind ?? ""), "\(argument): \(answer)")
  }

  @Test("[ORACLE-21] every registered function declares its cost bound, and `oracle list` prints it")
  func everyFunctionHasACost() {
    for f in OracleRegistry.functions {
      #expect(f.cost != nil, "\(f.name) declares no cost bound (ORACLE-21)")
    }
    let list = OracleCommand.run(["list"], functions: OracleRegistry.functions) { [] }
    #expect(list.output.components(separatedBy: "\n  cost: ").count == OracleRegistry.functions.count + 1)
  }

  @Test("[ORACLE-21] eval.kfold with n = splits = 30,000 answers (test sets only: O(n) memory)")
  func largeKFold() {
    let r = ask(#"{"function":"eval.kfold","arguments":{"n":30000,"splits":30000,"seed":7}}"#)
    #expect(r.status == 0 && r.kind == nil)
  }

  @Test(
    "[ORACLE-21] [FOUND-70] requests beyond the bounds are tooLarge before any work; overflowing shapes are typed errors",
    arguments: [
      (
        #"{"function":"tensor.matmul","arguments":{"a":{"shape":[4294967296,4294967296],"data":[]},"b":{"shape":[1,1],"data":[1]}}}"#,
        "tooLarge"
      ),
      (
        #"{"function":"knn.classify","arguments":{"train":{"shape":[1,1],"data":[0]},"labels":[0],"classes":1000000,"queries":{"shape":[100,1],"data":[]},"k":1}}"#,
        "tooLarge"
      ),
      (#"{"function":"random.mt19937","arguments":{"seed":1,"count":1e300}}"#, "tooLarge"),
      (#"{"function":"eval.kfold","arguments":{"n":1e15,"splits":2,"seed":1}}"#, "tooLarge"),
      (#"{"function":"linalg.eigh","arguments":{"matrix":{"shape":[100000,100000],"data":[]}}}"#, "tooLarge"),
      (
        #"{"function":"knn.classify","arguments":{"train":{"shape":[1,1],"data":[0]},"labels":{"shape":[4294967296,4294967296],"data":[]},"classes":1,"queries":{"shape":[1,1],"data":[0]},"k":1}}"#,
        "badArgument"
      ),
      (
        #"{"function":"knn.query","arguments":{"train":{"shape":[1,1],"data":[0]},"queries":{"shape":[1,4294967296,4294967296],"data":[]},"k":1}}"#,
        "badArgument"
      )
  ])
  func bounds(request: String, kind: String) {
    let r = ask(request)
    #expect(r.status == 1 && r.kind == kind, "\(r)")
    if kind == "tooLarge" { #expect(r.message.contains("(bound: scalars") && r.message.contains("the limit is")) }
  }

  @Test("[ORACLE-21] a request over 32 MiB is refused unread")
  func requestSize() {
    let (status, response) = OracleCommand.respond(to: [UInt8](repeating: 0x20, count: OracleCost.maximumRequestBytes + 1),
                                                   functions: OracleRegistry.functions)
    #expect(status == 1 && response["error"]?["kind"]?.string == "tooLarge")
  }

  @Test("[ORACLE-22] command lines: eval --help needs a name, extra arguments are refused (exit 2, stdin unread)", arguments: [
      (["eval", "--help"], "eval --help needs a function name"),
      (["eval", "--help", "tensor.matmul", "x"], "unexpected argument 'x'"),
    (["eval", "now"], "unexpected argument 'now'"), (["list", "all"], "unexpected argument 'all'"), ([], "no command"),
    (["evaluate"], "unknown command 'evaluate'"),
  ])
  func commandLines(arguments: [String], problem: String) {
    var read = false
    let outcome = OracleCommand.run(arguments, functions: OracleRegistry.functions) { read = true; return [] }
    #expect(
      outcome.status == 2 && outcome.output.isEmpty && outcome.errorOutput.hasPrefix("oracle: \(problem)\nusage: "), "\(outcome)")
    #expect(!read)
  }

  @Test("[ORACLE-22] the executable: eval --help without a name does not evaluate standard input")
  func executableHelp() throws {
    let oracle = ExecutableRunner(name: "oracle")
    let (status, out, err) = try oracle.run(["eval", "--help"], input: #"{"function":"dataset.balance"}"#)
    #expect(status == 2 && out.isEmpty && err.contains("needs a function name"))
    let (ok, doc, _) = try oracle.run(["eval", "--help", "tensor.matmul"])
    #expect(ok == 0 && doc.contains("cost: scalars m k + k n + m n, steps m k n"))
  }

  @Test(
    """
      [ORACLE-23] the executable stays within the memory budget on large answers (the worst cases, measured in release, are in \
      Spec)
      """
  )
  func memoryBudget() throws {
    let oracle = ExecutableRunner(name: "oracle")
    for request in [#"{"function":"eval.kfold","arguments":{"n":30000,"splits":30000,"seed":7}}"#,
                    #"{"function":"random.mt19937","arguments":{"seed":1,"count":200000}}"#] {
      let (status, _, err) = try oracle.run(["eval"], input: request)
      #expect(status == 0, "\(err)")
    }
    var usage = rusage()
    getrusage(RUSAGE_CHILDREN.rawValue, &usage)
    #if os(Linux)
      let peakBytes = Int(usage.ru_maxrss) * 1024  // kilobytes on Linux, bytes on macOS
    #else
      let peakBytes = Int(usage.ru_maxrss)
    #endif
    #expect(peakBytes < OracleCost.memoryBudgetBytes, "peak \(peakBytes) bytes of the children so far")
  }
}
