import Foundation
@testable import Evaluation

/// The subset of JSON Schema (draft 2020-12) that Fixtures/vectors/schema.json uses: $ref to
/// "#/$defs/NAME", type, const, enum, pattern, minimum, required, properties, additionalProperties
/// (false or a schema), items, minItems, and if/then. Returns every violation with its JSON path.
struct JSONSchemaValidator {
  let root: JSONValue

  func violations(_ value: JSONValue, _ schema: JSONValue, path: String = "$") -> [String] {
    if let reference = schema["$ref"]?.string {
      let name = String(reference.dropFirst("#/$defs/".count))
      guard reference.hasPrefix("#/$defs/"), let target = root["$defs"]?[name] else {
        return ["\(path): unresolvable $ref \(reference)"]
      }
      return violations(value, target, path: path)
    }
    var problems: [String] = []
    if let type = schema["type"]?.string, !Self.has(value, type: type) {
      return ["\(path): expected \(type), got \(value.serialized().prefix(60))"]
    }
    if let constant = schema["const"], constant != value { problems.append("\(path): expected \(constant.serialized())") }
    if let options = schema["enum"]?.array, !options.contains(value) {
      problems.append("\(path): \(value.serialized().prefix(40)) is not one of the enum")
    }
    if let pattern = schema["pattern"]?.string, let text = value.string,
      text.range(of: pattern, options: .regularExpression) == nil
    {
      problems.append("\(path): '\(text)' does not match \(pattern)")
    }
    if let minimum = schema["minimum"]?.number, let x = value.number, x < minimum {
      problems.append("\(path): \(x) < \(minimum)")
    }
    if let members = value.members {
      for name in schema["required"]?.array?.compactMap(\.string) ?? [] where value[name] == nil {
        problems.append("\(path): missing '\(name)'")
      }
      let properties = schema["properties"]
      for (name, member) in members {
        if let property = properties?[name] { problems += violations(member, property, path: "\(path).\(name)"); continue }
        switch schema["additionalProperties"] {
        case .bool(false)?: problems.append("\(path): unexpected member '\(name)'")
        case let extra? where extra.members != nil: problems += violations(member, extra, path: "\(path).\(name)")
        default: break
        }
      }
    }
    if let items = value.array {
      if let minimum = schema["minItems"]?.number, Double(items.count) < minimum {
        problems.append("\(path): fewer than \(Int(minimum)) items")
      }
      if let itemSchema = schema["items"] {
        for (i, item) in items.enumerated() { problems += violations(item, itemSchema, path: "\(path)[\(i)]") }
      }
    }
    if let condition = schema["if"], let then = schema["then"], violations(value, condition, path: path).isEmpty {
      problems += violations(value, then, path: path)
    }
    return problems
  }

  static func has(_ value: JSONValue, type: String) -> Bool {
    switch (type, value) {
    case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null), ("number", .number):
      return true
    case let ("integer", .number(x)): return x == x.rounded()
    default: return false
    }
  }
}
