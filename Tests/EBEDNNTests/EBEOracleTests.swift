import Evaluation
import Networks
import Randomness
import Tensors
import Testing
@testable import EBEDNN

@Suite("EBE-DNN: oracle functions")
struct EBEOracleTests {
  static func function(_ name: String) -> OracleFunction { EBEOracleFunctions.all.first { $0.name == name }! }

  static func run(_ name: String, _ arguments: String) throws -> JSONValue {
    .object(try function(name).run(OracleArguments(try JSONValue(parsing: arguments)), variant: nil))
  }

  @Test("[ORACLE-60] ebe.attribution answers the worked example of Spec/Oracle.md")
  func attributionExample() throws {
    let results = try Self.run(
      "ebe.attribution",
      #"{"train":{"shape":[4,2],"data":[1,0,2,0.1,0,1,-1,0]},"labels":[0,1,1,0],"classes":2,"queries":{"shape":[1,2],"data":[3,0]},"k":2}"#
    )
    #expect(
      results.serialized()
        == #"{"neighbours":[[0,1]],"labels":[[0,1]],"similarities":[[1,0.9987523388778448]],"weights":[[0.5,0.5]],"prediction":{"shape":[1],"data":[0]},"fractions":{"shape":[1,2],"data":[0.5,0.5]},"concentration":{"shape":[1],"data":[2]}}"#
    )
    let tied = try Self.run(
      "ebe.attribution",
      #"{"train":{"shape":[3,1],"data":[1,2,3]},"labels":[0,1,1],"classes":2,"queries":{"shape":[1,1],"data":[5]},"k":1,"neighbourSet":"allTiedAtK"}"#
    )
    #expect(
      tied["concentration"]?.serialized() == #"{"shape":[1],"data":[3]}"#
        && tied["prediction"]?.serialized() == #"{"shape":[1],"data":[1]}"#)
  }

  @Test("[ORACLE-60] [ORACLE-20] ebe.attribution refuses bad arguments by name")
  func attributionErrors() throws {
    for (request, argument) in [
      (#"{"train":{"shape":[2,1],"data":[1,2]},"labels":[0,2],"classes":2,"queries":{"shape":[1,1],"data":[1]}}"#, "labels"),
      (#"{"train":{"shape":[2,1],"data":[1,2]},"labels":[0,1],"classes":2,"queries":{"shape":[1,2],"data":[1,1]}}"#, "queries"),
      (#"{"train":{"shape":[2,1],"data":[1,2]},"labels":[0,1],"classes":2,"queries":{"shape":[1,1],"data":[1]},"k":3}"#, "k"),
      (#"{"train":{"shape":[2,1],"data":[1,"nan"]},"labels":[0,1],"classes":2,"queries":{"shape":[1,1],"data":[1]}}"#, "train"),
    ] {
      do { _ = try Self.run("ebe.attribution", request); Issue.record("accepted \(request)") } catch let ReportError.badArgument(
        name, _)
      {
        #expect(name == argument, "\(request)")
      }
    }
  }

  /// A request for ebe.embed with the weights of `network`.
  static func embedRequest(_ network: Network, inputs: Tensor, tap: String, reduction: String? = nil) -> String {
    let weights =
      (network.parameters.parameters.map { ($0.name, JSONValue($0.value)) }
        + network.buffers.buffers.map { ($0.name, JSONValue($0.value)) })
    var arguments: [(String, JSONValue)] = [("weights", .object(weights)), ("inputs", JSONValue(inputs)), ("tap", .string(tap))]
    if let reduction { arguments.append(("reduction", .string(reduction))) }
    return JSONValue.object(arguments).serialized()
  }

  @Test("[ORACLE-61] ebe.embed computes the tap's embeddings of the network its weights describe, flattened or pooled")
  func embed() throws {
    var g = Xoshiro256StarStar(seed: 21)
    let network = try Network(try ResNet.resnet18(inputChannels: 1, classes: 4, widthMultiplier: 1.0 / 32), using: &g)
    var x = Tensor.zeros([2, 1, 10, 10])
    for i in 0..<x.count { x[flat: i] = g.nextDouble() - 0.5 }
    for (tap, reduction) in [("layer2", EmbeddingReduction.flatten), ("layer1.0", .globalAveragePool), ("fc", .flatten)] {
      let results = try Self.run("ebe.embed", Self.embedRequest(network, inputs: x, tap: tap, reduction: reduction.rawValue))
      let expected = try EmbeddingTaps.embed(network, inputs: x, taps: [tap], reduction: reduction)[tap]!
      #expect(try results["embeddings"]!.tensor(named: "embeddings") == expected, "\(tap)")
      #expect(results["architecture"]?.serialized() == #"{"stem":"imageNet","widths":[2,4,8,16],"inputChannels":1,"classes":4}"#)
      #expect(results["taps"]?.array?.count == 11)
    }
    do {
      _ = try Self.run("ebe.embed", Self.embedRequest(network, inputs: x, tap: "layer9")); Issue.record("unknown tap accepted")
    } catch let ReportError.badArgument(name, _) {
      #expect(name == "tap")
    }
    do {
      _ = try Self.run("ebe.embed", Self.embedRequest(network, inputs: Tensor.zeros([1, 3, 4, 4]), tap: "fc"));
      Issue.record("3 channels accepted")
    } catch let ReportError.badArgument(name, _) {
      #expect(name == "inputs")
    }
  }

  @Test("[ORACLE-61] [ORACLE-21] the cost bounds refuse large requests before any work and admit the examples")
  func costs() throws {
    let large =
      #"{"weights":{"conv1.weight":{"shape":[64,3,7,7],"data":[]}},"inputs":{"shape":[100000,3,224,224],"data":[]},"tap":"fc"}"#
    do { _ = try Self.run("ebe.embed", large); Issue.record("admitted") } catch let ReportError.tooLarge(function, _, _, _, _) {
      #expect(function == "ebe.embed")
    }
    let many = #"{"train":{"shape":[100000,1000],"data":[]},"labels":[],"classes":2,"queries":{"shape":[1000,1000],"data":[]}}"#
    do { _ = try Self.run("ebe.attribution", many); Issue.record("admitted") } catch let ReportError.tooLarge(
      function, _, _, _, _)
    { #expect(function == "ebe.attribution") }
    for f in EBEOracleFunctions.all { #expect(f.cost != nil) }
  }
}
