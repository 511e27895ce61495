import Foundation
import Randomness
import Testing
import Tensors
@testable import AbsMahalanobis
@testable import Autodiff
@testable import Networks

/// The single node of Experiment 1 against the tape (Networks' Linear and activation layers).
@Suite("Experiment 1: the single node")
struct SingleNodeTests {
  /// Sequential(Linear(d, 1), act) with the node's parameters.
  func tapeNetwork(_ node: SingleNode) throws -> Network {
    let d = node.weight.count
    let store = try ParameterStore([Parameter(name: "0.weight", value: try Tensor(shape: [1, d], scalars: node.weight)),
                                    Parameter(name: "0.bias", value: Tensor([node.bias]))])
    return try Network(Sequential(try Linear(d, 1), node.activation.nonlinearity.layer), parameters: store)
  }

  /// The tape's MSE loss of the network as a function of (W, b).
  func tapeLoss(_ network: Network, _ x: Tensor, _ y: [Double]) -> CheckedFunction {
    { tape, leaves in
      let context = try ForwardContext(tape: tape, names: network.parameters.names, variables: leaves, mode: .training)
      let output = try network(tape.variable(x), context: context)
      return try Losses.meanSquaredError(output, targets: try Tensor(shape: [y.count, 1], scalars: y))
    }
  }

  /// The tape's loss and gradients (W, b).
  func tapeGradients(_ node: SingleNode, _ x: Tensor, _ y: [Double]) throws -> (Double, [Double], Double) {
    let network = try tapeNetwork(node)
    let tape = Tape()
    let leaves = network.parameters.values.map { tape.variable($0) }
    let loss = try tapeLoss(network, x, y)(tape, leaves)
    let g = try tape.gradients(of: loss, withRespectTo: leaves, seed: nil)
    return (loss.value.scalars[0], g[0].scalars, g[1].scalars[0])
  }

  func problem(seed: UInt64, n: Int, d: Int, activation: NodeActivation) -> (SingleNode, Tensor, [Double]) {
    var draw = Draw(seed: seed)
    let x = draw.tensor([n, d], -3, 5)
    let y = draw.vector(n, 0, 3)
    return (SingleNode(weight: draw.vector(d), bias: draw.uniform(-1, 1), activation: activation), x, y)
  }

  @Test("[ABS-13] closed-form loss and gradients equal the tape's bit for bit (ReLU and Abs, d = 1 ... 4)")
  func closedFormEqualsTape() throws {
    for activation in NodeActivation.allCases {
      for seed: UInt64 in 1...12 {
        let d = 1 + Int(seed % 4)
        let (node, x, y) = problem(seed: seed, n: 37, d: d, activation: activation)
        let closed = node.lossAndGradient(points: x.scalars, targets: y)
        let (loss, gw, gb) = try tapeGradients(node, x, y)
        #expect(closed.loss == loss, "\(activation) seed \(seed)")
        #expect(closed.weight == gw, "\(activation) seed \(seed): \(closed.weight) vs \(gw)")
        #expect(closed.bias == gb, "\(activation) seed \(seed)")
      }
    }
  }

  @Test("[ABS-13] the tape version passes the gradient checker away from kinks")
  func gradientCheck() throws {
    for activation in NodeActivation.allCases {
      for seed: UInt64 in 20...23 {
        var (node, x, y) = problem(seed: seed, n: 9, d: 2, activation: activation)
        // Keep every |W x + b| >= 0.05 so no point sits within the checker's step of the kink.
        for i in 0..<9 where abs(node.preactivation(x.row(i))) < 0.05 { node.bias += 0.1 }
        try #require((0..<9).allSatisfy { abs(node.preactivation(x.row($0))) >= 0.05 }, "seed \(seed)")
        let network = try tapeNetwork(node)
        let report = try GradientChecker().checkJacobian(network.parameters.values, tapeLoss(network, x, y))
        #expect(report.passed, "\(activation) seed \(seed):\n\(report)")
      }
    }
  }

  @Test("[ABS-13] kinks: points exactly on the boundary contribute exactly 0, in the closed form and on the tape")
  func kinks() throws {
    // W = [1, 0], b = -1: points with first coordinate 1 have s = 0 exactly.
    let x = try Tensor(rows: [[1, 5], [1, -2], [3, 1], [0, 4]])
    let y = [2.0, 1.0, 0.5, 1.5]
    for activation in NodeActivation.allCases {
      let node = SingleNode(weight: [1, 0], bias: -1, activation: activation)
      let full = node.lossAndGradient(points: x.scalars, targets: y)
      // Only rows 2 and 3 can contribute; compute their gradient by hand.
      var gw = [0.0, 0.0], gb = 0.0
      for i in [2, 3] {
        let s = x.row(i)[0] - 1
        let g = activation.backward((activation.apply(s) - y[i]) * (2.0 / 4), at: s)
        gw[0] += g * x.row(i)[0]; gw[1] += g * x.row(i)[1]; gb += g
      }
      #expect(full.weight == gw && full.bias == gb, "\(activation)")
      let (_, tw, tb) = try tapeGradients(node, x, y)
      #expect(tw == gw && tb == gb, "\(activation) tape")
      #expect(activation.backward(.infinity, at: 0) == 0 && activation.backward(-.nan, at: 0) == 0)
    }
    #expect(NodeActivation.abs.backward(2, at: -1) == -2 && NodeActivation.relu.backward(2, at: -1) == 0)
  }

