import Foundation
import Testing
@testable import Evaluation

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

/// Everything about a run is checked before any table runs (REPRO-40), and the thread count
/// recorded is the one in force (EVAL-32).
@Suite("reproduce: validation before running")
struct ReproduceValidationTests {
  let reproduce = ExecutableRunner(name: "reproduce")

  static func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("nn-reproduce-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  @Test("[REPRO-40] bad runs are refused at once, exit 2, nothing on stdout and no table run", arguments: [
    (["run", "abs-table1", "--out", ""], "--out: needs a directory, got an empty path"),
    (["run", "abs-table1", "abs-table1"], "option abs-table1: table named twice"),
    (["run", "--all", "abs-table1"], "do not name table ids with it"),
    (["run", "abs-table1", "--scale", "smoke", "--scale", "paper"], "option --scale: given twice"),
    (["run", "abs-table1", "--threads", "100000"], "--threads: '100000' is not an integer in 1...1024"),
    (["run", "abs-table1", "--threads", "0"], "--threads: '0' is not an integer in 1...1024"),
      (
        ["run", "ebe-layer-sweep", "--weights", "/no/such.safetensors"],
        "--weights: '/no/such.safetensors' is not an existing file"
      ),
    (["run", "ebe-layer-sweep", "--weights", "Fixtures", "--scale", "smoke"], "--weights: 'Fixtures' is not an existing file"),
  ])
  func refused(arguments: [String], message: String) throws {
    let (status, out, err) = try reproduce.run(arguments)
    #expect(status == 2 && out.isEmpty)
    #expect(err.hasPrefix("reproduce: ") && err.contains(message) && !err.contains("running"), "\(err)")
  }

  @Test("[REPRO-40] NN_THREADS outside 1...1024 is refused, not silently replaced", arguments: ["-5", "abc", "0", "5000"])
  func badEnvironment(value: String) throws {
    let (status, _, err) = try reproduce.run(["run", "abs-table1", "--scale", "smoke"], environment: ["NN_THREADS": value])
    #expect(status == 2 && err.contains("NN_THREADS: '\(value)' is not an integer in 1...1024"), "\(err)")
  }

  @Test("[REPRO-40] --out pointing at a file or under a file fails before the table runs, naming the file")
  func outIsAFile() throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("results.txt")
    try Data("mine".utf8).write(to: file)
    let (atFile, _, err1) = try reproduce.run(["run", "abs-table1", "--scale", "smoke", "--out", file.path])
    #expect(atFile == 2 && err1.contains("is a file, not a directory") && !err1.contains("running"), "\(err1)")
    let (under, _, err2) = try reproduce.run(["run", "abs-table1", "--scale", "smoke", "--out", file.path + "/deeper/still"])
    #expect(under == 2 && err2.contains("is under the file '\(file.path)'"), "\(err2)")
    #expect(try String(contentsOf: file, encoding: .utf8) == "mine")
  }

  @Test("[EVAL-31] [REPRO-40] a directory where a result file goes is refused and kept with its contents; the run exits 1")
  func directoryInTheWay() throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let foreign = directory.appendingPathComponent("abs-table1.json")
    try FileManager.default.createDirectory(at: foreign, withIntermediateDirectories: false)
    try Data("keep".utf8).write(to: foreign.appendingPathComponent("notes.txt"))
    let (status, _, err) = try reproduce.run(["run", "abs-table1", "--scale", "smoke", "--quiet", "--out", directory.path])
    #expect(status == 1 && err.contains(foreign.path), "\(err)")
    #expect(try String(contentsOf: foreign.appendingPathComponent("notes.txt"), encoding: .utf8) == "keep")
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["abs-table1.json"])
  }

  @Test(
    "[EVAL-32] [EVAL-50] the recorded thread count is the one in force: --threads, else NN_THREADS; the index lists the table",
    arguments: [
      (["--threads", "3"], nil, 3.0), ([], "2", 2.0), (["--threads", "1"], "4", 1.0)
  ] as [([String], String?, Double)])
  func recordedThreads(options: [String], threadsVariable: String?, expected: Double) throws {
    let environment: [String: String?] = ["NN_THREADS": threadsVariable]
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let (status, _, err) = try reproduce.run(
      ["run", "abs-table1", "--scale", "smoke", "--quiet", "--out", directory.path] + options,
      environment: environment)
    #expect(status == 0, "\(err)")
    let json = try JSONValue(parsing: String(contentsOf: directory.appendingPathComponent("abs-table1.json"), encoding: .utf8))
    #expect(json["environment"]?["threads"]?.number == expected)
    // EVAL-50: the run rebuilt the directory's index, which lists the table.
    let index = try String(contentsOf: directory.appendingPathComponent("README.md"), encoding: .utf8)
    #expect(index.hasPrefix("# Results at scale smoke") && index.contains("| [abs-table1](abs-table1.md): "), "\(index)")
  }

  @Test("""
    [REPRO-51] [REPRO-65] dknn-text-table1 without the corpora, named alone: status 1, the corpus files and every place looked \
    named, nothing written
    """)
  func dknnTextAbsent() throws {
    let (data, out) = (try Self.temporaryDirectory(), try Self.temporaryDirectory())
    defer { try? FileManager.default.removeItem(at: data); try? FileManager.default.removeItem(at: out) }
    let (status, _, err) = try reproduce.run([
      "run", "dknn-text-table1", "--scale", "smoke", "--quiet", "--data-dir", data.path, "--out", out.path
    ])
    #expect(status == 1, "\(err)")
    #expect(
      err.contains("stsa.binary.train") && err.contains("TREC.test.all")
        && err.contains(data.appendingPathComponent("text").path), "\(err)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).isEmpty)
  }

  @Test(
    """
      [REPRO-51] [REPRO-50] dknn-mnist at paper scale without full MNIST, named alone: status 1, the files and every place \
      looked named, nothing written
      """
  )
  func dknnMNISTAbsent() throws {
    let (data, out) = (try Self.temporaryDirectory(), try Self.temporaryDirectory())
    defer { try? FileManager.default.removeItem(at: data); try? FileManager.default.removeItem(at: out) }
    let (status, _, err) = try reproduce.run([
      "run", "dknn-mnist", "--scale", "paper", "--quiet", "--data-dir", data.path, "--out", out.path
    ])
    #expect(status == 1, "\(err)")
    #expect(
      err.contains("dknn-mnist") && err.contains("train-images-idx3-ubyte.gz") && err.contains(data.path)
        && err.contains("not found"), "\(err)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).isEmpty)
  }
}
