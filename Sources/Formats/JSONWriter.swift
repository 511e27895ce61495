/// Writing JSON (EVAL-20). `pretty` puts each object member and each array of non-numbers on its
/// own line, but keeps arrays of numbers on one line (tensors stay compact).
extension JSONValue {
  public func serialized(pretty: Bool = false) -> String {
    var out = ""
    write(into: &out, indent: pretty ? "" : nil)
    return out
  }

  func write(into out: inout String, indent: String?) {
    switch self {
    case .null: out += "null"
    case let .bool(b): out += b ? "true" : "false"
    case let .number(x): out += Self.format(x)
    case let .string(s): Self.writeString(s, into: &out)
    case let .array(items):
      let flat = indent == nil || items.allSatisfy { if case .number = $0 { return true } else { return false } }
      let inner = flat ? nil : indent.map { $0 + "  " }
      out += "["
      for (i, item) in items.enumerated() {
        if i > 0 { out += flat && indent != nil ? ", " : "," }
        if let inner { out += "\n" + inner }
        item.write(into: &out, indent: inner ?? (flat && indent != nil ? indent : nil))
      }
      if let inner, !items.isEmpty { out += "\n" + inner.dropLast(2) }
      out += "]"
    case let .object(members):
      let inner = indent.map { $0 + "  " }
      out += "{"
      for (i, (key, value)) in members.enumerated() {
        if i > 0 { out += "," }
        if let inner { out += "\n" + inner }
        Self.writeString(key, into: &out)
        out += indent == nil ? ":" : ": "
        value.write(into: &out, indent: inner)
      }
      if let inner, !members.isEmpty { out += "\n" + inner.dropLast(2) }
      out += "}"
    }
  }

  /// Shortest round-trip decimal; integers without a fractional part (3 rather than 3.0).
  static func format(_ x: Double) -> String {
    if !x.isFinite { return x.isNaN ? "\"nan\"" : (x > 0 ? "\"inf\"" : "\"-inf\"") }
    if x == x.rounded(), Swift.abs(x) < 1e15 { return x == 0 && x.sign == .minus ? "-0.0" : String(Int64(x)) }
    return "\(x)"
  }

  static func writeString(_ s: String, into out: inout String) {
    out += "\""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    out += "\""
  }
}
