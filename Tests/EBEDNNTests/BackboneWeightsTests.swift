import Datasets
import Foundation
import Networks
import Randomness
import Tensors
import Testing
@testable import EBEDNN

@Suite("EBE-DNN: backbones from named tensors")
struct BackboneWeightsTests {
  /// A network's parameters and buffers by state-dict name.
  static func named(_ network: Network) -> [String: Tensor] {
    var tensors: [String: Tensor] = [:]
    for p in network.parameters.parameters { tensors[p.name] = p.value }
    for b in network.buffers.buffers { tensors[b.name] = b.value }
    return tensors
  }

  @Test(
    "[EBE-11] the architecture is read off the shapes: stem, channels, widths, classes; the network computes the same embeddings",
    arguments: [(ResNet.Stem.imageNet, 1.0 / 16, 1), (.smallImage, 1.0 / 8, 3), (.imageNet, 0.3, 3)])
  func roundTrip(stem: ResNet.Stem, width: Double, channels: Int) throws {
    var g = Xoshiro256StarStar(seed: 12)
    let original = try Network(
      try ResNet.resnet18(inputChannels: channels, classes: 7, widthMultiplier: width, stem: stem), using: &g)
    let rebuilt = try BackboneWeights.network(Self.named(original))
    let resnet = try #require(rebuilt.layer as? ResNet)
    let expected = try #require(original.layer as? ResNet)
    #expect(resnet.stem == stem && resnet.widths == expected.widths && resnet.inputChannels == channels && resnet.classes == 7)
    #expect(rebuilt.parameters == original.parameters && rebuilt.buffers == original.buffers)
    var x = Tensor.zeros([2, channels, 12, 12])
    for i in 0..<x.count { x[flat: i] = g.nextDouble() }
    #expect(
      try EmbeddingTaps.embed(rebuilt, inputs: x, taps: ["layer2", "fc"])
        == (try EmbeddingTaps.embed(original, inputs: x, taps: ["layer2", "fc"])))
  }

  @Test(
    "[EBE-11] [EBE-13] missing, extra, misshapen or non-finite tensors are refused by name; num_batches_tracked may be absent")
  func refusals() throws {
    var g = Xoshiro256StarStar(seed: 1)
    let network = try Network(try ResNet.resnet18(inputChannels: 1, classes: 10, widthMultiplier: 1.0 / 16), using: &g)
    let good = Self.named(network)
    var noCounters = good
    for name in good.keys where name.hasSuffix("num_batches_tracked") { noCounters[name] = nil }
    #expect(throws: Never.self) { try BackboneWeights.network(noCounters) }
    func refused(_ tensors: [String: Tensor], _ text: String) {
      do { _ = try BackboneWeights.network(tensors); Issue.record("accepted: \(text)") } catch {
        #expect("\(error)".contains(text), "\(error)")
      }
    }
    var missing = good; missing["layer3.1.bn2.running_var"] = nil
    refused(missing, "layer3.1.bn2.running_var")
    var extra = good; extra["head.weight"] = Tensor.zeros([1])
    refused(extra, "'head.weight' is not a tensor")
    var shape = good; shape["layer2.0.downsample.0.weight"] = Tensor.zeros([8, 4, 3, 3])
    refused(shape, "layer2.0.downsample.0.weight has shape [8, 4, 3, 3]")
    var stem = good; stem["conv1.weight"] = Tensor.zeros([4, 1, 5, 5])
    refused(stem, "conv1.weight must be")
    var nan = good; nan["fc.bias"]![flat: 0] = .nan
    refused(nan, "fc.bias: non-finite value nan")
    #expect(throws: EBEDNNError.self) { try BackboneWeights.load(URL(fileURLWithPath: "/no/such/file.safetensors")) }
  }

  /// A backbone file as the companion script writes it (EBE-11): safetensors through the Formats
  /// module's reader, F64 weights and I64 num_batches_tracked, `__metadata__` naming the data set.
  @Test(
    """
      [EBE-11] [EBE-13] the companion script's --weights file loads: metadata mnist, and PyTorch's embeddings at every tap (to \
      1e-12)
      """
  )
  func fileLoads() throws {
    let file = Fixtures.directory.appendingPathComponent("ebe-dnn/tiny_mnist_resnet18.safetensors")
    let loaded = try BackboneWeights.load(file)
    #expect(loaded.metadata["dataset"] == "mnist" && loaded.path == file.path)
    let model = try #require(try EBEGoldenTests.golden()["models"]?.array?.first)
    let input = try model["input"]!.tensor(named: "input")
    let taps = (model["taps"]?.members ?? []).map(\.0)
    let ours = try EmbeddingTaps.embed(loaded.network, inputs: input, taps: taps)
    for (name, value) in model["taps"]?.members ?? [] {
      #expect(EBEGoldenTests.close(ours[name]!, try value.tensor(named: name)), "\(name)")
    }
    var corrupt = try Data(contentsOf: file)
    corrupt.removeLast(9)
    let truncated = FileManager.default.temporaryDirectory.appendingPathComponent("truncated-\(UUID().uuidString).safetensors")
    try corrupt.write(to: truncated)
    defer { try? FileManager.default.removeItem(at: truncated) }
    do { _ = try BackboneWeights.load(truncated); Issue.record("a truncated file was read") } catch {
      guard case let .backboneFile(path, _) = error else { Issue.record("\(error)"); return }
      #expect(path == truncated.path, "\(error)")
    }
  }
}
