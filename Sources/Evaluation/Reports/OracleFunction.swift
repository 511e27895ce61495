import Tensors

/// A function the `oracle` command can evaluate (ORACLE-1): a public name other implementations
/// call, documented arguments and results, optional named variants, the evaluation itself from
/// JSON arguments to named JSON results, and its cost bound (ORACLE-21). Modules contribute these;
/// the `oracle` executable only dispatches.
public struct OracleFunction: Sendable {
  public var name: String
  public var summary: String
  /// (argument name, description) in documentation order. Only these names are accepted (ORACLE-20).
  public var arguments: [(String, String)]
  /// (result name, description).
  public var results: [(String, String)]
  /// Accepted variant names, the first being the default; empty when the function has none.
  public var variants: [String]
  /// The cost bound (ORACLE-21): what the evaluation holds and does at most, from the request's
  /// shapes and counts alone. nil only while a new function is being written: the oracle tests
  /// require every registered function to declare one.
  public var cost: OracleCost.Bound?
  /// The Spec ids that define the function (ORACLE-75), printed by `--help`.
  public var spec: [String]
  /// A complete request that runs, printed by `--help`; the tests run every one (ORACLE-75) and the
  /// request fuzzing campaign mutates them (ORACLE-24).
  public var example: String?
  public var evaluate: @Sendable (_ arguments: OracleArguments, _ variant: String?) throws -> [(String, JSONValue)]

  public init(name: String, summary: String, arguments: [(String, String)], results: [(String, String)],
              variants: [String] = [], cost: OracleCost.Bound? = nil, spec: [String] = [], example: String? = nil,
              evaluate: @escaping @Sendable (OracleArguments, String?) throws -> [(String, JSONValue)]) {
    self.name = name; self.summary = summary; self.arguments = arguments; self.results = results
    self.variants = variants; self.cost = cost; self.spec = spec; self.example = example; self.evaluate = evaluate
  }

  /// Evaluates a request's arguments after the checks of ORACLE-20 and ORACLE-21: every argument
  /// name is one this function documents, and the cost bound is within ``OracleCost/limits``
  /// before any work is done.
  public func run(_ arguments: OracleArguments, variant: String?) throws -> [(String, JSONValue)] {
    try arguments.requireOnly(self.arguments.map(\.0))
    if let cost { try cost.check(arguments, function: name) }
    return try evaluate(arguments, variant)
  }
}

/// Typed access to a request's arguments; every error names the argument (ORACLE-1).
public struct OracleArguments: Sendable {
  public let values: JSONValue
  public init(_ values: JSONValue) { self.values = values }

  func required(_ name: String) throws(ReportError) -> JSONValue {
    guard let value = values[name] else { throw .badArgument(name, "missing") }
    return value
  }

  public func has(_ name: String) -> Bool { values[name] != nil }

  /// Refuses any argument not in `accepted` (ORACLE-20), naming the accepted ones and, for a
  /// near miss, the one probably meant.
  public func requireOnly(_ accepted: [String]) throws(ReportError) {
    for (name, _) in values.members ?? [] where !accepted.contains(name) {
      let list = accepted.isEmpty ? "none" : accepted.joined(separator: ", ")
      // A near miss: at most one edit per three characters (so "ddoff" suggests "ddof", "k0" not "a").
      let near = max(1, name.count / 3)
      let guess = accepted.filter { Self.editDistance(name, $0) <= near }.min {
        Self.editDistance(name, $0) < Self.editDistance(name, $1)
      }
      throw .badArgument(
        name, "not an argument of this function\(guess.map { " (did you mean '\($0)'?)" } ?? ""); accepted: \(list)")
    }
  }

  /// Levenshtein distance, for the did-you-mean hint.
  static func editDistance(_ a: String, _ b: String) -> Int {
    let b = Array(b)
    var previous = Array(0...b.count)
    for (i, x) in a.enumerated() {
      var row = [i + 1]
      for (j, y) in b.enumerated() { row.append(min(previous[j + 1] + 1, row[j] + 1, previous[j] + (x == y ? 0 : 1))) }
      previous = row
    }
    return previous[b.count]
  }

  public func tensor(_ name: String) throws(ReportError) -> Tensor { try required(name).tensor(named: name) }

  /// A tensor whose entries are all finite (NaN or infinity named by flat index).
  public func finiteTensor(_ name: String) throws(ReportError) -> Tensor {
    let t = try tensor(name)
    try Self.requireFinite(t, name)
    return t
  }

  public static func requireFinite(_ t: Tensor, _ name: String) throws(ReportError) {
    if let i = t.scalars.firstIndex(where: { !$0.isFinite }) {
      throw .badArgument(name, "entry \(i) is \(t.scalars[i]); finite values are required")
    }
  }

  /// A finite number.
  public func finiteNumber(_ name: String) throws(ReportError) -> Double {
    let x = try number(name)
    guard x.isFinite else { throw .badArgument(name, "expected a finite number, got \(x)") }
    return x
  }

  public func number(_ name: String) throws(ReportError) -> Double {
    guard let x = try required(name).number else { throw .badArgument(name, "expected a number") }
    return x
  }

  /// An integer within `range` (when given); the message states the range only when there is one.
  public func integer(_ name: String, in range: ClosedRange<Int>? = nil) throws(ReportError) -> Int {
    let x = try number(name)
    guard x == x.rounded(), x >= -9e15, x <= 9e15 else {
      throw .badArgument(name, "expected an integer\(range.map { " in \($0.lowerBound)...\($0.upperBound)" } ?? ""), got \(x)")
    }
    guard range?.contains(Int(x)) ?? true else {
      throw .badArgument(name, "expected an integer in \(range!.lowerBound)...\(range!.upperBound), got \(Int(x))")
    }
    return Int(x)
  }

  /// A JSON true or false.
  public func flag(_ name: String) throws(ReportError) -> Bool {
    let value = try required(name)
    guard case let .bool(b) = value else {
      throw .badArgument(name, "expected true or false, got \(value.serialized().prefix(40))")
    }
    return b
  }

  public func string(_ name: String, oneOf accepted: [String]) throws(ReportError) -> String {
    let value = try required(name)
    guard let s = value.string, accepted.contains(s) else {
      throw .badArgument(name, "expected one of \(accepted.joined(separator: ", ")), got \(value.serialized().prefix(40))")
    }
    return s
  }

  /// Integer labels from a tensor or array of whole numbers.
  public func labels(_ name: String) throws(ReportError) -> [Int] {
    let t = try tensor(name)
    var labels: [Int] = []
    for x in t.scalars {
      guard x == x.rounded(), x >= 0, x < 1e9 else {
        throw .badArgument(name, "labels must be integers in 0...999999999, got \(x)")
      }
      labels.append(Int(x))
    }
    return labels
  }
}
