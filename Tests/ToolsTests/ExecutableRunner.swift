import Foundation
@testable import Evaluation

/// Runs one of the package's executables, found beside the test bundle in the build folder
/// (`swift build --build-tests` and `swift test` build every product into the same folder).
/// Tests/FuzzTests uses this file too, through a symbolic link.
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
  func run(_ arguments: [String], input: String = "", environment: [String: String?] = [:]) throws -> (
    status: Int32, out: String, err: String
  ) {
    let result = try run(arguments, bytes: Array(input.utf8), environment: environment)
    return (result.status, String(decoding: result.out, as: UTF8.self), String(decoding: result.err, as: UTF8.self))
  }

  /// ``run(_:input:environment:)`` with raw bytes on stdin (the fuzzing campaigns send invalid
  /// UTF-8 too); `crashed` is true when a signal ended the process.
  func run(_ arguments: [String], bytes input: [UInt8], environment: [String: String?] = [:]) throws
    -> (crashed: Bool, status: Int32, out: [UInt8], err: [UInt8]) {
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
    stdin.fileHandleForWriting.write(Data(input))
    try stdin.fileHandleForWriting.close()
    let out = stdout.fileHandleForReading.readDataToEndOfFile()
    let err = stderr.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationReason == .uncaughtSignal, process.terminationStatus, [UInt8](out), [UInt8](err))
  }
}

extension ExecutableRunner {
  /// `oracle eval` with `request` on stdin: the exit status and the parsed JSON response.
  func eval(_ request: String) throws -> (Int32, JSONValue) {
    let (status, out, _) = try run(["eval"], input: request)
    return (status, try JSONValue(parsing: out.trimmingCharacters(in: .whitespacesAndNewlines)))
  }
}
