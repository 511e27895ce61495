import Autodiff
import Evaluation
import Formats
@testable import NNkNN
import Neighbors
import Testing
import Tensors

/// NN-kNN in every variant, NN-kNN_O and NCA against PyTorch modules written from the Spec's
/// formulas (Fixtures/golden/torch_nnknn.json, make_torch_nnknn.py): ORACLE-71 and NBR-30.
@Suite("PyTorch goldens: NN-kNN, NN-kNN_O, NCA")
struct NNkNNGoldenTests {
  /// Compares the oracle's results with a golden case's outputs and gradients at 1e-12.
  func expectMatches(_ results: [(String, JSONValue)], _ c: JSONValue, gradients: [String]) throws -> Double {
    let ours = JSONValue.object(results)
    let name = c["name"]?.string ?? "?"
    var worst = 0.0
    var pairs: [(String, JSONValue?, JSONValue?)] = ["distances", "activations", "classActivations"].map { ($0, ours[$0], c[$0]) }
    pairs += gradients.map { ("gradient \($0)", ours["gradients"]?[$0], c["gradients"]?[$0]) }
    for (what, mine, theirs) in pairs {
      let error = Golden.scaledError(try Golden.tensor(mine, what), try Golden.tensor(theirs, what))
      worst = max(worst, error)
      #expect(error <= 1e-12, "\(name) \(what): scaled error \(error)")
    }
    let loss = try #require(ours["loss"]?.number), torchLoss = try #require(c["loss"]?.number)
    #expect(abs(loss - torchLoss) <= 1e-12 * abs(torchLoss), "\(name): loss \(loss) vs torch \(torchLoss)")
    return worst
  }

  @Test(
    """
      [ORACLE-71] nnknn.forward in every variant matches the PyTorch module: distances, activations, loss and every gradient to \
      1e-12
      """
  )
  func extended() throws {
    let cases = try Golden.torchNNkNN.get()["nnknn"]?.array ?? []
    #expect(cases.count == 15)
    var worst = 0.0
    for c in cases {
      var arguments = c["inputs"]?.members ?? []
      arguments.append(("slope", c["slope"] ?? .number(0.001)))
      let results = try NNkNNOracleFunctions.forward.run(OracleArguments(.object(arguments)), variant: c["variant"]?.string)
      worst = max(worst, try expectMatches(results, c, gradients: ["GW", "cW", "bias", "caseWeight", "queries"]))
    }
    print("torch golden NN-kNN: worst scaled error \(worst)")
  }

  @Test("[ORACLE-71] nnknnO.forward (individual and shared W, top-k, training mode) matches the PyTorch module to 1e-12")
  func original() throws {
    let cases = try Golden.torchNNkNN.get()["nnknnO"]?.array ?? []
    #expect(cases.count == 5)
    var worst = 0.0
    for c in cases {
      var arguments = c["inputs"]?.members ?? []
      if let k = c["topK"], k != .null { arguments.append(("topK", k)) }
      arguments.append(("mode", c["mode"] ?? .string("evaluation")))
      let results = try NNkNNOracleFunctions.originalForward.run(OracleArguments(.object(arguments)), variant: nil)
      worst = max(worst, try expectMatches(results, c, gradients: ["f", "W", "bias", "classWeight", "classBias", "queries"]))
    }
    print("torch golden NN-kNN_O: worst scaled error \(worst)")
  }

  @Test("[NBR-30] NCA's objective and its gradient with respect to L match torch autograd to 1e-12")
  func nca() throws {
    let cases = try Golden.torchNNkNN.get()["nca"]?.array ?? []
    #expect(cases.count == 4)
    for c in cases {
      let name = c["name"]?.string ?? "?"
      let tape = Tape()
      let transform = tape.variable(try Golden.tensor(c["transform"], "transform"))
      let f = try NCA.objective(
        transform, points: try Golden.tensor(c["points"], "points"), labels: try Golden.integers(c["labels"], "labels"))
      let gradient = try tape.gradients(of: f, withRespectTo: [transform])[0]
      let torchValue = try #require(c["objective"]?.number)
      #expect(
        abs(f.value.scalars[0] - torchValue) <= 1e-12 * abs(torchValue), "\(name): f \(f.value.scalars[0]) vs torch \(torchValue)"
      )
      let error = Golden.scaledError(gradient, try Golden.tensor(c["gradient"], "gradient"))
      #expect(error <= 1e-12, "\(name): gradient scaled error \(error)")
    }
  }
}
