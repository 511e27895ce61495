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
