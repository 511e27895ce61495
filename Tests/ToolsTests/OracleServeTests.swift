import Foundation
import Testing
import Tensors
@testable import Evaluation
@testable import oracle

/// The oracle as other implementations use it: `serve` (ORACLE-72), request ids (ORACLE-73), .npy
/// exchange (ORACLE-74), help that runs (ORACLE-75), the optimiser functions (ORACLE-76).
@Suite("oracle: serve, ids, .npy, help, optimisers")
struct OracleServeTests {
  let functions = OracleRegistry.functions
  static let knn =
    #"{"function":"knn.query","arguments":{"train":{"shape":[3,1],"data":[0,2,1]},"queries":{"shape":[1,1],"data":[1.5]},"k":2}}"#

  /// The response lines `serve` writes for `input`, fed in chunks of `chunk` bytes.
  func serve(_ input: [UInt8], chunk: Int = 7, limit: Int = OracleCost.maximumRequestBytes) -> [JSONValue] {
    var chunks =
      stride(from: 0, to: input.count, by: chunk).map { Array(input[$0..<min(input.count, $0 + chunk)]) }.reversed() as [[UInt8]]
    var output = ""
    OracleServer(functions: functions, limit: limit).serve(next: { chunks.popLast() }, write: { output += $0 })
    return output.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map {
      (try? JSONValue(parsing: String($0))) ?? .null
    }
  }

