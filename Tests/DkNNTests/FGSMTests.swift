import Autodiff
import Foundation
import Networks
import Randomness
import Tensors
import Testing
@testable import DkNN

/// FGSM through the autodiff (DKNN-30) and the reliability diagram (DKNN-31).
@Suite("DkNN: FGSM and reliability diagrams")
struct FGSMTests {
  static func network() throws -> Network {
    var g = Xoshiro256StarStar(seed: 5)
    return try Network(
      try Sequential(named: [("fc1", try Linear(6, 4)), ("relu", ReLU()), ("logits", try Linear(4, 3))]), using: &g)
  }

  /// The loss of row r alone, against label y, with coordinate j of that row replaced by v.
  static func loss(
    _ network: Network, _ x: Tensor, row r: Int, coordinate j: Int, value v: Double,
    label y: Int
  ) throws -> Double {
    var single = try x.rows(r..<(r + 1))
    single[flat: j] = v
    let logits = try network.predict(single).scalars
    let m = logits.max()!
    return -(logits[y] - m - Foundation.log(logits.map { Foundation.exp($0 - m) }.reduce(0, +)))
  }

  @Test(
    """
      [DKNN-30] every coordinate moves by exactly eps in the direction of the loss's finite-difference slope, or to the bound, \
      or stays
      """
  )
  func perturbation() throws {
    let network = try Self.network()
    var g = Xoshiro256StarStar(seed: 6)
    var x = try Tensor(shape: [7, 6], scalars: (0..<42).map { _ in g.nextDouble() })
    x[flat: 0] = 0; x[flat: 1] = 1  // at the bounds
    let eps = 0.25
    let labels = [0, 1, 2, 0, 1, 2, 0]
    let adversarial = try FGSM.perturb(network, inputs: x, labels: labels, epsilon: eps, batchSize: 3)
    for r in 0..<7 {
      for j in 0..<6 {
        let (before, after) = (x.scalars[r * 6 + j], adversarial.scalars[r * 6 + j])
        let h = 1e-6
        let slope = (try Self.loss(network, x, row: r, coordinate: j, value: before + h, label: labels[r])
                     - (try Self.loss(network, x, row: r, coordinate: j, value: before - h, label: labels[r]))) / (2 * h)
        #expect(after >= 0 && after <= 1)
        if abs(slope) > 1e-7 {
          let sign: Double = slope > 0 ? 1 : -1
          #expect(after == min(1, max(0, before + eps * sign)), "row \(r), pixel \(j): slope \(slope)")
        }
        #expect(after == before || after == before + eps || after == before - eps || after == 0 || after == 1)
      }
    }
    // The batch size changes nothing; without labels the model's own predictions are used.
    #expect(try FGSM.perturb(network, inputs: x, labels: labels, epsilon: eps, batchSize: 7) == adversarial)
    let predicted = try (0..<7).map { r in LeaveOneOut.argmax(try network.predict(try x.rows(r..<(r + 1))).scalars) }
    #expect(
      try FGSM.perturb(network, inputs: x, epsilon: eps)
        == (try FGSM.perturb(network, inputs: x, labels: predicted, epsilon: eps)))
    #expect(try FGSM.perturb(network, inputs: x, labels: labels, epsilon: 0) == x)
  }

  @Test("[DKNN-30] a zero gradient leaves the coordinate unchanged (sign 0); bad arguments are typed errors")
  func edgeCases() throws {
    #expect(FGSM.step(0.5, gradient: 0, epsilon: 0.25, bounds: 0...1) == 0.5)
    #expect(FGSM.step(0.9, gradient: 2, epsilon: 0.25, bounds: 0...1) == 1)
    #expect(FGSM.step(0.1, gradient: -2, epsilon: 0.25, bounds: 0...1) == 0)
    #expect(FGSM.step(0.5, gradient: -1e-300, epsilon: 0.25, bounds: 0...1) == 0.25)
    let network = try Self.network()
    let x = Tensor.zeros([2, 6])
    #expect(throws: DkNNError.self) { try FGSM.perturb(network, inputs: x, epsilon: -1) }
    #expect(throws: DkNNError.self) { try FGSM.perturb(network, inputs: x, epsilon: .nan) }
    #expect(throws: DkNNError.self) { try FGSM.perturb(network, inputs: x, labels: [0], epsilon: 0.1) }
    #expect(throws: DkNNError.self) { try FGSM.perturb(network, inputs: x, labels: [0, 5], epsilon: 0.1) }
  }

  @Test("[DKNN-31] reliability bins [b/10, (b+1)/10), the last closed; accuracy per bin, 0 when empty")
  func reliability() throws {
    #expect([0, 0.0999, 0.1, 0.35, 0.9, 0.99, 1].map(ReliabilityDiagram.bin) == [0, 0, 1, 3, 9, 9, 9])
    let diagram = try ReliabilityDiagram(credibilities: [0.05, 0.95, 1, 0.92, 0.5], correct: [false, true, true, false, true])
    #expect(diagram.counts == [1, 0, 0, 0, 0, 1, 0, 0, 0, 3] && diagram.correct == [0, 0, 0, 0, 0, 1, 0, 0, 0, 2])
    #expect(diagram.accuracies[9] == 2.0 / 3 && diagram.accuracies[1] == 0 && diagram.accuracies[0] == 0)
    let svg = diagram.svg(title: "test")
    #expect(svg.hasPrefix("<svg") && svg.contains("test") && svg.components(separatedBy: "<rect").count > 20)
    #expect(throws: DkNNError.self) { try ReliabilityDiagram(credibilities: [1.5], correct: [true]) }
    #expect(throws: DkNNError.self) { try ReliabilityDiagram(credibilities: [.nan], correct: [true]) }
    #expect(throws: DkNNError.self) { try ReliabilityDiagram(credibilities: [0.5], correct: []) }
  }
}
