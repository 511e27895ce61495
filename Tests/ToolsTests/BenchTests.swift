import Foundation
import Testing
@testable import Evaluation

/// The `bench` command line (FOUND-14): help and bad arguments run nothing; JSON is machine-readable.
@Suite("bench command")
struct BenchTests {
  let bench = ExecutableRunner(name: "bench")

  @Test("[FOUND-14] bench --help prints usage and runs nothing; an unknown argument is an error naming it")
  func help() throws {
    let (status, out, _) = try bench.run(["--help"])
    #expect(status == 0)
    #expect(out.contains("usage: bench") && out.contains("peers.py"))
    #expect(!out.contains("GFLOP/s"), "help must not run a workload")
    let (badStatus, badOut, badErr) = try bench.run(["gemm", "--bogus"])
    #expect(badStatus == 2)
    #expect(badErr.contains("--bogus") && badOut.isEmpty)
    let (threadStatus, _, threadErr) = try bench.run(["--threads", "0"])
    #expect(threadStatus == 2 && threadErr.contains("--threads 0"))
  }

  @Test("[FOUND-14] bench --json - writes the environment, the variant and one record per measurement")
  func json() throws {
    let (status, out, err) = try bench.run(["gemm", "--quick", "--threads", "1", "--json", "-"])
    #expect(status == 0, "\(err)")
    let document = try JSONValue(parsing: out)
    let variant = try #require(document["kernel_variant"]?.string)
    #expect(["portable", "x86-64-v3", "x86-64-v4"].contains(variant))
    let measurements = try #require(document["measurements"]?.array)
    #expect(measurements.count == 2, "n = 256 and 512 at one thread")
    for m in measurements {
      #expect(m["workload"]?.string == "gemm" && m["threads"]?.number == 1 && m["unit"]?.string == "flop")
      #expect((m["seconds"]?.number ?? 0) > 0 && (m["rate"]?.number ?? 0) > 0)
    }
    #expect(err.contains("gemm"), "the text table goes to stderr when JSON goes to stdout")
  }
}
