import Foundation
import Testing
@testable import Evaluation
@testable import oracle

/// The conformance vectors (Spec/Vectors.md): regenerated and compared with Fixtures/vectors,
/// validated against the schema, covering every function; the numpy consumer and its planted bugs.
@Suite("oracle: conformance vectors")
struct VectorTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  static let directory = root.appendingPathComponent("Fixtures/vectors")
  let functions = OracleRegistry.functions

  @Test(
    """
      [VEC-1] [VEC-3] [VEC-10] [VEC-11] [VEC-12] [VEC-13] [VEC-14] [VEC-15] [VEC-16] [VEC-17] [VEC-18] [VEC-19] [VEC-22] every \
      family regenerates byte for byte as committed in Fixtures/vectors
      """,
        arguments: VectorSuite.families.map(\.name))
  func regenerates(family: String) throws {
    let f = try #require(VectorSuite.families.first { $0.name == family })
    let committed = try String(contentsOf: Self.directory.appendingPathComponent(family + ".json"), encoding: .utf8)
    let generated = try VectorSuite.text(f, functions: functions)
    let firstDifference = zip(committed.split(separator: "\n"), generated.split(separator: "\n")).enumerated().first {
      $1.0 != $1.1
    }
    #expect(
      committed == generated,
      """
        \(family).json differs from what `oracle vectors` writes (first at line \((firstDifference?.offset ?? -1) + 1)); \
        regenerate with `swift run oracle vectors --out Fixtures/vectors` and review the diff
        """
    )
  }

  @Test("[VEC-1] the families together call every registered function, and Fixtures/vectors holds exactly their files")
  func coverage() throws {
    let called = Set(VectorSuite.families.flatMap { $0.groups.map(\.function) })
    for f in functions {
      #expect(called.contains(f.name), "no conformance vector calls \(f.name): add a group to a family (VEC-1)")
    }
    let files = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path).filter {
      $0.hasSuffix(".json") && $0 != "schema.json"
    }
    #expect(Set(files) == Set(VectorSuite.families.map { $0.name + ".json" }))
  }

  @Test(
    "[VEC-2] every committed file validates against Fixtures/vectors/schema.json, and numberOfTests and tcIds count the tests")
  func schema() throws {
    let schema = try JSONValue(parsing: String(contentsOf: Self.directory.appendingPathComponent("schema.json"), encoding: .utf8))
    let validator = JSONSchemaValidator(root: schema)
    for family in VectorSuite.families {
      let file = try JSONValue(
        parsing: String(contentsOf: Self.directory.appendingPathComponent(family.name + ".json"), encoding: .utf8))
      let problems = validator.violations(file, schema)
      #expect(problems.isEmpty, "\(family.name).json: \(problems.prefix(5))")
      let ids = (file["testGroups"]?.array ?? []).flatMap { $0["tests"]?.array ?? [] }.compactMap { $0["tcId"]?.number }
      #expect(
        ids == (1...ids.count).map(Double.init) && file["numberOfTests"]?.number == Double(ids.count), "\(family.name).json")
    }
    // The validator itself refuses what the schema forbids.
    let broken = JSONValue.object([("family", .string("x")), ("schemaVersion", .number(2))])
    #expect(validator.violations(broken, schema).count >= 2)
  }

  @Test("[VEC-4] every name a tolerance holds exact occurs in its group's expected results; invalid tests expect an error kind")
  func tolerances() throws {
    func names(_ value: JSONValue) -> Set<String> {
      switch value {
      case let .object(members): return members.reduce(into: Set(members.map(\.0))) { $0.formUnion(names($1.1)) }
      case let .array(items): return items.reduce(into: Set()) { $0.formUnion(names($1)) }
      default: return []
      }
    }
    for family in VectorSuite.families {
      let document = try VectorSuite.document(family, functions: functions)
      for group in document["testGroups"]?.array ?? [] {
        let tests = group["tests"]?.array ?? []
        let valid = tests.filter { $0["result"]?.string == "valid" }
        let seen = valid.reduce(into: Set<String>()) { $0.formUnion(names($1["expected"] ?? .null)) }
        for name in group["tolerance"]?["exact"]?.array?.compactMap(\.string) ?? [] {
          #expect(seen.contains(name), "\(family.name) \(group["function"]?.string ?? ""): exact '\(name)' is no result")
        }
        for test in tests where test["result"]?.string == "invalid" {
          #expect(test["expected"]?["error"]?.string != nil && test["flags"]?.array?.contains(.string("invalidArgument")) == true)
        }
      }
    }
  }

  @Test("[VEC-5] every flag used has a note, every note is used, and each file explains exactly the flags it uses")
  func flags() throws {
    var used = Set<String>()
    for family in VectorSuite.families {
      let document = try VectorSuite.document(family, functions: functions)
      let flags = Set(
        (document["testGroups"]?.array ?? []).flatMap { $0["tests"]?.array ?? [] }.flatMap { $0["flags"]?.array ?? [] }
          .compactMap(\.string))
      #expect(Set(document["notes"]?.members?.map(\.0) ?? []) == flags, "\(family.name)")
      used.formUnion(flags)
    }
    #expect(used == Set(VectorFlags.notes.keys), "notes never used: \(Set(VectorFlags.notes.keys).subtracting(used))")
    for flag in ["tie", "kink", "selfMatch", "zeroVector", "nearSingular", "duplicateCase", "emptyClass"] {
      #expect(used.contains(flag))
    }
  }

  @Test("[VEC-1] oracle vectors --out writes the files (the executable), and refuses a missing directory argument")
  func command() throws {
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("nn-vectors-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: out) }
    let oracle = ExecutableRunner(name: "oracle")
    let (status, printed, _) = try oracle.run(["vectors", "--out", out.path])
    #expect(status == 0 && printed.contains("knn.json"))
    #expect(
      try Data(contentsOf: out.appendingPathComponent("knn.json"))
        == Data(contentsOf: Self.directory.appendingPathComponent("knn.json")))
    let (bad, _, err) = try oracle.run(["vectors"])
    #expect(bad == 2 && err.contains("vectors needs --out DIR"))
  }

  /// python3 with numpy, or nil (the consumer check is then skipped: `swift test` never needs Python).
  static let python: String? = {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", "import numpy"]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch { return nil }
    process.waitUntilExit()
    return process.terminationStatus == 0 ? "python3" : nil
  }()

  @Test("[VEC-20] [VEC-21] the numpy consumer passes every vector it implements, and each planted bug is caught",
    .enabled(
      if: python != nil,
      """
        python3 with numpy is not importable here: the consumer check (Fixtures/vectors/consume.py --check-planted) is skipped; \
        .ci/run runs it
        """
    ))
  func consumer() throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", Self.directory.appendingPathComponent("consume.py").path, "--check-planted"]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    print(output)
    #expect(process.terminationStatus == 0, "\(output)")
    for bug in ["wrongTieRule", "noSelfMatchMask", "biasOffByOne"] {
      #expect(
        output.range(of: "planted \(bug) \\(.*\\): caught by [1-9]", options: .regularExpression) != nil, "\(bug) is not caught")
    }
  }
}
