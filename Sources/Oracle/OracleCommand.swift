import Evaluation
import Tensors

/// The `oracle` command line (ORACLE-1, ORACLE-22) as a function of its arguments and standard
/// input, so that the tests, and the request fuzzing campaign (ORACLE-24), run exactly what the
/// executable runs, in-process.
enum OracleCommand {
  /// What the process prints and its exit status.
  struct Outcome: Equatable {
    var status: Int32
    var output = ""
    var errorOutput = ""
  }

  static let usage = "usage: oracle list | oracle eval < request.json | oracle eval --help NAME"

  /// The members a request may have (ORACLE-20).
  static let requestMembers = ["function", "variant", "arguments"]

  /// Runs one command line. `readInput` gives standard input, at most
  /// `OracleCost.maximumRequestBytes + 1` bytes of it; it is called only by `oracle eval`.
  static func run(_ arguments: [String], functions: [OracleFunction], readInput: () throws -> [UInt8]) -> Outcome {
    switch arguments {
    case ["list"]:
      return Outcome(status: 0, output: functions.map(documentation).joined(separator: "\n") + "\n")
    case ["eval"]:
      let input: [UInt8]
      do { input = try readInput() } catch {
        return Outcome(status: 1, output: errorResponse("badRequest", "cannot read standard input: \(error)").serialized() + "\n")
      }
      let (status, response) = respond(to: input, functions: functions)
      return Outcome(status: status, output: response.serialized() + "\n")
    case let command where command.count == 3 && command[0] == "eval" && command[1] == "--help":
      guard let f = functions.first(where: { $0.name == command[2] }) else {
        return Outcome(status: 1, output: errorResponse("unknownFunction", unknown(command[2], functions)).serialized() + "\n")
      }
      return Outcome(status: 0, output: documentation(f) + "\n")
    case ["--help"], ["-h"], ["help"]:
      return Outcome(status: 0, output: usage + "\n")
    default:
      return Outcome(status: 2, errorOutput: "oracle: \(usageProblem(arguments))\n\(usage)\n")
    }
  }

  /// What is wrong with a command line that matched no form.
  static func usageProblem(_ arguments: [String]) -> String {
    guard let command = arguments.first else { return "no command" }
    switch command {
    case "eval" where arguments == ["eval", "--help"]: return "eval --help needs a function name"
    case "eval" where arguments[1] == "--help": return "unexpected argument '\(arguments[3])'"
    case "eval", "list": return "unexpected argument '\(arguments[1])'"
    default: return "unknown command '\(command)'"
    }
  }

  /// One request's response and exit status (0 with results, 1 with an error object).
  static func respond(to input: [UInt8], functions: [OracleFunction]) -> (Int32, JSONValue) {
    do {
      let (function, arguments, variant) = try parse(input, functions: functions)
      let results = try function.run(arguments, variant: variant)
      return (0, .object([("function", .string(function.name)), ("results", .object(results))]))
    } catch let failure as Failure {
      return (1, errorResponse(failure.kind, failure.message))
    } catch let error as ReportError {
      if case .tooLarge = error { return (1, errorResponse("tooLarge", "\(error)")) }
      return (1, errorResponse("badArgument", "\(error)"))
    } catch TensorError.noConvergence(let operation, let iterations, let residual) {
      let error = TensorError.noConvergence(operation: operation, iterations: iterations, residual: residual)
      return (1, errorResponse("evaluationFailed", "\(error)"))
    } catch {
      // Every other refusal comes from checking the request's values (ORACLE-20).
      return (1, errorResponse("badArgument", "\(error)"))
    }
  }

  /// A refusal of the request as a whole, with its error kind.
  struct Failure: Error {
    let kind: String
    let message: String
  }

  /// The request's function, arguments and variant, or the refusal of ORACLE-1 and ORACLE-20.
  static func parse(_ input: [UInt8], functions: [OracleFunction]) throws(Failure) -> (OracleFunction, OracleArguments, String?) {
    guard input.count <= OracleCost.maximumRequestBytes else {
      throw Failure(kind: "tooLarge", message: "the request is larger than \(OracleCost.maximumRequestBytes) bytes")
    }
    let request: JSONValue
    do { request = try JSONValue(parsing: input) } catch { throw Failure(kind: "malformedJSON", message: "\(error)") }
    guard let members = request.members else { throw Failure(kind: "badRequest", message: "the request must be a JSON object") }
    for (key, _) in members where !requestMembers.contains(key) {
      throw Failure(kind: "badRequest", message: "unknown request member '\(key)'; accepted: \(requestMembers.joined(separator: ", "))")
    }
    guard let name = request["function"]?.string else {
      throw Failure(kind: "badRequest", message: "the request needs a string member \"function\"")
    }
    guard let function = functions.first(where: { $0.name == name }) else {
      throw Failure(kind: "unknownFunction", message: unknown(name, functions))
    }
    let accepted = function.variants.isEmpty ? "none" : function.variants.joined(separator: ", ")
    var variant: String?
    if let value = request["variant"] {
      guard let text = value.string else {
        throw Failure(kind: "badRequest", message: "\"variant\" must be a string, got \(value.serialized().prefix(40)); accepted: \(accepted)")
      }
      guard function.variants.contains(text) else {
        throw Failure(kind: "unknownVariant", message: "\(name) has no variant '\(text)'; accepted: \(accepted)")
      }
      variant = text
    }
    let arguments = request["arguments"] ?? .object([])
    guard arguments.members != nil else {
      throw Failure(kind: "badRequest", message: "\"arguments\" must be an object, got \(arguments.serialized().prefix(40))")
    }
    return (function, OracleArguments(arguments), variant)
  }

  static func unknown(_ name: String, _ functions: [OracleFunction]) -> String {
    "no function '\(name.prefix(100))'; known: \(functions.map(\.name).joined(separator: ", "))"
  }

  static func errorResponse(_ kind: String, _ message: String) -> JSONValue {
    .object([("error", .object([("kind", .string(kind)), ("message", .string(message))]))])
  }

  static func documentation(_ f: OracleFunction) -> String {
    var lines = ["\(f.name): \(f.summary)"]
    if !f.variants.isEmpty { lines.append("  variants: \(f.variants.joined(separator: ", ")) (default \(f.variants[0]))") }
    lines.append("  arguments:")
    lines += f.arguments.map { "    \($0.0): \($0.1)" }
    lines.append("  results:")
    lines += f.results.map { "    \($0.0): \($0.1)" }
    if let cost = f.cost { lines.append("  cost: \(cost.formula)") }
    return lines.joined(separator: "\n")
  }
}
