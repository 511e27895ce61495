import Foundation

/// A JSON document as a value (EVAL-20): the project's one JSON reader and writer, used by the
/// `reproduce` result files and the `oracle` protocol.
///
/// Numbers are kept as `Double` and written with Swift's shortest round-trip representation, so a
/// written double reads back bit for bit (0.1 -> "0.1", 5e-324 -> "5e-324"). Non-finite numbers,
/// which JSON cannot hold, are written as the strings "nan", "inf" and "-inf", and those strings
/// are read back as numbers wherever a number is expected (``number``). Object keys keep their
/// insertion order, so files are stable and diffable.
public enum JSONValue: Equatable, Sendable {
  case null
  case bool(Bool)
  case number(Double)
  case string(String)
  case array([JSONValue])
  case object([(String, JSONValue)])

  public static func == (a: JSONValue, b: JSONValue) -> Bool {
    switch (a, b) {
    case (.null, .null): return true
    case let (.bool(x), .bool(y)): return x == y
    case let (.number(x), .number(y)): return x.bitPattern == y.bitPattern || x == y
    case let (.string(x), .string(y)): return x == y
    case let (.array(x), .array(y)): return x == y
    case let (.object(x), .object(y)): return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    default: return false
    }
  }

  /// The member `key` of an object (nil for other values or a missing key).
  public subscript(key: String) -> JSONValue? {
    if case let .object(members) = self { return members.first { $0.0 == key }?.1 }
    return nil
  }

  /// The value as a number: a JSON number, or one of the strings "nan", "inf", "-inf".
  public var number: Double? {
    switch self {
    case let .number(x): return x
    case .string("nan"): return .nan
    case .string("inf"): return .infinity
    case .string("-inf"): return -.infinity
    default: return nil
    }
  }

  public var string: String? { if case let .string(s) = self { return s } else { return nil } }
  public var array: [JSONValue]? { if case let .array(a) = self { return a } else { return nil } }
  public var members: [(String, JSONValue)]? { if case let .object(m) = self { return m } else { return nil } }

  /// A number, or its string spelling when not finite.
  public static func double(_ x: Double) -> JSONValue {
    if x.isNaN { return .string("nan") }
    if x.isInfinite { return .string(x > 0 ? "inf" : "-inf") }
    return .number(x)
  }
}
