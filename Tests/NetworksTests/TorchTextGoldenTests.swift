import Formats
import Foundation
import Randomness
import Testing
import Tensors
@testable import Autodiff
@testable import Networks

/// The text layers and models of Fixtures/golden/text_layers.safetensors, written by PyTorch
/// itself in float64 (make_text_layers.py, NET-78): the embedding with its padding row, LSTMs
/// over packed batches of different lengths (one and several layers, bidirectional, without
/// bias), the BiLSTM classifier and Kim's CNN, each at 1e-12 scaled error.
@Suite("PyTorch goldens: text layers and models")
struct TorchTextGoldenTests {
  static let file = Result { try TorchGoldens.safetensors("Fixtures/golden/text_layers.safetensors") }

  struct Case: Decodable {
    let key: String
    let kind: String
    let paddingIndex: Int?
    let inputSize: Int?
    let hiddenSize: Int?
    let layers: Int?
    let bidirectional: Bool?
    let bias: Bool?
    let parameters: [String]?
    let architecture: String?
    let seed: UInt64?
    let vocabulary: Int?
    let embedding: Int?
    let hidden: Int?
    let dropout: Double?
    let classifierHidden: Int?
    let classes: Int?
    let widths: [Int]?
    let filters: Int?
    let hiddenWidths: [Int]?
    let taps: [String]?
  }

  struct Cases: Decodable {
    let torch: String
    let capability: String
    let cases: [Case]
  }

  static func cases() throws -> Cases {
    let text = try #require(try file.get().metadata("cases"))
    return try JSONDecoder().decode(Cases.self, from: Data(text.utf8))
  }

  static func config(_ key: String) throws -> Case { try #require(try cases().cases.first { $0.key == key }) }

  /// The script's cotangent r_k[i] = ((37 i + 11 k) mod 17 - 8) / 4.
  static func cotangent(_ shape: [Int], _ k: Int) throws -> Tensor {
    try Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { Double((37 * $0 + 11 * k) % 17 - 8) / 4 })
  }

  /// Compares every (name, ours, torch) at 1e-12 and prints the worst.
  static func compare(_ key: String, _ results: [(String, Tensor, Tensor)]) {
    var worst = (name: "", error: 0.0)
    for (name, ours, torch) in results {
      let error = TorchGoldens.scaledError(ours, torch)
      #expect(error <= 1e-12, "\(key) \(name): scaled error \(error) (shapes \(ours.shape), \(torch.shape))")
      if error > worst.error { worst = (name, error) }
    }
    print("torch golden text \(key): \(results.count) tensors, worst=\(worst.error) (\(worst.name))")
  }

  @Test(
    """
      [NET-70] [NET-78] Embedding against torch: rows copied (the padding row read as it is), gradients summed per id, none for \
      the padding row
      """
  )
  func embedding() throws {
    let golden = try Self.file.get()
    let weight = try golden.tensor("embedding/weight"), ids = try golden.tensor("embedding/ids")
    #expect(golden.tensors.first { $0.name == "embedding/ids" }?.dtype == .I64)
    let tape = Tape()
    let w = tape.variable(weight)
    let out = try w.embedding(ids, paddingIndex: 0)
    let loss = try out.multiplying(try Self.cotangent(out.shape, 0)).sum()
    let grad = try tape.gradients(of: loss, withRespectTo: [w])[0]
    #expect(grad.scalars[0..<3].allSatisfy { $0 == 0 })
    Self.compare("embedding", [("output", out.value, try golden.tensor("embedding/output")),
                               ("grad_weight", grad, try golden.tensor("embedding/grad_weight"))])
  }

