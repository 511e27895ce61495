import Foundation
import Testing

@Suite("reproduce command")
struct ReproduceTests {
  let reproduce = ExecutableRunner(name: "reproduce")

  @Test("[REPRO-1] bad input prints one line naming the problem and exits 2", arguments: [
    (["run", "no-such-table"], "unknown table 'no-such-table'"), (["run", "--all", "--scale", "huge"], "unknown scale 'huge'"),
    (["run"], "name at least one table id"), (["run", "--all", "--seed", "-3"], "--seed"),
    (["run", "--all", "--data-dir", "/no/such/dir"], "not an existing directory"), (["frobnicate"], "unknown command"),
  ])
  func badInput(arguments: [String], message: String) throws {
    let (status, out, err) = try reproduce.run(arguments)
    #expect(status == 2)
    #expect(err.hasPrefix("reproduce: ") && err.contains(message), "\(err)")
    #expect(out.isEmpty)
  }

  @Test("[REPRO-1] list prints one line per table: id, paper, description")
  func list() throws {
    let (status, out, _) = try reproduce.run(["list"])
    #expect(status == 0)
    for line in out.split(separator: "\n") { #expect(line.contains(": "), "\(line)") }
  }
}
