import Evaluation
import Foundation
import Tensors

/// `oracle`: evaluates named functions on JSON tensors so other implementations can check
/// themselves against this one (ORACLE-1).
///   oracle list                 every function with its arguments, results and cost bound
///   oracle eval                 one JSON request on stdin -> one JSON response on stdout
///   oracle eval --help NAME     documentation of one function
///   oracle serve                one JSON request per line -> one JSON response per line (ORACLE-72)
///   oracle vectors --out DIR    writes the conformance vectors (VEC-1)
/// Request {"function": NAME, "variant": NAME?, "arguments": {...}}; response
/// {"function": NAME, "results": {...}}, or {"error": {"kind", "message"}} with exit status 1.
/// Usage errors print one line on stderr and exit 2 (ORACLE-22). The logic is `OracleCommand`.

/// Standard input, at most `limit` bytes (one more tells that the request is too large).
func readStandardInput(limit: Int) throws -> [UInt8] {
  var bytes: [UInt8] = []
  while bytes.count < limit, let chunk = try FileHandle.standardInput.read(upToCount: min(1 << 20, limit - bytes.count)),
        !chunk.isEmpty {
    bytes += chunk
  }
  return bytes
}

// FOUND-13, FOUND-31: a kernel variant or thread count the environment cannot have is a usage error.
for problem in [KernelSelection.environmentError, Parallelism.environmentError].compactMap({ $0 }) {
  FileHandle.standardError.write(Data("oracle: \(problem)\n".utf8))
  exit(2)
}

// `serve` streams: each response line is written as soon as its request line has been read.
if Array(CommandLine.arguments.dropFirst()) == ["serve"] {
  OracleServer(functions: OracleRegistry.functions).serve(
    next: {
      // read(2) returns what the pipe holds (at least one byte), so a client that sends one line
      // and waits for its answer is answered at once; 0 is the end of the input.
      var buffer = [UInt8](repeating: 0, count: 1 << 16)
      while true {
        let count = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
        if count > 0 { return Array(buffer[..<count]) }
        if count < 0 && errno == EINTR { continue }
        return nil
      }
    },
    write: { FileHandle.standardOutput.write(Data($0.utf8)) })
  exit(0)
}

let outcome = OracleCommand.run(Array(CommandLine.arguments.dropFirst()), functions: OracleRegistry.functions) {
  try readStandardInput(limit: OracleCost.maximumRequestBytes + 1)
}
FileHandle.standardOutput.write(Data(outcome.output.utf8))
FileHandle.standardError.write(Data(outcome.errorOutput.utf8))
exit(outcome.status)
