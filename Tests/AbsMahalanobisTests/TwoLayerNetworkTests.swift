import Foundation
import Randomness
import Testing
import Tensors
@testable import AbsMahalanobis
@testable import Autodiff
@testable import Networks

/// The closed-form network of Experiment 2 against the tape of the same Sequential model.
@Suite("Experiment 2: the two-layer network")
struct TwoLayerNetworkTests {
  func network(seed: UInt64, _ activation: NodeActivation, input: Int = 7, hidden: Int = 5,
               classes: Int = 4) throws -> TwoLayerNetwork {
    var draw = Draw(seed: seed)
    return try TwoLayerNetwork(inputWidth: input, hiddenWidth: hidden, outputWidth: classes, activation: activation,
                               w1: draw.vector(hidden * input), b1: draw.vector(hidden), w2: draw.vector(classes * hidden),
                               b2: draw.vector(classes))
  }

  /// Sequential(Linear, act, Linear, act) with the closed form's parameters (torch names).
  func tapeNetwork(_ n: TwoLayerNetwork) throws -> Network {
    let store = try ParameterStore([
      Parameter(name: "0.weight", value: try Tensor(shape: [n.hiddenWidth, n.inputWidth], scalars: n.w1)),
      Parameter(name: "0.bias", value: Tensor(n.b1)),
      Parameter(name: "2.weight", value: try Tensor(shape: [n.outputWidth, n.hiddenWidth], scalars: n.w2)),
      Parameter(name: "2.bias", value: Tensor(n.b2)),
    ])
    let act = n.activation.nonlinearity
    return try Network(Sequential(try Linear(n.inputWidth, n.hiddenWidth), act.layer, try Linear(n.hiddenWidth, n.outputWidth),
                                  act.layer),
                       parameters: store)
  }

  /// Cross-entropy of the negated output, as a function of the parameters.
  func tapeLoss(_ network: Network, _ x: Tensor, _ labels: [Int]) -> CheckedFunction {
    { tape, leaves in
      let context = try ForwardContext(tape: tape, names: network.parameters.names, variables: leaves, mode: .training)
      return try Losses.crossEntropy(-(try network(tape.variable(x), context: context)), labels: labels)
    }
  }

  @Test("[ABS-22] closed-form logits, loss and gradients equal the tape's bit for bit (ReLU and Abs)")
  func closedFormEqualsTape() throws {
    for activation in NodeActivation.allCases {
      for seed: UInt64 in 1...6 {
        let n = try network(seed: seed, activation)
        var draw = Draw(seed: seed &+ 100)
        let rows = 3 + Int(seed)
        let x = draw.tensor([rows, 7], -2, 2)
        let labels = (0..<rows).map { $0 % 4 }
        let (loss, g) = n.lossAndGradients(x.scalars, rows: rows, labels: labels)
        let tapeNet = try tapeNetwork(n)
        let tape = Tape()
        let leaves = tapeNet.parameters.values.map { tape.variable($0) }
        let tapeLossValue = try tapeLoss(tapeNet, x, labels)(tape, leaves)
        let grads = try tape.gradients(of: tapeLossValue, withRespectTo: leaves, seed: nil)
        #expect(loss == tapeLossValue.value.scalars[0], "\(activation) seed \(seed)")
        #expect(g.w1 == grads[0].scalars && g.b1 == grads[1].scalars, "\(activation) seed \(seed) layer 1")
        #expect(g.w2 == grads[2].scalars && g.b2 == grads[3].scalars, "\(activation) seed \(seed) layer 2")
        #expect(n.logits(x.scalars, rows: rows) == (try tapeNet.predict(x)).scalars.map { -$0 })
      }
    }
  }

