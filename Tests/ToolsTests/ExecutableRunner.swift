import Foundation
@testable import Evaluation

/// Runs one of the package's executables, found beside the test bundle in the build folder
/// (`swift build --build-tests` and `swift test` build every product into the same folder).
struct ExecutableRunner {
  let name: String

  var url: URL {
    let bundle = URL(fileURLWithPath: CommandLine.arguments[0])
    // .../debug/NeuralNeighborsPackageTests.xctest (a file on Linux, a directory on macOS)
    var directory = bundle.deletingLastPathComponent()
    if bundle.pathExtension != "xctest", let index = bundle.pathComponents.lastIndex(where: { $0.hasSuffix(".xctest") }) {
      directory = URL(fileURLWithPath: NSString.path(withComponents: Array(bundle.pathComponents[..<index])))
    }
    return directory.appendingPathComponent(name)
  }

  /// Runs with `arguments`, `input` on stdin and `environment` added to (or, with a nil value,
  /// removed from) this process's environment; returns (status, stdout, stderr).
  func run(_ arguments: [String], input: String = "", environment: [String: String?] = [:]) throws -> (status: Int32, out: String, err: String) {
    let process = Process()
    process.executableURL = url
    process.arguments = arguments
    var variables = ProcessInfo.processInfo.environment
    for (name, value) in environment { variables[name] = value }
    process.environment = variables
    let (stdin, stdout, stderr) = (Pipe(), Pipe(), Pipe())
    process.standardInput = stdin
    process.standardOutput = stdout
    process.standardError = stderr
    try process.run()
    stdin.fileHandleForWriting.write(input.data(using: .utf8)!)
    try stdin.fileHandleForWriting.close()
    let out = stdout.fileHandleForReading.readDataToEndOfFile()
    let err = stderr.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
  }
}

extension ExecutableRunner {
  /// `oracle eval` with `request` on stdin: the exit status and the parsed JSON response.
  func eval(_ request: String) throws -> (Int32, JSONValue) {
    let (status, out, _) = try run(["eval"], input: request)
    return (status, try JSONValue(parsing: out.trimmingCharacters(in: .whitespacesAndNewlines)))
  }
}
