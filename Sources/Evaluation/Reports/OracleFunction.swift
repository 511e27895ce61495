import Tensors

/// A function the `oracle` command can evaluate (ORACLE-1): a public name other implementations
/// call, documented arguments and results, optional named variants, and the evaluation itself from
/// JSON arguments to named JSON results. Modules contribute these; the `oracle` executable only
/// dispatches.
public struct OracleFunction: Sendable {
  public var name: String
  public var summary: String
  /// (argument name, description) in documentation order.
  public var arguments: [(String, String)]
  /// (result name, description).
  public var results: [(String, String)]
  /// Accepted variant names, the first being the default; empty when the function has none.
  public var variants: [String]
  public var evaluate: @Sendable (_ arguments: OracleArguments, _ variant: String?) throws -> [(String, JSONValue)]

  public init(name: String, summary: String, arguments: [(String, String)], results: [(String, String)],
              variants: [String] = [],
              evaluate: @escaping @Sendable (OracleArguments, String?) throws -> [(String, JSONValue)]) {
    self.name = name; self.summary = summary; self.arguments = arguments; self.results = results
    self.variants = variants; self.evaluate = evaluate
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

  public func tensor(_ name: String) throws(ReportError) -> Tensor { try required(name).tensor(named: name) }

  public func number(_ name: String) throws(ReportError) -> Double {
    guard let x = try required(name).number else { throw .badArgument(name, "expected a number") }
    return x
  }

  /// An integer within `range`.
  public func integer(_ name: String, in range: ClosedRange<Int> = Int.min...Int.max) throws(ReportError) -> Int {
    let x = try number(name)
    guard x == x.rounded(), x >= -9e15, x <= 9e15, range.contains(Int(x)) else {
      throw .badArgument(name, "expected an integer in \(range.lowerBound)...\(range.upperBound), got \(x)")
    }
    return Int(x)
  }

  public func string(_ name: String, oneOf accepted: [String]) throws(ReportError) -> String {
    guard let s = try required(name).string, accepted.contains(s) else {
      throw .badArgument(name, "expected one of \(accepted.joined(separator: ", "))")
    }
    return s
  }

  /// Integer labels from a tensor or array of whole numbers.
  public func labels(_ name: String) throws(ReportError) -> [Int] {
    let t = try tensor(name)
    var labels: [Int] = []
    for x in t.scalars {
      guard x == x.rounded(), x >= 0, x < 1e9 else { throw .badArgument(name, "labels must be non-negative integers, got \(x)") }
      labels.append(Int(x))
    }
    return labels
  }
}
