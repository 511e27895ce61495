import Foundation
import Randomness
import Testing
import Tensors
@testable import Networks

@Suite("Optimisers against PyTorch's update rules")
struct OptimizerTests {
  static let steps = 5

  /// Runs `optimizer` for every gradient set; the flat parameter values after each step.
  func trajectory<O: Optimizer>(_ optimizer: inout O, _ store: ParameterStore,
                                _ grads: [ParameterGradients]) throws -> [[[Double]]] {
    var store = store
    var result: [[[Double]]] = []
    for g in grads {
      try optimizer.step(&store, gradients: g)
      result.append(store.values.map(\.scalars))
    }
    return result
  }

  func expectClose(_ ours: [[[Double]]], _ reference: [[[Double]]], _ label: String) {
    var worst = 0.0
    for (a, b) in zip(ours, reference) {
      for (x, y) in zip(a, b) { worst = max(worst, worstRelativeError(x, y)) }
    }
    #expect(worst <= 1e-15, "\(label): worst relative error \(worst)")
    print("optimizer \(label) worst=\(worst)")
  }

  @Test("[NET-13] SGD: plain, momentum, dampening, Nesterov, weight decay, step by step", arguments: [UInt64(1), 2, 3])
  func sgd(seed: UInt64) throws {
    let store = try twoParameterStore(seed: seed)
    let grads = try gradientSequence(for: store, steps: Self.steps, seed: seed)
    let flatGrads = grads.map { $0.values.map(\.scalars) }
    let cases: [(String, TorchReference.SGDSettings)] = [
      ("plain", .init(lr: 0.1)),
      ("momentum", .init(lr: 0.05, momentum: 0.9)),
      ("dampening", .init(lr: 0.05, momentum: 0.9, dampening: 0.3)),
      ("nesterov", .init(lr: 0.05, momentum: 0.8, nesterov: true)),
      ("weight decay", .init(lr: 0.1, weightDecay: 0.01)),
      ("nesterov + decay", .init(lr: 0.02, momentum: 0.95, weightDecay: 5e-4, nesterov: true)),
    ]
    for (label, h) in cases {
      var sgd = try SGD(learningRate: h.lr, momentum: h.momentum, dampening: h.dampening, weightDecay: h.weightDecay,
                        nesterov: h.nesterov)
      let ours = try trajectory(&sgd, store, grads)
      expectClose(ours, TorchReference.sgd(store.values.map(\.scalars), flatGrads, [h, h]), "SGD \(label) seed \(seed)")
    }
  }

  @Test("[NET-14] Adam: defaults, L2 weight decay, AMSGrad, torch 1.x moment form, beta1 < 0.5", arguments: [UInt64(4), 5, 6])
  func adam(seed: UInt64) throws {
    let store = try twoParameterStore(seed: seed)
    let grads = try gradientSequence(for: store, steps: Self.steps, seed: seed)
    let flatGrads = grads.map { $0.values.map(\.scalars) }
    typealias S = TorchReference.AdamSettings
    let cases: [(String, S)] = [
      ("defaults", S()),
      ("lr 0.01 wd 0.1", S(lr: 0.01, weightDecay: 0.1)),
      ("amsgrad", S(lr: 0.02, beta2: 0.99, amsgrad: true)),
      ("multiplyAdd", S(lr: 0.01, lerp: false)),
      ("beta1 0.3 (lerp's other branch)", S(lr: 0.01, beta1: 0.3, eps: 1e-6)),
    ]
    for (label, h) in cases {
      var adam = try Adam(learningRate: h.lr, betas: (h.beta1, h.beta2), eps: h.eps, weightDecay: h.weightDecay,
                          amsgrad: h.amsgrad, firstMoment: h.lerp ? .lerp : .multiplyAdd)
      let ours = try trajectory(&adam, store, grads)
      expectClose(ours, TorchReference.adam(store.values.map(\.scalars), flatGrads, [h, h]), "Adam \(label) seed \(seed)")
      #expect(adam.state["a"]?.step == Self.steps)
    }
  }

  @Test("[NET-15] AdamW: decoupled decay p *= 1 - lr wd before the moments", arguments: [UInt64(7), 8])
  func adamW(seed: UInt64) throws {
    let store = try twoParameterStore(seed: seed)
    let grads = try gradientSequence(for: store, steps: Self.steps, seed: seed)
    typealias S = TorchReference.AdamSettings
    for (label, h) in [("defaults", S(weightDecay: 1e-2, decoupled: true)),
                       ("wd 0.1 amsgrad", S(lr: 0.01, weightDecay: 0.1, amsgrad: true, decoupled: true))] {
      var adamW = try AdamW(learningRate: h.lr, weightDecay: h.weightDecay, amsgrad: h.amsgrad)
      let ours = try trajectory(&adamW, store, grads)
      expectClose(ours, TorchReference.adam(store.values.map(\.scalars), grads.map { $0.values.map(\.scalars) }, [h, h]),
                  "AdamW \(label) seed \(seed)")
    }
    #expect(try AdamW().core.weightDecay == 1e-2 && Adam().core.weightDecay == 0)
  }

