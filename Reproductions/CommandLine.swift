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

  static let usage = """
    usage: reproduce list
           reproduce run ID... | --all [--scale smoke|default|paper] [--seed N] [--data-dir DIR]...
                                      [--out DIR] [--threads N] [--quiet]
      --scale     smoke: seconds (CI); default: every table on the shipped data in minutes; paper: the papers' protocol
      --seed      run seed from which every random stream is derived (default 42)
      --data-dir  where large data sets live (searched first; the repository's Fixtures/ is always searched)
      --out       output directory (default Reproductions/results/<scale>/)
      --threads   kernel threads (results do not depend on it)
    """

  /// Parses arguments; errors name the option and what it accepts.
  init(_ arguments: [String]) throws(ReportError) {
    var rest = arguments[...]
    guard let verb = rest.popFirst() else { return }
    var ids: [String] = []
    var all = false
    func value(_ option: String) throws(ReportError) -> String {
      guard let v = rest.popFirst(), !v.hasPrefix("--") else { throw .badOption(option, "needs a value") }
      return v
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
      case "--out": out = URL(fileURLWithPath: try value(argument))
      case "--threads":
        let text = try value(argument)
        guard let n = Int(text), n >= 1 else { throw .badOption("--threads", "'\(text)' is not a positive integer") }
        threads = n
      case "--quiet": quiet = true
      case "--help", "-h": command = .help; return
      default:
        guard !argument.hasPrefix("-") else { throw .badOption(argument, "unknown option") }
        ids.append(argument)
      }
    }
    switch verb {
    case "list": command = .list
    case "run":
      guard all || !ids.isEmpty else { throw .badOption("run", "name at least one table id, or --all") }
      command = .run(ids: ids, all: all)
    case "--help", "-h", "help": command = .help
    default: throw .badOption(verb, "unknown command; accepted: list, run")
    }
  }
}
