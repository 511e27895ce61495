import Foundation
import Formats
import Randomness
import Testing
import Tensors
@testable import Autodiff
@testable import Networks

/// Loading and saving a network's state as safetensors under torch's state_dict names (NET-77),
/// and the proof on weights PyTorch saved itself (NET-80).
@Suite("State dicts and safetensors")
struct StateDictTests {
  static let outputs = Result { try TorchGoldens.safetensors("Fixtures/golden/resnet18_w8_outputs.safetensors") }

  static func tinyResNet() throws -> Network {
    var g = Xoshiro256StarStar(seed: 31)
    return try Network(try ResNet.resnet18(inputChannels: 1, classes: 3, widthMultiplier: 1.0 / 32, stem: .smallImage), using: &g)
  }

  @Test(
    """
      [NET-80] ResNet18 at width 1/8 trained in PyTorch (float32) and saved by safetensors: loaded by name, evaluation outputs, \
      taps, loss and input gradient equal torch's float64 ones to 1e-12
      """,
        arguments: ["imagenet", "small"])
  func torchTrainedResNet(stem: String) throws {
    let weights = try TorchGoldens.safetensors("Fixtures/golden/resnet18_w8_\(stem).safetensors")
    let outputs = try Self.outputs.get()
    let info = try JSONValue(parsing: try #require(outputs.metadata("info")))
    let layer = try ResNet.resnet18(
      inputChannels: 3, classes: 10, widthMultiplier: 1.0 / 8, stem: stem == "imagenet" ? .imageNet : .smallImage)
    let network = try Network(layer, stateDict: weights)
    // torch's state_dict keys, in torch's order, are the model's.
    #expect(network.stateDict.map(\.name) == info["\(stem)/state_dict"]?.array?.compactMap(\.string))
    #expect(weights.tensors.first { $0.name == "bn1.num_batches_tracked" }?.dtype == .I64)
    #expect(try network.buffers.value("bn1.num_batches_tracked").scalars == [3])
    let x = try outputs.tensor("\(stem)/input")
    let labels = try outputs.tensor("\(stem)/labels").scalars.map { Int($0) }
    let tape = Tape()
    let context = network.context(tape: tape, mode: .evaluation)
    let taps = ["layer1", "layer3", "avgpool"]
    context.requestTaps(taps)
    let input = tape.variable(x)
    let logits = try network(input, context: context)
    let loss = try Losses.crossEntropy(logits, labels: labels)
    let (_, inputGradient) = try context.gradients(of: loss, inputs: [input])
    var results = [("output", logits.value), ("loss", try loss.value.reshaped([1])), ("grad_input", inputGradient[0])]
    for tap in taps { results.append(("tap/\(tap)", try #require(context.tapValues[tap]).value)) }
    var worst = 0.0
    for (name, ours) in results {
      let error = TorchGoldens.scaledError(ours, try outputs.tensor("\(stem)/\(name)"))
      #expect(error <= 1e-12, "\(stem) \(name): scaled error \(error)")
      worst = max(worst, error)
    }
    print("torch-trained resnet18 \(stem): worst=\(worst)")
  }

  @Test(
    """
      [NET-77] state_dict order is torch's (each module's parameters, then its buffers); save then load is exact in F64 and \
      rounds to float32 in F32
      """
  )
  func roundTrip() throws {
    var network = try Self.tinyResNet()
    try network.buffers.setValue(Tensor(scalar: 5), for: "layer1.0.bn2.num_batches_tracked")
    let names = network.stateDict.map(\.name)
    #expect(
      Array(names.prefix(7)) == [
        "conv1.weight", "bn1.weight", "bn1.bias", "bn1.running_mean", "bn1.running_var", "bn1.num_batches_tracked",
        "layer1.0.conv1.weight"
      ])
    #expect(names.contains("layer2.0.downsample.1.num_batches_tracked") && names.last == "fc.bias")
    #expect(names.count == network.parameters.count + network.buffers.count)

    let file = try network.safetensors()
    #expect(file.tensors.filter { $0.dtype == .I64 }.map(\.name).allSatisfy { $0.hasSuffix("num_batches_tracked") })
    let loaded = try Network(network.layer, stateDict: try SafetensorsFile(bytes: try file.serialized()))
    #expect(loaded.parameters == network.parameters && loaded.buffers == network.buffers)

    let single = try Network(
      network.layer, stateDict: try SafetensorsFile(bytes: try network.safetensors(dtype: .F32).serialized()))
    let w = try network.parameters.value("fc.weight").scalars
    #expect(try single.parameters.value("fc.weight").scalars == w.map { Double(Float($0)) })
    #expect(try single.buffers.value("layer1.0.bn2.num_batches_tracked").scalars == [5])

    let url = FileManager.default.temporaryDirectory.appendingPathComponent("net77-\(UUID().uuidString).safetensors")
    defer { try? FileManager.default.removeItem(at: url) }
    try network.save(to: url, metadata: [("format", "pt")])
    var reloaded = try Self.tinyResNet()
    try reloaded.parameters.setValue(Tensor.zeros([3, 16]), for: "fc.weight")
    try reloaded.load(contentsOf: url)
    #expect(reloaded.parameters == network.parameters && reloaded.buffers == network.buffers)
  }

  @Test("[NET-77] missing and unexpected names (strict), wrong shapes, fractional counters: typed errors, and nothing changes")
  func errors() throws {
    var network = try Self.tinyResNet()
    let before = network
    var tensors = try network.safetensors().tensors
    tensors.removeAll { $0.name == "fc.bias" || $0.name == "bn1.running_var" }
    tensors.append(SafetensorsTensor(name: "fc.extra", value: Tensor([1])))
    #expect(throws: NetworkError.stateDictMismatch(missing: ["fc.bias", "bn1.running_var"], unexpected: ["fc.extra"])) {
      try network.loadStateDict(SafetensorsFile(tensors: tensors))
    }
    // Not strict: the absent keep their values, the unknown are ignored.
    tensors[0].value = Tensor(repeating: 0.5, shape: tensors[0].value.shape)
    try network.loadStateDict(SafetensorsFile(tensors: tensors), strict: false)
    #expect(try network.parameters.value(tensors[0].name).scalars.allSatisfy { $0 == 0.5 })
    #expect(try network.parameters.value("fc.bias") == before.parameters.value("fc.bias"))

    var wrong = try before.safetensors()
    let i = try #require(wrong.tensors.firstIndex { $0.name == "fc.weight" })
    wrong.tensors[i].value = Tensor.zeros([16, 3])
    network = before
    #expect(throws: NetworkError.parameterShape(name: "fc.weight", expected: [3, 16], got: [16, 3])) {
      try network.loadStateDict(wrong)
    }
    #expect(network.parameters == before.parameters)

    var fractional = try before.safetensors()
    let j = try #require(fractional.tensors.firstIndex { $0.name == "bn1.num_batches_tracked" })
    fractional.tensors[j] = SafetensorsTensor(name: "bn1.num_batches_tracked", dtype: .F64, value: Tensor(scalar: 1.5))
    #expect(
      throws: NetworkError.invalidStateValue(name: "bn1.num_batches_tracked", reason: "holds 1.5; it is an integer in torch")
    ) {
      try network.loadStateDict(fractional)
    }
    #expect(throws: NetworkError.weightFile(.unwritableDType(tensor: "(every floating-point tensor)", dtype: "F16"))) {
      _ = try before.safetensors(dtype: .F16)
    }
    let missing = URL(fileURLWithPath: "/nonexistent/weights.safetensors")
    #expect { try network.load(contentsOf: missing) } throws: { error in
      guard case .weightFile(.io(path: missing.path, reason: _)) = error as? NetworkError else { return false }
      return true
    }
    #expect(NetworkError.stateDictMismatch(missing: ["a"], unexpected: ["b"]).description
            == "state dict does not match the model: missing 1 name(s): a; unexpected 1 name(s): b")
  }
}