  @Test("[ABS-22] kinks: exact zeros in H and O pass no gradient, as on the tape")
  func kinks() throws {
    for activation in NodeActivation.allCases {
      // x = [1, 0, ...]: W1 row 0 = [1, 0, ...] with b1[0] = -1 makes H[.,0] exactly 0.
      var n = try network(seed: 9, activation, input: 3, hidden: 3, classes: 3)
      n.w1[0] = 1; n.w1[1] = 0; n.w1[2] = 0; n.b1[0] = -1
      let x = [1.0, 0.5, -0.5, 1.0, 2.0, 1.0]
      // Make O[0, 1] exactly 0: b2[1] = -(A[0] . W2[1]).
      var pass = n.forward(x, rows: 2)
      #expect(pass.h[0] == 0 && pass.h[3] == 0)
      var s = 0.0
      for j in 0..<3 { s += pass.a[j] * n.w2[3 + j] }
      n.b2[1] = -s
      pass = n.forward(x, rows: 2)
      #expect(pass.o[1] == 0)
      let (_, g) = n.lossAndGradients(x, rows: 2, labels: [0, 2])
      // Hidden unit 0 is at its kink for both rows: its weights and bias get exactly 0.
      #expect(Array(g.w1[0..<3]) == [0, 0, 0] && g.b1[0] == 0)
      let tapeNet = try tapeNetwork(n)
      let tape = Tape()
      let leaves = tapeNet.parameters.values.map { tape.variable($0) }
      let grads = try tape.gradients(of: try tapeLoss(tapeNet, try Tensor(shape: [2, 3], scalars: x), [0, 2])(tape, leaves),
                                     withRespectTo: leaves, seed: nil)
      #expect(g.w1 == grads[0].scalars && g.b1 == grads[1].scalars && g.w2 == grads[2].scalars && g.b2 == grads[3].scalars,
              "\(activation)")
    }
  }

  @Test("[ABS-22] the tape version passes the gradient checker away from kinks (ReLU and Abs)")
  func gradientCheck() throws {
    for activation in NodeActivation.allCases {
      for seed: UInt64 in 40...42 {
        var n = try network(seed: seed, activation, input: 4, hidden: 3, classes: 3)
        var draw = Draw(seed: seed &+ 7)
        let x = draw.tensor([4, 4], -1, 1)
        // Shift biases until every pre-activation is at least 0.05 from the kink.
        for _ in 0..<50 {
          let pass = n.forward(x.scalars, rows: 4)
          var moved = false
          for (i, h) in pass.h.enumerated() where abs(h) < 0.05 { n.b1[i % 3] += 0.11; moved = true }
          for (i, o) in pass.o.enumerated() where abs(o) < 0.05 { n.b2[i % 3] += 0.11; moved = true }
          if !moved { break }
        }
        let pass = n.forward(x.scalars, rows: 4)
        try #require((pass.h + pass.o).allSatisfy { abs($0) >= 0.05 }, "seed \(seed)")
        let tapeNet = try tapeNetwork(n)
        let report = try GradientChecker().checkJacobian(tapeNet.parameters.values, tapeLoss(tapeNet, x, [0, 1, 2, 1]))
        #expect(report.passed, "\(activation) seed \(seed):\n\(report)")
      }
    }
  }

  @Test("[ABS-22] predictions take the largest logit, the lowest class on ties")
  func predictions() {
    #expect(TwoLayerNetwork.predictions([0, 0, -1, -3, -2, -2], classes: 3) == [0, 1])
    #expect(TwoLayerNetwork.predictions([-0.0, 0.0, 0], classes: 3) == [0])
  }

  @Test("[ABS-24] [NET-120] the momentum update is NET-13's SGD bit for bit")
  func momentum() throws {
    var n = try network(seed: 3, .abs)
    let tapeNet = try tapeNetwork(n)
    var store = tapeNet.parameters
    var sgd = try SGD(learningRate: 0.05, momentum: 0.9)
    var mine = MomentumSGD(learningRate: 0.05, momentum: 0.9)
    var draw = Draw(seed: 77)
    for _ in 0..<4 {
      let g = TwoLayerNetwork.Gradients(w1: draw.vector(35), b1: draw.vector(5), w2: draw.vector(20), b2: draw.vector(4))
      mine.step(&n, g)
      try sgd.step(&store, gradients: try ParameterGradients(names: store.names, values: [
        try Tensor(shape: [5, 7], scalars: g.w1), Tensor(g.b1), try Tensor(shape: [4, 5], scalars: g.w2), Tensor(g.b2)]))
    }
    let values = store.values.map(\.scalars)
    #expect(n.w1 == values[0] && n.b1 == values[1] && n.w2 == values[2] && n.b2 == values[3])
  }

  @Test("[ABS-22] parameter arrays of the wrong size are typed errors")
  func sizes() {
    #expect(throws: AbsMahalanobisError.dimensionMismatch(what: "b1 size", expected: 2, got: 3)) {
      try TwoLayerNetwork(inputWidth: 2, hiddenWidth: 2, outputWidth: 2, activation: .relu, w1: [1, 2, 3, 4], b1: [0, 0, 0],
                          w2: [1, 2, 3, 4], b2: [0, 0])
    }
  }
}