  @Test(
    """
      [NET-71] [NET-72] [NET-73] [NET-78] LSTM against torch over packed batches: outputs, h_n, c_n and every gradient \
      (lengths, bidirectional, 2 and 3 layers, no bias)
      """,
        arguments: ["lstm_full", "lstm_lengths", "lstm_bidirectional", "lstm_2_layers_bidirectional", "lstm_3_layers_no_bias",
                    "lstm_3_layers_bidirectional"])
  func lstm(key: String) throws {
    let golden = try Self.file.get()
    let c = try Self.config(key)
    for kernel in [KernelChoice.fast, .reference] {
      let layer = try LSTM(
        inputSize: c.inputSize!, hiddenSize: c.hiddenSize!, layers: c.layers!, bias: c.bias!, bidirectional: c.bidirectional!,
        kernel: kernel)
      #expect(layer.parameterSpecs.map(\.name) == c.parameters!)
      let parameters = try ParameterStore(
        c.parameters!.map { Parameter(name: $0, value: try golden.tensor("\(key)/param/\($0)")) })
      let network = try Network(layer, parameters: parameters)
      let x = try golden.tensor("\(key)/x")
      let lengths = try golden.tensor("\(key)/lengths").scalars.map { Int($0) }
      let tape = Tape()
      let context = network.context(tape: tape, mode: .evaluation)
      let input = tape.variable(x)
      let result = try layer.run(input, lengths: lengths, context: context)
      // h_n, c_n: [layers directions, B, H], one [B, H] slice per layer and direction.
      let (hN, cN) = (try result.stackedFinalHidden(), try result.stackedFinalCell())
      let loss = try result.output.multiplying(try Self.cotangent(result.output.shape, 0)).sum()
        + hN.multiplying(try Self.cotangent(hN.shape, 1)).sum() + cN.multiplying(try Self.cotangent(cN.shape, 2)).sum()
      let (gradients, inputGradient) = try context.gradients(of: loss, inputs: [input])
      var results = [
        ("output", result.output.value, try golden.tensor("\(key)/output")), ("h_n", hN.value, try golden.tensor("\(key)/h_n")),
        ("c_n", cN.value, try golden.tensor("\(key)/c_n")), ("grad/x", inputGradient[0], try golden.tensor("\(key)/grad/x"))
      ]
      for name in c.parameters! { results.append(("grad/\(name)", gradients[name]!, try golden.tensor("\(key)/grad/\(name)"))) }
      Self.compare("\(key) \(kernel)", results)
    }
  }

  static func model(_ c: Case) throws -> any Layer {
    switch c.architecture {
    case "bilstm":
      return try BiLSTMClassifier(
        vocabulary: c.vocabulary!, embedding: c.embedding!, hidden: c.hidden!, layers: c.layers!, dropout: c.dropout!,
        classifierHidden: c.classifierHidden!, classes: c.classes!)
    default:
      return try KimCNN(
        vocabulary: c.vocabulary!, embedding: c.embedding!, widths: c.widths!, filters: c.filters!, dropout: c.dropout!,
        hiddenWidths: c.hiddenWidths!, classes: c.classes!)
    }
  }

  @Test(
    """
      [NET-74] [NET-75] [NET-76] [NET-78] the BiLSTM classifiers and Kim's CNN against torch: torch's initialisation from its \
      seed, names, logits, loss, every gradient, taps
      """,
        arguments: ["bilstm_wallace", "bilstm_nnknn", "kim_cnn"])
  func textModel(key: String) throws {
    let golden = try Self.file.get()
    let c = try Self.config(key)
    let layer = try Self.model(c)
    #expect(layer.parameterSpecs.map(\.name) == c.parameters!)
    // torch.manual_seed(seed), then the constructor in float32: the same values here (NET-102).
    let capability = try #require(TorchCPUCapability(rawValue: try Self.cases().capability))
    var generator = TorchGenerator(seed: c.seed!, capability: capability)
    let initial = try Network(layer, using: &generator)
    for name in c.parameters! {
      #expect(try initial.parameters.value(name) == golden.tensor("\(key)/init/\(name)"), "\(key) init/\(name)")
    }
    let network = try Network(layer, parameters: initial.parameters)
    let ids = try golden.tensor("\(key)/ids")
    let labels = try golden.tensor("\(key)/labels").scalars.map { Int($0) }
    let tape = Tape()
    let context = network.context(tape: tape, mode: .evaluation)
    context.requestTaps(["embedding"] + c.taps!)
    let logits = try network(tape.variable(ids), context: context)
    let loss = try Losses.crossEntropy(logits, labels: labels)
    let embedded = try #require(context.tapValues["embedding"])
    let (gradients, embeddingGradient) = try context.gradients(of: loss, inputs: [embedded])
    var results = [
      ("output", logits.value, try golden.tensor("\(key)/output")),
      ("loss", try loss.value.reshaped([1]), try golden.tensor("\(key)/loss")),
      ("grad/embedding", embeddingGradient[0], try golden.tensor("\(key)/grad/embedding"))
    ]
    for name in c.parameters! { results.append(("grad/\(name)", gradients[name]!, try golden.tensor("\(key)/grad/\(name)"))) }
    for tap in c.taps! {
      results.append(("tap/\(tap)", try #require(context.tapValues[tap]).value, try golden.tensor("\(key)/tap/\(tap)")))
    }
    Self.compare(key, results)
  }
}