  @Test(
    "[ORACLE-72] serve answers every line in order; errors answer on their line and the server goes on", arguments: [1, 7, 4096])
  func serveInProcess(chunk: Int) {
    let lines = [
      Self.knn, "{not json", "", #"{"function":"no.such"}"#, Self.knn.replacingOccurrences(of: #""k":2"#, with: #""k":9"#) + "\r",
      #"{"function":"tensor.matmul","arguments":{"a":[[1]]}}"#, Self.knn
    ]
    let responses = serve(Array((lines.joined(separator: "\n") + "\n").utf8), chunk: chunk)
    #expect(responses.map { $0["error"]?["kind"]?.string ?? "answer" }
      == ["answer", "malformedJSON", "malformedJSON", "unknownFunction", "badArgument", "badArgument", "answer"])
    #expect(responses[0] == responses[6] && responses[0]["results"]?["indices"]?["data"]?.serialized() == "[1,2]")
    // A last line without a newline is answered too.
    #expect(serve(Array(Self.knn.utf8)).count == 1)
  }

  @Test(
    """
      [ORACLE-72] a line over the limit is answered tooLarge without being kept, and the next line is served (limit 1000 here, \
      32 MiB in the executable)
      """,
        arguments: [64, 5000])
  func overlongLine(chunk: Int) {
    var input = [UInt8](repeating: 0x20, count: 3000)
    input += Array(("\n" + Self.knn + "\n" + String(repeating: " ", count: 1002) + "\n" + Self.knn).utf8)
    let responses = serve(input, chunk: chunk, limit: 1000)
    #expect(responses.map { $0["error"]?["kind"]?.string ?? "answer" } == ["tooLarge", "answer", "tooLarge", "answer"])
  }

  @Test("[ORACLE-72] the executable answers each line as soon as it is read (one request, one answer, then the next)")
  func serveInteractively() throws {
    let process = Process()
    process.executableURL = ExecutableRunner(name: "oracle").url
    process.arguments = ["serve"]
    let (input, output) = (Pipe(), Pipe())
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    var pending = Data()
    func nextLine() -> String {
      while !pending.contains(0x0A) {
        let data = output.fileHandleForReading.availableData
        if data.isEmpty { break }
        pending += data
      }
      guard let end = pending.firstIndex(of: 0x0A) else { return "" }
      defer { pending = pending[(end + 1)...] }
      return String(decoding: pending[pending.startIndex..<end], as: UTF8.self)
    }
    for i in 0..<3 {
      input.fileHandleForWriting.write(
        Data((Self.knn.replacingOccurrences(of: "{\"function\"", with: "{\"id\":\(i),\"function\"") + "\n").utf8))
      let response = try JSONValue(parsing: nextLine())
      #expect(response["id"]?.number == Double(i) && response["results"] != nil)
    }
    try input.fileHandleForWriting.close()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0 && nextLine().isEmpty)
  }

  @Test("[ORACLE-73] ids are echoed first, on answers and on errors; an id of another type is badRequest")
  func ids() {
    let (_, answer) = OracleCommand.respond(
      to: Array(Self.knn.replacingOccurrences(of: "{\"function\"", with: "{\"id\":\"q-1\",\"function\"").utf8),
      functions: functions)
    #expect(answer.members?.first?.0 == "id" && answer["id"]?.string == "q-1")
    let (status, error) = OracleCommand.respond(to: Array(#"{"id":7,"function":"no.such"}"#.utf8), functions: functions)
    #expect(status == 1 && error["id"]?.number == 7 && error["error"]?["kind"]?.string == "unknownFunction")
    let (_, argumentError) = OracleCommand.respond(
      to: Array(#"{"id":8,"function":"knn.query","arguments":{"k":1}}"#.utf8), functions: functions)
    #expect(argumentError["id"]?.number == 8 && argumentError["error"]?["kind"]?.string == "badArgument")
    let (_, bad) = OracleCommand.respond(to: Array(#"{"id":[1],"function":"knn.query"}"#.utf8), functions: functions)
    #expect(bad["error"]?["kind"]?.string == "badRequest" && bad["id"] == nil)
  }

  static func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("nn-npy-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  func ask(_ request: String) -> (Int32, JSONValue) { OracleCommand.respond(to: Array(request.utf8), functions: functions) }

  @Test("[ORACLE-74] tensors given as .npy files (float32 big-endian, Fortran order, int64) answer as the same tensors inline")
  func npyArguments() throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let train = try Tensor(shape: [4, 2], scalars: [0, 0, 1, 0, 0, 1, 3, 2])
    let trainFile = directory.appendingPathComponent("train.npy").path, queryFile = directory.appendingPathComponent("q.npy").path
    try Data(try NpyWriter.encode(train, as: NpyType(.float32, bigEndian: true), fortranOrder: true)).write(
      to: URL(fileURLWithPath: trainFile))
    try Data(try NpyWriter.encode(try Tensor(shape: [1, 2], scalars: [1, 1]), as: NpyType(.int64))).write(
      to: URL(fileURLWithPath: queryFile))
    let viaFiles = ask(
      #"{"function":"knn.query","arguments":{"train":{"npy":"\#(trainFile)"},"queries":{"npy":"\#(queryFile)"},"k":3}}"#)
    let inline = ask(
      #"{"function":"knn.query","arguments":{"train":\#(JSONValue(train).serialized()),"queries":{"shape":[1,2],"data":[1,1]},"k":3}}"#
    )
    #expect(viaFiles.0 == 0 && viaFiles.1 == inline.1, "\(viaFiles.1.serialized())")
    // Inside arrays of tensors too (nn.mlp's weights).
    let weightFile = directory.appendingPathComponent("w.npy").path
    try NpyWriter.write(try Tensor(shape: [1, 2], scalars: [1, -1]), to: weightFile)
    let mlp = ask(
      #"{"function":"nn.mlp","arguments":{"inputs":{"shape":[1,2],"data":[1,2]},"weights":[{"npy":"\#(weightFile)"}],"biases":[[0.5]],"activation":"relu"}}"#
    )
    #expect(mlp.1["results"]?["outputs"]?["data"]?.serialized() == "[-0.5]")
  }

  @Test(
    """
      [ORACLE-74] a bad .npy file is badArgument naming the argument and the file; too many elements are tooLarge before the \
      data is read
      """
  )
  func npyErrors() throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let junk = directory.appendingPathComponent("junk.npy").path
    try Data("not an array".utf8).write(to: URL(fileURLWithPath: junk))
    let (status, error) = ask(#"{"function":"knn.query","arguments":{"train":{"npy":"\#(junk)"},"queries":[1],"k":1}}"#)
    let message = error["error"]?["message"]?.string ?? ""
    #expect(
      status == 1 && error["error"]?["kind"]?.string == "badArgument"
        && message.hasPrefix("argument 'train': \(junk): not a .npy file"), "\(message)")
    let missing = ask(#"{"function":"knn.query","arguments":{"train":{"npy":"/no/such.npy"},"queries":[1],"k":1}}"#)
    #expect(missing.1["error"]?["message"]?.string?.contains("/no/such.npy: cannot access the file") == true)
    // A header claiming 2^23 + 1 elements, with no data: refused from the header alone.
    let huge = directory.appendingPathComponent("huge.npy").path
    try Data(NpyHeader(type: .float64, fortranOrder: false, shape: [(1 << 23) + 1]).encoded()).write(
      to: URL(fileURLWithPath: huge))
    let tooLarge = ask(#"{"function":"knn.query","arguments":{"train":{"npy":"\#(huge)"},"queries":[1],"k":1}}"#)
    #expect(tooLarge.1["error"]?["kind"]?.string == "tooLarge")
  }

  @Test(
    """
      [ORACLE-74] npyDirectory: every result tensor is written as float64 .npy and answered by path (prefixed by the id); all \
      or nothing
      """
  )
  func npyResults() throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    let request =
      #"{"id":"run-1","npyDirectory":"\#(directory.path)","function":"nn.mlp","arguments":{"inputs":{"shape":[1,2],"data":[1,2]},"weights":[{"shape":[2,2],"data":[1,0,0,1]},{"shape":[1,2],"data":[1,-1]}],"biases":[[0,0],[0.5]],"activation":"relu","targets":{"shape":[1,1],"data":[0]}}}"#
    let (status, response) = ask(request)
    #expect(status == 0, "\(response.serialized())")
    let path = try #require(response["results"]?["gradients"]?["weights"]?.array?[1]["npy"]?.string)
    #expect(path == directory.appendingPathComponent("run-1.gradients.weights.1.npy").path)
    #expect(try NpyReader.read(path: path) == Tensor(shape: [1, 2], scalars: [-1, -2]))
    #expect(response["results"]?["loss"]?.number == 0.25)
    // A directory in the way of the second file: the first is removed again, the answer is cannotWrite.
    let other = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: other) }
    try FileManager.default.createDirectory(at: other.appendingPathComponent("distances.npy"), withIntermediateDirectories: false)
    let (failed, refusal) = ask(
      Self.knn.replacingOccurrences(of: "{\"function\"", with: "{\"npyDirectory\":\"\(other.path)\",\"function\""))
    #expect(failed == 1 && refusal["error"]?["kind"]?.string == "cannotWrite")
    #expect(try FileManager.default.contentsOfDirectory(atPath: other.path) == ["distances.npy"])
    let (_, missing) = ask(
      Self.knn.replacingOccurrences(of: "{\"function\"", with: "{\"npyDirectory\":\"/no/such/dir\",\"function\""))
    #expect(missing["error"]?["kind"]?.string == "badRequest")
    let (_, badId) = ask(
      Self.knn.replacingOccurrences(of: "{\"function\"", with: "{\"id\":\"../x\",\"npyDirectory\":\"\(other.path)\",\"function\"")
    )
    #expect(badId["error"]?["kind"]?.string == "badRequest")
  }

  @Test(
    """
      [ORACLE-75] every function's --help gives its Spec ids, its variants and an example request, and every example runs in \
      the executable
      """
  )
  func helpExamples() throws {
    let oracle = ExecutableRunner(name: "oracle")
    for f in functions {
      let (status, help, _) = try oracle.run(["eval", "--help", f.name])
      #expect(
        status == 0 && help.contains("\n  spec: ") && help.contains("\n  variants: ") && help.contains("\n  example: echo '"),
        "\(f.name)")
      #expect(
        !f.spec.isEmpty && f.spec.allSatisfy { $0.range(of: #"^[A-Z]+-[0-9]+$"#, options: .regularExpression) != nil },
        "\(f.name)")
      for variant in f.variants { #expect(help.contains(variant), "\(f.name): variant \(variant)") }
      let example = try #require(f.example, "\(f.name) has no example")
      #expect(try JSONValue(parsing: example)["function"]?.string == f.name)
      let (exampleStatus, response) = try oracle.eval(example)
      #expect(
        exampleStatus == 0 && response["results"] != nil,
        "\(f.name): the example does not run: \(response.serialized().prefix(200))")
    }
  }

  @Test(
    "[ORACLE-76] optim.sgd answers the worked example; Adam's first step moves by lr; refused hyperparameters name their argument"
  )
  func optimisers() throws {
    let (status, sgd) = ask(
      #"{"function":"optim.sgd","arguments":{"parameters":[1],"gradients":{"shape":[2,1],"data":[0.5,0.25]},"learningRate":0.1,"momentum":0.9}}"#
    )
    #expect(status == 0 && sgd["results"]?["momentumBuffer"]?["data"]?.serialized() == "[0.5,0.7]", "\(sgd.serialized())")
    #expect(
      sgd["results"]?["parameters"]?["data"]?.array?.compactMap(\.number) == [
        1 + -0.1 * 0.5, (1 + -0.1 * 0.5) + -0.1 * (0.5 * 0.9 + 0.25)
      ])
    // Adam's first step: m_hat / sqrt(v_hat) = sign(g), so p moves by lr (up to eps).
    let (_, adam) = ask(
      #"{"function":"optim.adam","arguments":{"parameters":[1,-2],"gradients":{"shape":[1,2],"data":[3,-0.5]},"learningRate":0.1,"eps":0}}"#
    )
    let moved = adam["results"]?["parameters"]?["data"]?.array?.compactMap(\.number) ?? []
    #expect(moved.count == 2 && abs(moved[0] - 0.9) < 1e-12 && abs(moved[1] - -1.9) < 1e-12, "\(moved)")
    #expect(adam["results"]?["maxSecondMoment"] == nil && adam["results"]?["secondMoment"]?["shape"]?.serialized() == "[1,2]")
    for (request, argument) in [
      (
        #"{"function":"optim.adam","arguments":{"parameters":[1],"gradients":{"shape":[1,1],"data":[1]},"betas":[0.9,1]}}"#,
        "betas"
      ),
      (
        #"{"function":"optim.sgd","arguments":{"parameters":[1],"gradients":{"shape":[1,1],"data":[1]},"learningRate":0.1,"nesterov":true}}"#,
        "momentum"
      ),
      (#"{"function":"optim.adamw","arguments":{"parameters":[1],"gradients":{"shape":[1,2],"data":[1,2]}}}"#, "gradients"),
      (
        #"{"function":"optim.sgd","arguments":{"parameters":[1],"gradients":{"shape":[1,1],"data":[1]},"learningRate":-1}}"#,
        "learningRate"
      )
    ] {
      let (bad, error) = ask(request)
      #expect(
        bad == 1 && error["error"]?["message"]?.string?.hasPrefix("argument '\(argument)'") == true, "\(error.serialized())")
    }
  }
}