  @Test("[ABS-14] training equals a loop of tape gradients and Networks' SGD bit for bit; losses are recorded before each update")
  func trainingMatchesSGD() throws {
    for activation in NodeActivation.allCases {
      let (node, x, y) = problem(seed: 31, n: 50, d: 2, activation: activation)
      let trainer = NodeTrainer(learningRate: 0.01, momentum: 0.9, steps: 15)
      let trajectory = try trainer.train(node, points: x.scalars, targets: y)
      var network = try tapeNetwork(node)
      var sgd = try SGD(learningRate: 0.01, momentum: 0.9)
      var losses: [Double] = []
      for _ in 0..<15 {
        let tape = Tape()
        let context = ForwardContext(tape: tape, parameters: network.parameters, mode: .training)
        let loss = try Losses.meanSquaredError(try network(tape.variable(x), context: context),
                                               targets: try Tensor(shape: [50, 1], scalars: y))
        losses.append(loss.value.scalars[0])
        try sgd.step(&network.parameters, gradients: try context.gradients(of: loss))
      }
      #expect(trajectory.losses == losses, "\(activation)")
      #expect(trajectory.final.weight == (try network.parameters.value("0.weight")).scalars, "\(activation)")
      #expect(trajectory.final.bias == (try network.parameters.value("0.bias")).scalars[0], "\(activation)")
      #expect(trajectory.finalLoss == losses.last)
    }
  }

  @Test("[ABS-14] a diverging run stops with the model index and the step")
  func divergence() throws {
    let (node, x, y) = problem(seed: 5, n: 20, d: 2, activation: .abs)
    #expect {
      try NodeTrainer(learningRate: 1e6, momentum: 0.9, steps: 200).train(node, points: x.scalars, targets: y, model: 7)
    } throws: { error in
      if case let .nonFiniteLoss(model, step, _) = error as? AbsMahalanobisError { return model == 7 && step > 0 && step < 200 }
      return false
    }
    #expect(throws: AbsMahalanobisError.self) {
      try NodeTrainer(learningRate: 0.1, momentum: 0, steps: 1).train(node, points: [1, 2, 3], targets: y)
    }
  }

  @Test("""
    [ABS-15] classes: coherent by |W mu + b| <= 1, adhoc otherwise, dead overriding by rule; \
    geometric variant divides by norm(W)
    """)
  func classes() {
    let mean = [3.0, 2.0]
    let near = SingleNode(weight: [2, 0], bias: -6.8, activation: .abs)  // W mu + b = -0.8
    let far = SingleNode(weight: [0.1, 0], bias: 0.5, activation: .relu)  // W mu + b = 0.8, distance 8
    let c = NodeClassifier(mean: mean)
    #expect(c.classify(near, finalLoss: 0.4) == .coherent)
    #expect(abs(c.boundaryDistance(near) - 0.4) < 1e-12)
    #expect(c.classify(far, finalLoss: 0.4) == .coherent && c.classifyGeometrically(far, finalLoss: 0.4) == .adhoc)
    #expect(c.classify(SingleNode(weight: [1, 1], bias: 0, activation: .abs), finalLoss: 0.4) == .adhoc)
    // Dead override: ReLU only by default; `all` covers Abs; `none` neither.
    #expect(c.classify(far, finalLoss: 1.8) == .dead && c.classify(near, finalLoss: 1.8) == .coherent)
    #expect(NodeClassifier(mean: mean, deadRule: .all).classify(near, finalLoss: 1.8) == .dead)
    #expect(NodeClassifier(mean: mean, deadRule: .none).classify(far, finalLoss: 5) == .coherent)
    #expect(c.classify(far, finalLoss: 1.7) == .coherent, "the threshold itself is not dead")
    #expect(c.classify(SingleNode(weight: [0, 0], bias: 1, activation: .abs), finalLoss: 0) == .coherent)
    #expect(c.boundaryDistance(SingleNode(weight: [0, 0], bias: 1, activation: .abs)) == .infinity)
  }
}
