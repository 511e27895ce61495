import Evaluation
import Foundation
import Neighbors
import Tensors

/// `oracle`: evaluates named functions on JSON tensors so other implementations can check
/// themselves against this one (ORACLE-1).
///   oracle list                 every function with its arguments and results
///   oracle eval                 one JSON request on stdin -> one JSON response on stdout
///   oracle eval --help NAME     documentation of one function
/// Request {"function": NAME, "variant": NAME?, "arguments": {...}}; response
/// {"function": NAME, "results": {...}}, or {"error": {"kind", "message"}} with exit status 1.

func respondWithError(_ kind: String, _ message: String) -> Never {
  print(JSONValue.object([("error", .object([("kind", .string(kind)), ("message", .string(message))]))]).serialized())
  exit(1)
}

func documentation(_ f: OracleFunction) -> String {
  var lines = ["\(f.name): \(f.summary)"]
  if !f.variants.isEmpty { lines.append("  variants: \(f.variants.joined(separator: ", ")) (default \(f.variants[0]))") }
  lines.append("  arguments:")
  lines += f.arguments.map { "    \($0.0): \($0.1)" }
  lines.append("  results:")
  lines += f.results.map { "    \($0.0): \($0.1)" }
  return lines.joined(separator: "\n")
}

let functions = OracleRegistry.functions
let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "list":
  for f in functions { print(documentation(f)) }
case "eval" where arguments.count >= 3 && arguments[1] == "--help":
  guard let f = functions.first(where: { $0.name == arguments[2] }) else {
    respondWithError("unknownFunction", "no function '\(arguments[2])'; known: \(functions.map(\.name).joined(separator: ", "))")
  }
  print(documentation(f))
case "eval":
  let input = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
  let request: JSONValue
  do { request = try JSONValue(parsing: input) } catch { respondWithError("malformedJSON", "\(error)") }
  guard let name = request["function"]?.string else { respondWithError("badRequest", "the request needs a string member \"function\"") }
  guard let f = functions.first(where: { $0.name == name }) else {
    respondWithError("unknownFunction", "no function '\(name)'; known: \(functions.map(\.name).joined(separator: ", "))")
  }
  let variant = request["variant"]?.string
  if let variant, !f.variants.contains(variant) {
    respondWithError("unknownVariant", "\(name) has no variant '\(variant)'; accepted: \(f.variants.isEmpty ? "none" : f.variants.joined(separator: ", "))")
  }
  do {
    let results = try f.evaluate(OracleArguments(request["arguments"] ?? .object([])), variant)
    print(JSONValue.object([("function", .string(name)), ("results", .object(results))]).serialized())
  } catch let error where error is ReportError || error is EvaluationError || error is NeighborsError || error is TensorError {
    // Missing, malformed or ill-fitting arguments are the request's fault, not an evaluation failure.
    respondWithError("badArgument", "\(error)")
  } catch {
    respondWithError("evaluationFailed", "\(error)")
  }
default:
  FileHandle.standardError.write("usage: oracle list | oracle eval < request.json | oracle eval --help NAME\n".data(using: .utf8)!)
  exit(2)
}
