/// Errors of the report and runner layer (EVAL-22): each names what was wrong and what is accepted.
public enum ReportError: Error, Equatable, Sendable, CustomStringConvertible {
  case unknownTable(String, known: [String])
  case unknownScale(String)
  case badOption(String, String)
  case missingData(table: String, file: String, searched: [String], hint: String)
  case badArgument(String, String)
  case cannotWrite(path: String, reason: String)
  case failed(table: String, reason: String)
  /// An oracle request whose cost bound exceeds the oracle's limit (ORACLE-21).
  case tooLarge(function: String, quantity: String, estimate: Double, limit: Double, formula: String)

  public var description: String {
    switch self {
    case let .unknownTable(id, known): return "unknown table '\(id)'; known tables: \(known.joined(separator: ", "))"
    case let .unknownScale(s): return "unknown scale '\(s)'; accepted: smoke, default, paper"
    case let .badOption(option, message): return "option \(option): \(message)"
    case let .missingData(table, file, searched, hint):
      return "\(table): data file '\(file)' not found (looked in \(searched.joined(separator: ", "))). \(hint)"
    case let .badArgument(name, message): return "argument '\(name)': \(message)"
    case let .cannotWrite(path, reason): return "cannot write \(path): \(reason)"
    case let .failed(table, reason): return "\(table) failed: \(reason)"
    case let .tooLarge(function, quantity, estimate, limit, formula):
      return """
        \(function) would need about \(OracleCost.readable(estimate)) \(quantity) (bound: \
        \(formula)); the limit is \(OracleCost.readable(limit))
        """
    }
  }
}
