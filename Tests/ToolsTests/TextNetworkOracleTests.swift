import Foundation
import Testing
import Tensors
@testable import Evaluation

/// `nn.lstm` through the oracle executable (ORACLE-40), against the LSTM goldens PyTorch wrote
/// (Fixtures/golden/text_layers.safetensors, NET-78).
@Suite("oracle: text-network functions")
struct TextNetworkOracleTests {
  let oracle = ExecutableRunner(name: "oracle")
  static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Fixtures/golden/text_layers.safetensors")

  /// The script's cotangent r_k[i] = ((37 i + 11 k) mod 17 - 8) / 4.
  static func cotangent(_ shape: [Int], _ k: Int) throws -> Tensor {
    try Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { Double((37 * $0 + 11 * k) % 17 - 8) / 4 })
  }

  /// max |ours - torch| / max |torch|.
  static func scaledError(_ ours: Tensor, _ torch: Tensor) -> Double {
    guard ours.shape == torch.shape else { return .infinity }
    let scale = torch.scalars.map(Swift.abs).max() ?? 0
    let worst = zip(ours.scalars, torch.scalars).map { Swift.abs($0 - $1) }.max() ?? 0
    return scale == 0 ? worst : worst / scale
  }

  @Test(
    """
      [ORACLE-40] nn.lstm answers torch's packed-batch goldens (lengths, 2 bidirectional layers, 3 layers without bias): \
      outputs, h_n, c_n and gradients to 1e-12, both variants
      """,
        arguments: ["lstm_lengths", "lstm_2_layers_bidirectional", "lstm_3_layers_no_bias"])
  func goldens(key: String) throws {
    let file = try SafetensorsFile(contentsOf: Self.golden)
    let names = file.tensors.map(\.name).filter { $0.hasPrefix("\(key)/param/") }.map {
      String($0.dropFirst("\(key)/param/".count))
    }
    let h = try file.tensor("\(key)/h_n"), output = try file.tensor("\(key)/output")
    let parameters = JSONValue.object(try names.map { ($0, JSONValue(try file.tensor("\(key)/param/\($0)"))) })
    let lengths = try file.tensor("\(key)/lengths")
    for variant in ["fast", "reference"] {
      let request = JSONValue.object([
        ("function", .string("nn.lstm")), ("variant", .string(variant)),
        (
          "arguments",
          .object([
            ("input", JSONValue(try file.tensor("\(key)/x"))), ("parameters", parameters), ("lengths", JSONValue(lengths)),
            ("cotangent", JSONValue(try Self.cotangent(output.shape, 0))),
            ("cotangentHidden", JSONValue(try Self.cotangent(h.shape, 1))),
            ("cotangentCell", JSONValue(try Self.cotangent(h.shape, 2)))
          ])
        )
      ])
      let (status, response) = try oracle.eval(request.serialized())
      #expect(status == 0, "\(response.serialized().prefix(300))")
      let results = try #require(response["results"])
      var compared = [("output", try #require(results["output"]), "output"), ("h_n", try #require(results["h_n"]), "h_n"),
        ("c_n", try #require(results["c_n"]), "c_n"), ("grad/x", try #require(results["gradients"]?["input"]), "grad/x")
      ]
      for name in names {
        compared.append(("grad/\(name)", try #require(results["gradients"]?["parameters"]?[name]), "grad/\(name)"))
      }
      for (label, value, goldenName) in compared {
        let error = Self.scaledError(try value.tensor(named: label), try file.tensor("\(key)/\(goldenName)"))
        #expect(error <= 1e-12, "\(key) \(variant) \(label): \(error)")
      }
    }
  }

  @Test(
    """
      [ORACLE-40] nn.lstm refuses unknown or missing parameter names, shapes that do not fit, bad lengths and cotangents, \
      naming the argument
      """
  )
  func errors() throws {
    let base =
      #"{"function":"nn.lstm","arguments":{"input":{"shape":[1,2,1],"data":[1,2]},"parameters":PARAMETERS,"lengths":LENGTHS}}"#
    let good = #"{"weight_ih_l0":{"shape":[4,1],"data":[1,0,1,0]},"weight_hh_l0":{"shape":[4,1],"data":[0,1,0,1]}}"#
    func ask(_ parameters: String, _ lengths: String = "[2]") throws -> (Int32, JSONValue) {
      try oracle.eval(
        base.replacingOccurrences(of: "PARAMETERS", with: parameters).replacingOccurrences(of: "LENGTHS", with: lengths))
    }
    let (ok, answer) = try ask(good)
    #expect(ok == 0 && answer["results"]?["h_n"]?["shape"]?.serialized() == "[1,1,1]")
    #expect(answer["results"]?["gradients"] == nil)
    for (parameters, lengths, argument) in [
      (#"{"weight_ih_l0":{"shape":[4,1],"data":[1,0,1,0]}}"#, "[2]", "parameters"),
      (good.replacingOccurrences(of: "}}", with: #"},"bias_ih_l7":[1]}"#), "[2]", "parameters"),
      (
        #"{"weight_ih_l0":{"shape":[4,2],"data":[1,0,1,0,1,0,1,0]},"weight_hh_l0":{"shape":[4,1],"data":[0,1,0,1]}}"#, "[2]",
        "parameters"
      ),
      (good, "[3]", "lengths"), (good, "[1,1]", "lengths"),
    ] {
      let (status, error) = try ask(parameters, lengths)
      #expect(status == 1 && error["error"]?["kind"]?.string == "badArgument", "\(parameters) \(lengths): \(error.serialized())")
      #expect(error["error"]?["message"]?.string?.contains(argument) == true, "\(error.serialized())")
    }
  }
}
