import Autodiff
import Foundation
import Networks
import Tensors
import Testing
@testable import DkNN

/// Leave-one-out and gradient interpretations of token sequences (DKNN-20 ... DKNN-26), on a small
/// bag-of-embeddings model written only against the generic interface.
@Suite("DkNN: interpretations of token sequences")
struct InterpretationTests {
  @Test("[DKNN-21] removal deletes the token, keeps the order, and needs two tokens")
  func removals() throws {
    #expect(try LeaveOneOut.removals([5, 6, 7]) == [[6, 7], [5, 7], [5, 6]])
    #expect(throws: DkNNError.self) { try LeaveOneOut.removals([5]) }
  }

  @Test("[DKNN-20] the network adapter records the taps; an unknown tap is refused")
  func adapter() throws {
    let model = try testTokenModel()
    let pass = try model.forward([2, 3, 4], on: Tape())
    #expect(pass.logits.shape == [1, 2] && pass.embeddings.shape == [3, 4] && pass.representations.map(\.count) == [4, 5, 2])
    #expect(throws: Error.self) {
      try NetworkTokenModel(network: model.network, classCount: 2, embeddingTap: "nope", representationTaps: [])
    }
    let reps = try model.representations([[2, 3], [4, 5, 6]])
    #expect(reps.widths == [4, 5, 2] && reps.count == 2)
  }

  @Test("[DKNN-22] conformity leave-one-out equals a direct recomputation on each shortened sequence, for both poolings")
  func conformityLOO() throws {
    let model = try testTokenModel()
    let (sequences, labels) = testSentences(count: 60, seed: 3)
    let index = try DkNNIndex(training: try model.representations(sequences), labels: labels, classes: 2, k: 9, space: .raw)
    for tokens in [[2, 5, 8, 3], [7, 7, 4], [10, 2]] {
      for pooling in NeighborPooling.allCases {
        let attribution = try LeaveOneOut.conformity(model, index: index, pooling: pooling, tokens: tokens)
        let vote = { (x: [Int]) in
          ConformityVote(
            try index.neighbors(try model.representations([x])), query: 0, labels: labels, classes: 2, pooling: pooling)
        }
        let full = try vote(tokens)
        #expect(attribution.prediction == full.label && attribution.original == full.conformity(full.label))
        for (i, shorter) in try LeaveOneOut.removals(tokens).enumerated() {
          #expect(attribution.scores[i] == (try vote(shorter)).conformity(full.label) - full.conformity(full.label))
        }
      }
    }
  }

  @Test("[DKNN-23] confidence leave-one-out equals a direct recomputation of the softmax on each shortened sequence")
  func confidenceLOO() throws {
    let model = try testTokenModel()
    let tokens = [2, 9, 4, 6]
    let attribution = try LeaveOneOut.confidence(model, tokens: tokens)
    let probabilities = { (x: [Int]) -> [Double] in
      let logits = try model.network.predict(try Tensor(shape: [1, x.count], scalars: x.map(Double.init))).scalars
      let m = logits.max()!
      let z = logits.map { Foundation.exp($0 - m) }.reduce(0, +)
      return logits.map { Foundation.exp($0 - m) / z }
    }
    let p = try probabilities(tokens)
    let y = p[1] > p[0] ? 1 : 0
    #expect(attribution.prediction == y)
    #expect(abs(attribution.original - p[y]) <= 1e-15)
    for (i, shorter) in try LeaveOneOut.removals(tokens).enumerated() {
      #expect(abs(attribution.scores[i] - (try probabilities(shorter)[y] - p[y])) <= 1e-14)
    }
  }

  @Test("[DKNN-24] gradient x embedding equals the central difference of the loss as word i's embedding is scaled by 1 + t")
  func gradientTimesEmbedding() throws {
    let model = try testTokenModel()
    let tokens = [3, 8, 5, 10, 2]  // distinct, so scaling a vocabulary row scales exactly one word
    let attribution = try GradientAttribution.scores(model, tokens: tokens)
    let y = attribution.prediction
    func loss(scaling token: Int, by factor: Double) throws -> Double {
      var network = model.network
      var weight = network.parameters.parameters.first { $0.name == "embedding.weight" }!.value
      for d in 0..<4 { weight[flat: token * 4 + d] *= factor }
      try network.parameters.setValue(weight, for: "embedding.weight")
      let logits = try network.predict(try Tensor(shape: [1, tokens.count], scalars: tokens.map(Double.init))).scalars
      let m = logits.max()!
      return -(logits[y] - m - Foundation.log(logits.map { Foundation.exp($0 - m) }.reduce(0, +)))
    }
    let h = 1e-5
    for (i, token) in tokens.enumerated() {
      let difference = (try loss(scaling: token, by: 1 + h) - (try loss(scaling: token, by: 1 - h))) / (2 * h)
      #expect(
        abs(attribution.scores[i] - difference) <= 1e-8 * max(1, abs(difference)),
        "word \(i): \(attribution.scores[i]) vs \(difference)")
    }
    #expect(attribution.scores.contains { abs($0) > 1e-6 })
  }

  @Test("[DKNN-25] display normalisation (worked example), sign flip for the positive class, highlight threshold 0.05")
  func normalisation() {
    let n = SaliencyDisplay.normalized([-0.3, 0.1, 0, -0.1], flipSign: false)
    let expected = [-0.3 / (0.4 + 1e-6) / 2, 0.1 / (0.1 + 1e-6) / 2, 0, -0.1 / (0.4 + 1e-6) / 2]
    for (a, b) in zip(n, expected) { #expect(abs(a - b) <= 1e-15) }
    #expect(abs(n[0] + 0.375) < 1e-5 && abs(n[1] - 0.5) < 1e-5 && abs(n[3] + 0.125) < 1e-5)
    #expect(SaliencyDisplay.highlighted(n) == [true, true, false, true])
    #expect(SaliencyDisplay.highlighted([0.05, -0.05, 0.0500001]) == [false, false, true])
    let flipped = SaliencyDisplay.normalized(Attribution(prediction: 1, original: 0.9, scores: [-0.3, 0.1, 0, -0.1]))
    #expect(flipped[0] > 0 && flipped[1] < 0)
    #expect(SaliencyDisplay.normalized([0, 0], flipSign: false) == [0, 0])
  }

  @Test(
    "[DKNN-26] ranks: ascending with rank 1 the most negative, ties by position; support ranks put the strongest supporter first")
  func ranks() {
    #expect(SaliencyDisplay.ranks([0.2, -0.5, 0.2, -0.1]) == [3, 1, 4, 2])
    #expect(SaliencyDisplay.ranks([0.2, -0.5, 0.2, -0.1], ascending: false) == [1, 4, 2, 3])
    #expect(SaliencyDisplay.supportRanks(Attribution(prediction: 0, original: 1, scores: [0.1, -0.4, 0, -0.2])) == [4, 1, 3, 2])
  }
}
