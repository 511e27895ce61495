import Foundation
import Testing
import Tensors
@testable import Evaluation
import Formats

/// `nn.forward` through the oracle executable (ORACLE-77), against numbers PyTorch wrote: the
/// ResNet18 trained in PyTorch (NET-80) and the MLP goldens of ORACLE-70.
@Suite("oracle: whole models")
struct ForwardOracleTests {
  let oracle = ExecutableRunner(name: "oracle")
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Fixtures/golden")

  @Test(
    """
      [ORACLE-77] nn.forward on the ResNet18 trained in PyTorch (weights from its safetensors file): output, taps, loss and \
      input gradient equal torch's to 1e-12
      """,
        arguments: ["imagenet", "small"])
  func torchResNet(stem: String) throws {
    let outputs = try SafetensorsFile(contentsOf: Self.fixtures.appendingPathComponent("resnet18_w8_outputs.safetensors"))
    let request = JSONValue.object([("function", .string("nn.forward")), ("arguments", .object([
      ("architecture", .string("resnet18")),
      ("options", .object([("classes", .number(10)), ("widthMultiplier", .number(0.125)),
                           ("stem", .string(stem == "imagenet" ? "imageNet" : "smallImage"))])),
      ("weightsFile", .string(Self.fixtures.appendingPathComponent("resnet18_w8_\(stem).safetensors").path)),
      ("input", JSONValue(try outputs.tensor("\(stem)/input"))), ("labels", JSONValue(try outputs.tensor("\(stem)/labels"))),
      ("taps", .array(["layer1", "layer3", "avgpool"].map { .string($0) })),
    ]))])
    let (status, response) = try oracle.eval(request.serialized())
    #expect(status == 0, "\(response.serialized().prefix(300))")
    let results = try #require(response["results"])
    #expect(results["taps"]?.members?.map(\.0) == ["layer1", "layer3", "avgpool"])
    var compared = [("output", try #require(results["output"])), ("grad_input", try #require(results["gradients"]?["input"]))]
    for tap in ["layer1", "layer3", "avgpool"] { compared.append(("tap/\(tap)", try #require(results["taps"]?[tap]))) }
    for (name, value) in compared {
      let error = TextNetworkOracleTests.scaledError(try value.tensor(named: name), try outputs.tensor("\(stem)/\(name)"))
      #expect(error <= 1e-12, "\(stem) \(name): scaled error \(error)")
    }
    let loss = try #require(results["loss"]?.number)
    let torchLoss = try outputs.tensor("\(stem)/loss").scalars[0]
    #expect(Swift.abs(loss - torchLoss) <= 1e-12 * Swift.abs(torchLoss))
    #expect(results["gradients"]?["fc.weight"]?["shape"]?.serialized() == "[10,64]")
  }

  @Test("[ORACLE-77] nn.forward on torch's MLP goldens (cross-entropy): output, loss, input and parameter gradients to 1e-12")
  func torchMLPs() throws {
    let golden = try JSONValue(
      parsing: try String(contentsOf: Self.fixtures.appendingPathComponent("torch_networks.json"), encoding: .utf8))
    let cases = (golden["mlp"]?.array ?? []).filter {
      $0["loss"]?.string == "crossEntropy" && $0["finalActivation"] == .bool(false)
    }
    #expect(cases.count >= 2)
    for item in cases {
      let name = item["name"]?.string ?? "?"
      let weights = item["weights"]?.array ?? [], biases = item["biases"]?.array ?? []
      let widths = [try #require(item["inputs"]?["shape"]?.array?.last)] + weights.compactMap { $0["shape"]?.array?.first }
      var state: [(String, JSONValue)] = []
      for (k, (w, b)) in zip(weights, biases).enumerated() { state += [("\(2 * k).weight", w), ("\(2 * k).bias", b)] }
      var options: [(String, JSONValue)] = [("widths", .array(widths)), ("activation", try #require(item["activation"]))]
      if let slope = item["slope"]?.number { options.append(("slope", .number(slope))) }
      let request = JSONValue.object([("function", .string("nn.forward")), ("arguments", .object([
        ("architecture", .string("mlp")), ("options", .object(options)), ("weights", .object(state)),
        ("input", try #require(item["inputs"])), ("labels", try #require(item["targets"])),
      ]))])
      let (status, response) = try oracle.eval(request.serialized())
      #expect(status == 0, "\(name): \(response.serialized().prefix(300))")
      let results = try #require(response["results"])
      var compared = [(try #require(results["output"]), try #require(item["outputs"]), "output"),
                      (try #require(results["gradients"]?["input"]), try #require(item["gradInputs"]), "grad input")]
      for (k, (w, b)) in zip(item["gradWeights"]?.array ?? [], item["gradBiases"]?.array ?? []).enumerated() {
        compared.append((try #require(results["gradients"]?["\(2 * k).weight"]), w, "grad \(2 * k).weight"))
        compared.append((try #require(results["gradients"]?["\(2 * k).bias"]), b, "grad \(2 * k).bias"))
      }
      for (ours, torch, label) in compared {
        let error = TextNetworkOracleTests.scaledError(try ours.tensor(named: label), try torch.tensor(named: label))
        #expect(error <= 1e-12, "\(name) \(label): \(error)")
      }
      let loss = try #require(results["loss"]?.number), torchLoss = try #require(item["lossValue"]?.number)
      #expect(Swift.abs(loss - torchLoss) <= 1e-12 * Swift.abs(torchLoss), "\(name) loss \(loss) vs \(torchLoss)")
    }
  }

  @Test(
    """
      [ORACLE-77] nn.forward refuses missing, unexpected or misshapen weights, unknown taps and options, labels outside the \
      classes, naming the argument
      """
  )
  func errors() throws {
    let good =
      #""0.weight":{"shape":[2,2],"data":[1,0,0,1]},"0.bias":[0,0],"2.weight":{"shape":[2,2],"data":[1,-1,-1,1]},"2.bias":[0,0]"#
    func ask(_ weights: String, _ extra: String = "", widths: String = "[2,2,2]") throws -> (Int32, JSONValue) {
      try oracle.eval(
        #"{"function":"nn.forward","arguments":{"architecture":"mlp","options":{"widths":"# + widths + #"},"weights":{"#
          + weights + #"},"input":{"shape":[1,2],"data":[1,-2]}"# + extra + "}}")
    }
    let (ok, answer) = try ask(good, #","labels":[1],"taps":["0"]"#)
    #expect(ok == 0 && answer["results"]?["taps"]?.members?.map(\.0) == ["0"], "\(answer.serialized())")
    // relu([1, -2]) = [1, 0]; logits [1, -1]; loss = log(1 + e^2) for label 1.
    #expect(Swift.abs((answer["results"]?["loss"]?.number ?? 0) - Foundation.log(1 + Foundation.exp(2.0))) < 1e-15)
    for (weights, extra, widths, argument) in [
      (good.replacingOccurrences(of: #","2.bias":[0,0]"#, with: ""), "", "[2,2,2]", "2.bias"),
      (good + #","3.weight":[1]"#, "", "[2,2,2]", "3.weight"),
      (good.replacingOccurrences(of: #""0.bias":[0,0]"#, with: #""0.bias":[0,0,0]"#), "", "[2,2,2]", "0.bias"),
      (good, #","taps":["nowhere"]"#, "[2,2,2]", "nowhere"),
      (good, #","labels":[2]"#, "[2,2,2]", "labels"),
      (good, "", "[2,0]", "options"),
    ] {
      let (status, error) = try ask(weights, extra, widths: widths)
      #expect(status == 1 && error["error"]?["kind"]?.string == "badArgument", "\(argument): \(error.serialized())")
      #expect(error["error"]?["message"]?.string?.contains(argument) == true, "\(argument): \(error.serialized())")
    }
  }
}
