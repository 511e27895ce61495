import Evaluation
import Foundation

/// `oracle vectors --out DIR` (VEC-1 ... VEC-5): one JSON file per family, each test's expected
/// results being what the oracle answers to its request, in the layout of Spec/Vectors.md (VEC-2)
/// and Fixtures/vectors/schema.json. The numpy consumer beside the files (VEC-20, VEC-21) reads
/// exactly this layout.
enum VectorSuite {
  static let schemaVersion = 1
  /// Changes when the generator changes what it writes (not when a value changes).
  static let generatorVersion = "neuralneighbors-oracle-vectors 1"

  /// Every family, in file order. A new family is added here.
  static var families: [VectorFamily] {
    [LinalgVectors.family, KNNVectors.family, MahalanobisVectors.family, NNkNNVectors.family, NetworkVectors.family,
     OptimizerVectors.family, RandomVectors.family, DataVectors.family, AbsVectors.family, EBEVectors.family, DkNNVectors.family]
  }

  /// A test whose request the oracle did not answer as the test declares.
  struct GenerationError: Error, CustomStringConvertible {
    let description: String
  }

  /// The file of one family, as a JSON document.
  static func document(_ family: VectorFamily, functions: [OracleFunction]) throws -> JSONValue {
    var tcId = 0
    var used = Set<String>()
    var groups: [JSONValue] = []
    for group in family.groups {
      var tests: [JSONValue] = []
      for test in group.tests {
        tcId += 1
        let flags = test.flags + (test.error == nil ? [] : ["invalidArgument"])
        used.formUnion(flags)
        let arguments: JSONValue
        do { arguments = try JSONValue(parsing: test.arguments) } catch {
          throw GenerationError(
            description: "\(family.name) tcId \(tcId) (\(test.comment)): the arguments are not JSON: \(error)")
        }
        let request = JSONValue.object(
          [("function", .string(group.function))] + (group.variant.map { [("variant", .string($0))] } ?? [])
            + [("arguments", arguments)])
        let (status, response) = OracleCommand.respond(to: Array(request.serialized().utf8), functions: functions)
        let expected: JSONValue
        switch (test.error, status) {
        case (nil, 0): expected = response["results"] ?? .null
        case let (kind?, 1) where response["error"]?["kind"]?.string == kind: expected = .object([("error", .string(kind))])
        default:
          throw GenerationError(
            description:
              """
                \(family.name) tcId \(tcId) (\(test.comment)): expected \(test.error ?? "results"), the oracle answered \
                \(response.serialized().prefix(300))
                """
          )
        }
        tests.append(
          .object([
            ("tcId", .number(Double(tcId))), ("comment", .string(test.comment)), ("flags", .array(flags.map(JSONValue.string))),
            ("arguments", arguments), ("result", .string(test.error == nil ? "valid" : "invalid")), ("expected", expected)
          ]))
      }
      groups.append(.object([("function", .string(group.function))] + (group.variant.map { [("variant", .string($0))] } ?? [])
                            + [("tolerance", group.tolerance.json), ("tests", .array(tests))]))
    }
    if let unknown = used.subtracting(VectorFlags.notes.keys).sorted().first {
      throw GenerationError(description: "\(family.name): flag '\(unknown)' has no note in VectorFlags")
    }
    return .object([
      ("family", .string(family.name)), ("algorithm", .string(family.algorithm)),
      ("schemaVersion", .number(Double(schemaVersion))),
      ("generatorVersion", .string(generatorVersion)), ("spec", .array(family.spec.map(JSONValue.string))),
      ("numberOfTests", .number(Double(tcId))),
      ("header", .array([
        "Written by `oracle vectors --out DIR` (Spec/Vectors.md); expected results are the NeuralNeighbors oracle's answers.",
        "Each test is a request {function, variant, arguments}; 'valid' tests must give 'expected' within the group's tolerance,",
            """
              'invalid' tests must be refused. Tensors are {shape, data}, row-major; non-finite numbers are \"nan\", \"inf\", \
              \"-inf\".
              """
      ].map(JSONValue.string))),
      ("notes", .object(used.sorted().map { ($0, .string(VectorFlags.notes[$0]!)) })),
      ("testGroups", .array(groups)),
    ])
  }

  /// The text of a family's file: pretty JSON and a final newline.
  static func text(_ family: VectorFamily, functions: [OracleFunction]) throws -> String {
    try document(family, functions: functions).serialized(pretty: true) + "\n"
  }

  /// Writes every family to `directory` (created if missing); returns each file and its test count.
  static func write(to directory: String, functions: [OracleFunction]) throws -> [(path: String, tests: Int)] {
    let url = URL(fileURLWithPath: directory)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return try families.map { family in
      let document = try document(family, functions: functions)
      let file = url.appendingPathComponent(family.name + ".json")
      try Data((document.serialized(pretty: true) + "\n").utf8).write(to: file, options: .atomic)
      return (file.path, Int(document["numberOfTests"]?.number ?? 0))
    }
  }
}

/// Helpers for writing the arguments of vectors compactly.
enum VectorText {
  /// A tensor {"shape": [...], "data": [...]}.
  static func tensor(_ shape: [Int], _ data: [Double]) -> String {
    JSONValue.object([("shape", .array(shape.map { .number(Double($0)) })), ("data", .array(data.map(JSONValue.double)))])
      .serialized()
  }

  /// A plain array of numbers.
  static func vector(_ data: [Double]) -> String { JSONValue.array(data.map(JSONValue.double)).serialized() }

  /// `count` values in (-2, 2) with full mantissas, from a seed (a fixed linear congruential sequence).
  static func irrational(_ count: Int, seed: Int) -> [Double] {
    var state = UInt64(truncatingIfNeeded: seed) &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return (0..<count).map { _ in
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Double(state >> 11) / Double(1 << 53) * 4 - 2
    }
  }
}
