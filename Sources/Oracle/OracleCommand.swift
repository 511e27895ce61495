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

  static let usage =
    """
      usage: oracle list | oracle eval < request.json | oracle eval --help NAME | oracle serve < requests.jsonl | oracle \
      vectors --out DIR
      """

  /// The members a request may have (ORACLE-20, ORACLE-73, ORACLE-74).
  static let requestMembers = ["function", "variant", "arguments", "id", "npyDirectory"]

  /// Runs one command line. `readInput` gives standard input, at most
  /// `OracleCost.maximumRequestBytes + 1` bytes of it; it is called only by `oracle eval` and by
  /// `serve` run in-process (the executable streams `serve` itself, see main.swift).
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
    case ["serve"]:
      let input: [UInt8]
      do { input = try readInput() } catch {
        return Outcome(status: 1, output: errorResponse("badRequest", "cannot read standard input: \(error)").serialized() + "\n")
      }
      var output = ""
      var chunks = [input]
      OracleServer(functions: functions).serve(next: { chunks.popLast() }, write: { output += $0 })
      return Outcome(status: 0, output: output)
    case let command where command.count == 3 && command[0] == "vectors" && command[1] == "--out" && !command[2].isEmpty:
      do {
        let written = try VectorSuite.write(to: command[2], functions: functions)
        return Outcome(status: 0, output: written.map { "wrote \($0.path) (\($0.tests) tests)" }.joined(separator: "\n") + "\n")
      } catch {
        return Outcome(status: 1, errorOutput: "oracle: \(error)\n")
      }
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
    case "eval", "list", "serve": return "unexpected argument '\(arguments[1])'"
    case "vectors" where arguments.count >= 3 && arguments[1] == "--out" && arguments[2].isEmpty:
      return "vectors --out needs a directory, got an empty path"
    case "vectors" where arguments.count > 3 && arguments[1] == "--out": return "unexpected argument '\(arguments[3])'"
    case "vectors": return "vectors needs --out DIR"
    default: return "unknown command '\(command)'"
    }
  }

  /// One request's response and exit status (0 with results, 1 with an error object). The
  /// response echoes the request's `id` when it has one (ORACLE-73), also with most errors.
  static func respond(to input: [UInt8], functions: [OracleFunction]) -> (Int32, JSONValue) {
    var id: JSONValue?
    do {
      let request = try parse(input, functions: functions)
      id = request.id
      let arguments = OracleArguments(try NpyExchange.resolve(request.arguments.values))
      var results = try request.function.run(arguments, variant: request.variant)
      if let directory = request.npyDirectory {
        results = try NpyExchange.write(results, directory: directory, prefix: request.id.map(NpyExchange.filePrefix) ?? "")
      }
      return (
        0,
        .object((id.map { [("id", $0)] } ?? []) + [("function", .string(request.function.name)), ("results", .object(results))])
      )
    } catch let failure as Failure {
      if failure.id != nil { id = failure.id }
      return (1, errorResponse(failure.kind, failure.message, id: id))
    } catch let error as ReportError {
      if case .tooLarge = error { return (1, errorResponse("tooLarge", "\(error)", id: id)) }
      return (1, errorResponse("badArgument", "\(error)", id: id))
    } catch TensorError.noConvergence(let operation, let iterations, let residual) {
      let error = TensorError.noConvergence(operation: operation, iterations: iterations, residual: residual)
      return (1, errorResponse("evaluationFailed", "\(error)", id: id))
    } catch {
      // Every other refusal comes from checking the request's values (ORACLE-20).
      return (1, errorResponse("badArgument", "\(error)", id: id))
    }
  }

  /// A refusal of the request as a whole, with its error kind.
  struct Failure: Error {
    let kind: String
    let message: String
    /// The request's id, when the request was read far enough to find a valid one.
    var id: JSONValue? = nil
  }

  /// A parsed request (ORACLE-1, ORACLE-73, ORACLE-74).
  struct Request {
    let function: OracleFunction
    let arguments: OracleArguments
    let variant: String?
    let id: JSONValue?
    let npyDirectory: String?
  }

  /// The request's function, arguments, variant, id and output directory, or the refusal of
  /// ORACLE-1, ORACLE-20, ORACLE-73 and ORACLE-74.
  static func parse(_ input: [UInt8], functions: [OracleFunction]) throws(Failure) -> Request {
    guard input.count <= OracleCost.maximumRequestBytes else {
      throw Failure(kind: "tooLarge", message: "the request is larger than \(OracleCost.maximumRequestBytes) bytes")
    }
    let request: JSONValue
    do { request = try JSONValue(parsing: input) } catch { throw Failure(kind: "malformedJSON", message: "\(error)") }
    guard let members = request.members else { throw Failure(kind: "badRequest", message: "the request must be a JSON object") }
    let id = try requestId(request["id"])
    func refuse(_ kind: String, _ message: String) -> Failure { Failure(kind: kind, message: message, id: id) }
    for (key, _) in members where !requestMembers.contains(key) {
      throw refuse("badRequest", "unknown request member '\(key)'; accepted: \(requestMembers.joined(separator: ", "))")
    }
    guard let name = request["function"]?.string else {
      throw refuse("badRequest", "the request needs a string member \"function\"")
    }
    guard let function = functions.first(where: { $0.name == name }) else {
      throw refuse("unknownFunction", unknown(name, functions))
    }
    let accepted = function.variants.isEmpty ? "none" : function.variants.joined(separator: ", ")
    var variant: String?
    if let value = request["variant"] {
      guard let text = value.string else {
        throw refuse("badRequest", "\"variant\" must be a string, got \(value.serialized().prefix(40)); accepted: \(accepted)")
      }
      guard function.variants.contains(text) else {
        throw refuse("unknownVariant", "\(name) has no variant '\(text)'; accepted: \(accepted)")
      }
      variant = text
    }
    let arguments = request["arguments"] ?? .object([])
    guard arguments.members != nil else {
      throw refuse("badRequest", "\"arguments\" must be an object, got \(arguments.serialized().prefix(40))")
    }
    var directory: String?
    if let value = request["npyDirectory"] {
      directory = try NpyExchange.checkDirectory(value, id: id)
    }
    return Request(function: function, arguments: OracleArguments(arguments), variant: variant, id: id, npyDirectory: directory)
  }

  /// The request's optional id: a string of at most 200 characters or an integer (ORACLE-73).
  static func requestId(_ value: JSONValue?) throws(Failure) -> JSONValue? {
    guard let value else { return nil }
    if let text = value.string, text.count <= 200 { return value }
    if case let .number(x) = value, x == x.rounded(), Swift.abs(x) <= 9e15 { return value }
    throw Failure(
      kind: "badRequest",
      message: "\"id\" must be a string of at most 200 characters or an integer, got \(value.serialized().prefix(40))")
  }

  static func unknown(_ name: String, _ functions: [OracleFunction]) -> String {
    "no function '\(name.prefix(100))'; known: \(functions.map(\.name).joined(separator: ", "))"
  }

  static func errorResponse(_ kind: String, _ message: String, id: JSONValue? = nil) -> JSONValue {
    .object((id.map { [("id", $0)] } ?? []) + [("error", .object([("kind", .string(kind)), ("message", .string(message))]))])
  }

  /// What `oracle list` and `oracle eval --help NAME` print (ORACLE-75): the summary, the Spec
  /// ids, the variants, arguments, results, cost bound and an example request that runs.
  static func documentation(_ f: OracleFunction) -> String {
    var lines = ["\(f.name): \(f.summary)"]
    if !f.spec.isEmpty { lines.append("  spec: \(f.spec.joined(separator: ", "))") }
    lines.append(
      f.variants.isEmpty ? "  variants: none" : "  variants: \(f.variants.joined(separator: ", ")) (default \(f.variants[0]))")
    lines.append("  arguments:")
    lines += f.arguments.map { "    \($0.0): \($0.1)" }
    lines.append("  results:")
    lines += f.results.map { "    \($0.0): \($0.1)" }
    if let cost = f.cost { lines.append("  cost: \(cost.formula)") }
    if let example = f.example { lines.append("  example: echo '\(example)' | oracle eval") }
    return lines.joined(separator: "\n")
  }
}
