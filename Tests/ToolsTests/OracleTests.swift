import Foundation
import Testing
@testable import Evaluation

@Suite("oracle command")
struct OracleTests {
  let oracle = ExecutableRunner(name: "oracle")

  func eval(_ request: String) throws -> (Int32, JSONValue) {
    let (status, out, _) = try oracle.run(["eval"], input: request)
    return (status, try JSONValue(parsing: out.trimmingCharacters(in: .whitespacesAndNewlines)))
  }

  @Test("[ORACLE-2] tensor.matmul answers the worked example of Spec/Oracle.md exactly")
  func workedExample() throws {
    let (status, response) = try eval(#"{"function":"tensor.matmul","arguments":{"a":{"shape":[1,2],"data":[1,2]},"b":{"shape":[2,1],"data":[3,0.1]}}}"#)
    #expect(status == 0)
    #expect(response.serialized() == #"{"function":"tensor.matmul","results":{"product":{"shape":[1,1],"data":[3.2]}}}"#)
  }

  @Test("[ORACLE-2] random.mt19937 and eval.kfold answer as numpy and scikit-learn do")
  func randomAndFolds() throws {
    let (status, response) = try eval(#"{"function":"random.mt19937","arguments":{"seed":42,"count":2}}"#)
    #expect(status == 0)
    #expect(response["results"]?["raw"]?.serialized() == #"{"shape":[2],"data":[1608637542,3421126067]}"#)
    #expect(response["results"]?["uniform"]?["data"]?.array?.map { $0.number! } == [0.3745401188473625, 0.9507143064099162])
    let (_, folds) = try eval(#"{"function":"eval.kfold","arguments":{"n":7,"splits":2,"seed":1}}"#)
    #expect(folds["results"]?["testIndices"]?.serialized() == "[[0,1,2,6],[3,4,5]]")  // as Fixtures/golden/kfold.json
    let (badStatus, bad) = try eval(#"{"function":"eval.kfold","arguments":{"n":3,"splits":5,"seed":1}}"#)
    #expect(badStatus == 1 && bad["error"]?["kind"]?.string == "badArgument")
  }

  @Test("[ORACLE-3] dataset.zebra and dataset.balance answer with the generated data")
  func datasets() throws {
    let (status, zebra) = try eval(#"{"function":"dataset.zebra","arguments":{"variant":"b"}}"#)
    #expect(status == 0)
    #expect(zebra["results"]?["x"]?["shape"]?.serialized() == "[220,2]")
    #expect(zebra["results"]?["x"]?["data"]?.array?[1].number == 37.454011884736246)
    let (_, balance) = try eval(#"{"function":"dataset.balance"}"#)
    #expect(balance["results"]?["labels"]?["shape"]?.serialized() == "[625]")
    let (bad, error) = try eval(#"{"function":"dataset.zebra","arguments":{"variant":"c"}}"#)
    #expect(bad == 1 && error["error"]?["kind"]?.string == "badArgument")
  }

  @Test("[ORACLE-1] bad requests give an error object of the documented kind and exit status 1", arguments: [
    ("{not json", "malformedJSON"), (#"{"arguments":{}}"#, "badRequest"), (#"{"function":"no.such"}"#, "unknownFunction"),
    (#"{"function":"tensor.matmul","variant":"x"}"#, "unknownVariant"), (#"{"function":"tensor.matmul","arguments":{"a":[1]}}"#, "badArgument"),
    (#"{"function":"tensor.matmul","arguments":{"a":{"shape":[1,2],"data":[1,2]},"b":{"shape":[3,1],"data":[1,2,3]}}}"#, "badArgument"),
  ])
  func errors(request: String, kind: String) throws {
    let (status, response) = try eval(request)
    #expect(status == 1)
    #expect(response["error"]?["kind"]?.string == kind, "\(response.serialized())")
  }

  @Test("[ORACLE-1] oracle list documents every function with arguments and results")
  func list() throws {
    let (status, out, _) = try oracle.run(["list"])
    #expect(status == 0 && out.contains("tensor.matmul") && out.contains("arguments:") && out.contains("results:"))
  }
}
