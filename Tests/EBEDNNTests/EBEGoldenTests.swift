import Datasets
import Evaluation
import Foundation
import Tensors
import Testing
@testable import EBEDNN

/// Fixtures/ebe-dnn/ebe_embed_golden.json, written by PyTorch (make_ebe_golden.py).
@Suite("EBE-DNN: embeddings against PyTorch")
struct EBEGoldenTests {
  static func golden() throws -> JSONValue {
    let url = Fixtures.directory.appendingPathComponent("ebe-dnn/ebe_embed_golden.json")
    return try JSONValue(parsing: String(decoding: try Data(contentsOf: url), as: UTF8.self))
  }

  static func close(_ a: Tensor, _ b: Tensor) -> Bool {
    a.shape == b.shape && zip(a.scalars, b.scalars).allSatisfy { Swift.abs($0 - $1) <= 1e-12 * Swift.max(1, Swift.abs($1)) }
  }

  @Test(
    """
      [EBE-3] [EBE-4] [EBE-11] [EBE-15] a PyTorch state_dict loads by name and gives PyTorch's embeddings at every tap (both \
      stems, to 1e-12)
      """
  )
  func againstTorch() throws {
    let models = try #require(try Self.golden()["models"]?.array)
    #expect(models.count == 2)
    for model in models {
      var tensors: [String: Tensor] = [:]
      for (name, value) in model["state_dict"]?.members ?? [] { tensors[name] = try value.tensor(named: name) }
      let network = try BackboneWeights.network(tensors)
      let input = try model["input"]!.tensor(named: "input")
      let taps = (model["taps"]?.members ?? []).map(\.0)
      #expect(taps == EmbeddingTaps.candidates(of: network), "the script records the same taps in the same order")
      let ours = try EmbeddingTaps.embed(network, inputs: input, taps: taps)
      for (name, value) in model["taps"]?.members ?? [] {
        #expect(Self.close(ours[name]!, try value.tensor(named: name)), "\(model["stem"]!.string!) \(name)")
      }
      for (name, value) in model["pooled"]?.members ?? [] {
        let pooled = try EmbeddingTaps.embed(network, inputs: input, taps: [name], reduction: .globalAveragePool)[name]!
        #expect(Self.close(pooled, try value.tensor(named: name)), "pooled \(name)")
      }
    }
  }
}