  @Test("[NET-14] Adam's first step moves each element by about lr (m_hat / sqrt(v_hat) = sign g)")
  func adamFirstStep() throws {
    let store = try twoParameterStore(seed: 9)
    let grads = try gradientSequence(for: store, steps: 1, seed: 9)
    var s = store
    var adam = try Adam(learningRate: 0.01)
    try adam.step(&s, gradients: grads[0])
    for (before, after) in zip(store.values, s.values) {
      for k in 0..<before.count { #expect(abs(abs(after.scalars[k] - before.scalars[k]) - 0.01) < 1e-8) }
    }
  }

  @Test("[NET-12] parameter groups: own learning rates and weight decays; unlisted parameters stay put")
  func groups() throws {
    var d = Draw(seed: 10)
    let store = try ParameterStore(["a", "b", "c"].map { Parameter(name: $0, value: d.uniform([4])) })
    let grads = try gradientSequence(for: store, steps: Self.steps, seed: 10)
    let groups = [ParameterGroup(["a"], learningRate: 0.1), ParameterGroup(["b"], weightDecay: 0.05)]
    var sgd = try SGD(learningRate: 0.01, momentum: 0.9, weightDecay: 0.001, groups: groups)
    let ours = try trajectory(&sgd, store, grads)
    let flat = grads.map { $0.values.map(\.scalars) }
    let hs: [TorchReference.SGDSettings] = [.init(lr: 0.1, momentum: 0.9, weightDecay: 0.001),
                                            .init(lr: 0.01, momentum: 0.9, weightDecay: 0.05)]
    let reference = TorchReference.sgd(Array(store.values.map(\.scalars).prefix(2)), flat.map { Array($0.prefix(2)) }, hs)
    expectClose(ours.map { Array($0.prefix(2)) }, reference, "SGD groups")
    #expect(ours.allSatisfy { $0[2] == store.values[2].scalars })

    typealias S = TorchReference.AdamSettings
    var adam = try Adam(learningRate: 0.001, groups: [ParameterGroup(["c", "a"], learningRate: 0.03, weightDecay: 0.2)])
    let adamOurs = try trajectory(&adam, store, grads)
    let h = S(lr: 0.03, weightDecay: 0.2)
    let adamReference = TorchReference.adam([store.values[0].scalars, store.values[2].scalars], flat.map { [$0[0], $0[2]] },
                                            [h, h])
    expectClose(adamOurs.map { [$0[0], $0[2]] }, adamReference, "Adam groups")
    #expect(adamOurs.allSatisfy { $0[1] == store.values[1].scalars })
  }

  @Test("[NET-12] bad hyperparameters, group mistakes and bad gradients are refused, changing nothing")
  func errors() throws {
    #expect(throws: NetworkError.invalidHyperparameter(name: "learningRate", value: -0.1, accepted: "finite and >= 0")) {
      try SGD(learningRate: -0.1)
    }
    #expect(throws: NetworkError.self) { try Adam(learningRate: -1) }
    #expect(throws: NetworkError.self) { try AdamW(learningRate: .nan) }
    #expect(throws: NetworkError.self) { try Adam(betas: (1.0, 0.999)) }
    #expect(throws: NetworkError.self) { try Adam(betas: (0.9, -0.1)) }
    #expect(throws: NetworkError.self) { try Adam(eps: -1e-8) }
    #expect(throws: NetworkError.self) { try SGD(learningRate: 0.1, momentum: -0.5) }
    #expect(throws: NetworkError.self) { try SGD(learningRate: 0.1, nesterov: true) }
    #expect(throws: NetworkError.self) { try SGD(learningRate: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true) }
    #expect(throws: NetworkError.self) { try SGD(learningRate: 0.1, groups: [ParameterGroup(["a"], learningRate: -1)]) }

    let store = try twoParameterStore(seed: 11)
    let grads = try gradientSequence(for: store, steps: 1, seed: 11)[0]
    var s = store
    var unknown = try SGD(learningRate: 0.1, groups: [ParameterGroup(["a", "zzz"])])
    #expect(throws: NetworkError.unknownParameter("zzz")) { try unknown.step(&s, gradients: grads) }
    var twice = try SGD(learningRate: 0.1, groups: [ParameterGroup(["a"]), ParameterGroup(["b", "a"])])
    #expect(throws: NetworkError.parameterInSeveralGroups("a")) { try twice.step(&s, gradients: grads) }
    var adam = try Adam()
    let missing = try ParameterGradients(names: ["a"], values: [grads.values[0]])
    #expect(throws: NetworkError.missingGradient("b")) { try adam.step(&s, gradients: missing) }
    let wrongShape = try ParameterGradients(names: ["a", "b"], values: [grads.values[0], Tensor.zeros([4])])
    #expect(throws: NetworkError.parameterShape(name: "b", expected: [3], got: [4])) { try adam.step(&s, gradients: wrongShape) }
    var nanGrad = grads.values
    nanGrad[1][flat: 2] = .nan
    let bad = try ParameterGradients(names: ["a", "b"], values: nanGrad)
    var sgd = try SGD(learningRate: 0.1, momentum: 0.9)
    #expect(throws: NetworkError.self) { try sgd.step(&s, gradients: bad) }
    #expect(s == store, "a refused step changes nothing")
    #expect(sgd.momentumBuffers.isEmpty && adam.state.isEmpty)
  }
}
