import Evaluation
import Foundation

/// The parsed command line of `reproduce` (REPRO-1).
struct Invocation {
  enum Command { case list, run(ids: [String], all: Bool), help }
  var command: Command = .help
  var scale: Scale = .default
  var seed: UInt64 = 42
  var dataDirectories: [URL] = []
  var out: URL?
  var threads: Int?
  var quiet = false
  var weightFiles: [URL] = []

  static let usage = """
    usage: reproduce list
           reproduce run ID... | --all [--scale smoke|default|paper] [--seed N] [--data-dir DIR]...
                                      [--out DIR] [--threads N] [--quiet] [--weights FILE]...
      --scale     smoke: seconds (CI); default: every table on the shipped data in minutes; paper: the papers' protocol
      --seed      run seed from which every random stream is derived (default 42)
      --data-dir  where large data sets live (searched first; the repository's Fixtures/ is always searched)
      --out       output directory (default Reproductions/results/<scale>/)
      --threads   kernel threads, 1...1024 (results do not depend on it; NN_THREADS sets the default)
      --weights   a backbone trained elsewhere (safetensors; its metadata names the data set), used instead of training one
    """

  /// The accepted thread counts of `--threads` and `NN_THREADS` (REPRO-40).
  static let threadRange = 1...1024

  /// Parses arguments and the environment; errors name the option and what it accepts. Everything
  /// is checked before any table runs (REPRO-40): repeated options and table ids, `--out` that is
  /// empty, a file or under a file, and thread counts outside ``threadRange``.
  init(_ arguments: [String], environment: [String: String] = [:]) throws(ReportError) {
    var rest = arguments[...]
    guard let verb = rest.popFirst() else { return }
    var ids: [String] = []
    var all = false
    var given: Set<String> = []
    func value(_ option: String) throws(ReportError) -> String {
      guard let v = rest.popFirst(), !v.hasPrefix("--") else { throw .badOption(option, "needs a value") }
      guard option == "--data-dir" || option == "--weights" || given.insert(option).inserted else {
        throw .badOption(option, "given twice")
      }
      return v
    }
    if let text = environment["NN_THREADS"] {
      guard let n = Int(text), Self.threadRange.contains(n) else {
        throw .badOption(
          "NN_THREADS", "'\(text)' is not an integer in \(Self.threadRange.lowerBound)...\(Self.threadRange.upperBound)")
      }
    }
    while let argument = rest.popFirst() {
      switch argument {
      case "--all": all = true
      case "--scale":
        let text = try value(argument)
        guard let s = Scale(rawValue: text) else { throw .unknownScale(text) }
        scale = s
      case "--seed":
        let text = try value(argument)
        guard let s = UInt64(text) else { throw .badOption("--seed", "'\(text)' is not a non-negative integer") }
        seed = s
      case "--data-dir":
        let path = try value(argument)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
          throw .badOption("--data-dir", "'\(path)' is not an existing directory")
        }
        dataDirectories.append(URL(fileURLWithPath: path))
      case "--out": out = try Self.outputDirectory(try value(argument))
      case "--weights":
        let path = try value(argument)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
          throw .badOption("--weights", "'\(path)' is not an existing file")
        }
        let url = URL(fileURLWithPath: path).standardizedFileURL
        guard !weightFiles.contains(url) else { throw .badOption("--weights", "'\(path)' given twice") }
        weightFiles.append(url)
      case "--threads":
        let text = try value(argument)
        guard let n = Int(text), Self.threadRange.contains(n) else {
          throw .badOption(
            "--threads", "'\(text)' is not an integer in \(Self.threadRange.lowerBound)...\(Self.threadRange.upperBound)")
        }
        threads = n
      case "--quiet": quiet = true
      case "--help", "-h": command = .help; return
      default:
        guard !argument.hasPrefix("-") else { throw .badOption(argument, "unknown option") }
        guard !ids.contains(argument) else { throw .badOption(argument, "table named twice") }
        ids.append(argument)
      }
    }
    switch verb {
    case "list": command = .list
    case "run":
      guard all || !ids.isEmpty else { throw .badOption("run", "name at least one table id, or --all") }
      guard !all || ids.isEmpty else { throw .badOption("--all", "runs every table; do not name table ids with it") }
      command = .run(ids: ids, all: all)
    case "--help", "-h", "help": command = .help
    default: throw .badOption(verb, "unknown command; accepted: list, run")
    }
  }

  /// `--out DIR`: not empty, and not a file or under one (REPRO-40). A directory that does not
  /// exist yet is fine: the runner creates it before the first table runs.
  static func outputDirectory(_ path: String) throws(ReportError) -> URL {
    guard !path.isEmpty else { throw .badOption("--out", "needs a directory, got an empty path") }
    let url = URL(fileURLWithPath: path).standardizedFileURL
    var ancestor = url
    while true {
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: ancestor.path, isDirectory: &isDirectory) {
        guard isDirectory.boolValue else {
          throw .badOption(
            "--out", ancestor == url ? "'\(path)' is a file, not a directory" : "'\(path)' is under the file '\(ancestor.path)'")
        }
        return url
      }
      let parent = ancestor.deletingLastPathComponent()
      if parent.path == ancestor.path { return url }
      ancestor = parent
    }
  }
}
