import Autodiff
import Foundation
import Networks
import Randomness
import Testing
import Tensors
@testable import NNkNN

@Suite("NN-kNN gradients")
struct NNkNNGradientTests {
  static let variants: [(String, NNkNNConfiguration.Glocal, NNkNNConfiguration.Distance, NNkNNConfiguration.CaseWeighting)] = [
    ("code", .code, .weightedEuclidean, .plain), ("paper-absolute", .paper, .paperAbsolute, .plain),
    ("paper-squared", .paper, .paperSquared, .relu), ("code-relu", .code, .weightedEuclidean, .relu),
  ]

  @Test(
    """
      [NNKNN-2] [NNKNN-3] [NNKNN-5] [NNKNN-9] loss gradients w.r.t. queries and every parameter, each variant, with and without \
      sampling
      """,
        arguments: [UInt64(1), 2, 3])
  func everyVariant(seed: UInt64) throws {
    for (name, glocal, distance, weighting) in Self.variants {
      for w in [1, 3] {
        var p = Problem(seed: seed)
        let (cases, labels) = p.cases(n: 7, d: 3, classes: 3)
        var config = NNkNNConfiguration.code(weightings: w, k: 2)
        config.glocal = glocal; config.distance = distance; config.caseWeighting = weighting
        var model = try NNkNNModel(configuration: config, cases: cases, caseLabels: labels, classes: 3,
                                   defaultBias: try defaultBias(cases: cases, k: 2), stream: SeedStream(seed: seed))
        model.parameters = try perturbed(model.parameters, seed: seed)
        // Queries away from every case (no self-match, no |t| kink); a fixed sample with a repeat.
        let queries = p.uniform([4, 3], 4, 5)
        for sample in [Array(0..<7), [6, 1, 1, 3]] {
          let f = lossFunction(model, caseIndices: sample, labels: [0, 1, 2, 1])
          let inputs = [queries] + model.parameters.values
          let full = try GradientChecker().checkJacobian(inputs, f)
          let directions = try GradientChecker().checkDirections(inputs, seed: seed, f)
          print("gradcheck family=nnknn-\(name) seed=\(seed) worst=\(max(full.maxError, directions.maxError))")
          #expect(
            full.passed && directions.passed, "seed \(seed) variant \(name) w \(w) sample \(sample)\n\(full)\n\(directions)")
        }
      }
    }
  }

  @Test("[NNKNN-8] a self-matching training query gives the finite gradients PyTorch's select rule gives, worked by hand")
  func selfMatch() throws {
    // One feature; cases 0 (class 0) and 1 (class 1); k = 1 so B = 1; the query is case 0 itself.
    let cases = try Tensor(rows: [[0], [1]])
    let model = try NNkNNModel(configuration: .code(weightings: 1, k: 1), cases: cases, caseLabels: [0, 1], classes: 2,
                               defaultBias: try defaultBias(cases: cases, k: 1), stream: SeedStream(seed: 1))
    #expect(model.defaultBias == 1)
    var g = Xoshiro256StarStar(seed: 0)
    let pass = try model.forward(try Tensor(rows: [[0]]), labels: [0], using: &g)
    let grads = try pass.context.gradients(of: pass.loss!)
    let queryGradient = try pass.context.tape.gradients(of: pass.loss!, withRespectTo: pass.queries)[0]
    let s4 = Activation.sigmoid(4), sm4 = Activation.sigmoid(-4)
    let p1 = 1 / (1 + Foundation.exp(s4 - sm4))  // softmax probability of the wrong class
    let dBias1 = -p1 * s4 * (1 - s4) * 8, dBias2 = p1 * sm4 * (1 - sm4) * 8
    func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-15 * max(1, abs(b)) }
    let bias = grads["bias"]!.scalars, weight = grads["caseWeight"]!.scalars
    #expect(close(bias[0], dBias1) && close(bias[1], dBias2), "\(bias)")
    #expect(close(weight[0], -p1 * s4) && close(weight[1], p1 * sm4), "\(weight)")
    // Only the other case moves q, cW and GW: d loss/d d_2 = -dBias2, d d_2/dS = 1/2, dS/dq = -2, dS/dcw = 1.
    #expect(close(queryGradient.scalars[0], dBias2))
    #expect(close(grads["cW"]!.scalars[0], 0) && close(grads["cW"]!.scalars[1], -dBias2 / 2), "\(grads["cW"]!)")
    #expect(close(grads["GW"]!.scalars[0], -dBias2 / 2))
    #expect(grads.values.allSatisfy { $0.isFinite })
  }

  @Test("[NNKNN-12] NN-kNN_O loss gradients, shared and individual weights, against the checker", arguments: [UInt64(1), 2, 3])
  func original(seed: UInt64) throws {
    for sharing in [true, false] {
      var p = Problem(seed: seed)
      let (cases, labels) = p.cases(n: 6, d: 3, classes: 2)
      var model = try NNkNNOModel(configuration: .init(weightSharing: sharing, topK: nil, discount: 2), cases: cases,
                                  caseLabels: labels, classes: 2)
      model.parameters = try perturbed(model.parameters, seed: seed)
      let queries = p.uniform([3, 3], 0, 3)
      let f: CheckedFunction = { tape, leaves in
        let context = try ForwardContext(
          tape: tape, names: model.parameters.names, variables: Array(leaves.dropFirst()), mode: .training)
        return try model.record(queries: leaves[0], labels: [0, 1, 1], context: context).loss!
      }
      let inputs = [queries] + model.parameters.values
      let full = try GradientChecker().checkJacobian(inputs, f)
      print("gradcheck family=nnknn-o seed=\(seed) worst=\(full.maxError)")
      #expect(full.passed, "seed \(seed) sharing \(sharing)\n\(full)")
    }
  }
}
