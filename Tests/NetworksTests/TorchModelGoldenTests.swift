import Formats
import Foundation
import Randomness
import Testing
import Tensors
@testable import Autodiff
@testable import Networks

/// The architectures of Fixtures/golden/deep_models.safetensors, written by PyTorch (NET-46):
/// with torch's parameters and buffers loaded by name, the evaluation and training outputs, the
/// cross-entropy loss, its gradients w.r.t. the input and every parameter, the buffers after the
/// training step and the taps agree with torch's to 1e-12 scaled error.
@Suite("PyTorch goldens: architectures")
struct TorchModelGoldenTests {
  static let file = Result { try TorchGoldens.safetensors("Fixtures/golden/deep_models.safetensors") }

  struct ModelConfig: Decodable {
    let key: String
    let architecture: String
    let stem: String?
    let inputChannels: Int?
    let classes: Int?
    let widthMultiplier: Double?
    let filters: Int?
    let imageSize: Int?
    let widths: [Int]?
    let parameters: [String]
    let buffers: [String]
    let taps: [String]

    func layer() throws -> any Layer {
      switch architecture {
      case "resnet18":
        return try ResNet.resnet18(inputChannels: inputChannels!, classes: classes!, widthMultiplier: widthMultiplier!,
                                   stem: stem == "imageNet" ? .imageNet : .smallImage)
      case "papernot": return try ConvolutionalNetworks.papernotMNIST(filters: filters!)
      default:
        return try ConvolutionalNetworks.convNet(inputChannels: inputChannels!, imageSize: (imageSize!, imageSize!),
                                                 widths: (widths![0], widths![1], widths![2]))
      }
    }
  }

  static func configs() throws -> [ModelConfig] {
    let text = try file.get().metadata("models") ?? "[]"
    return try JSONDecoder().decode([ModelConfig].self, from: Data(text.utf8))
  }

  @Test(
    """
      [NET-46] ResNet18 (both stems), Papernot's CNN and the ConvNet against torch: names, outputs in both modes, loss, every \
      gradient, running statistics, taps
      """,
        arguments: ["resnet18_small", "resnet18_imagenet", "papernot", "convnet"])
  func architecture(key: String) throws {
    let golden = try Self.file.get()
    let config = try #require(try Self.configs().first { $0.key == key })
    let layer = try config.layer()
    // torch's named_parameters() and named_buffers() order and names.
    #expect(layer.parameterSpecs.map(\.name) == config.parameters)
    #expect(layer.bufferSpecs.map(\.name) == config.buffers)
    let parameters = try ParameterStore(
      config.parameters.map { Parameter(name: $0, value: try golden.tensor("\(key)/param/\($0)")) })
    let buffers = try BufferStore(
      layer.bufferSpecs.map { Buffer(name: $0.name, value: try golden.tensor("\(key)/buffer/\($0.name)").reshaped($0.shape)) })
    var network = try Network(layer, parameters: parameters, buffers: buffers)
    let x = try golden.tensor("\(key)/input")
    let labels = try golden.tensor("\(key)/labels").scalars.map { Int($0) }
    var results: [(String, Tensor, Tensor)] = [("eval_output", try network.predict(x), try golden.tensor("\(key)/eval_output"))]
    let tape = Tape()
    let context = network.context(tape: tape, mode: .training)
    context.requestTaps(config.taps)
    let input = tape.variable(x)
    let logits = try network(input, context: context)
    let loss = try Losses.crossEntropy(logits, labels: labels)
    let (gradients, inputGradient) = try context.gradients(of: loss, inputs: [input])
    network.commitBuffers(from: context)
    results += [("train_output", logits.value, try golden.tensor("\(key)/train_output")),
                ("loss", try loss.value.reshaped([1]), try golden.tensor("\(key)/loss")),
                ("grad_input", inputGradient[0], try golden.tensor("\(key)/grad_input"))]
    for name in config.parameters { results.append(("grad/\(name)", gradients[name]!, try golden.tensor("\(key)/grad/\(name)"))) }
    for b in network.buffers.buffers {
      results.append(
        ("buffer_after/\(b.name)", b.value, try golden.tensor("\(key)/buffer_after/\(b.name)").reshaped(b.value.shape)))
    }
    for tap in config.taps {
      results.append(("tap/\(tap)", context.tapValues[tap]!.value, try golden.tensor("\(key)/tap/\(tap)")))
    }
    var worst = (name: "", error: 0.0)
    for (name, ours, torch) in results {
      let error = TorchGoldens.scaledError(ours, torch)
      #expect(error <= 1e-12, "\(key) \(name): scaled error \(error)")
      if error > worst.error { worst = (name, error) }
    }
    print("torch golden model \(key): \(results.count) tensors, worst=\(worst.error) (\(worst.name))")
  }
}
