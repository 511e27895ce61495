import Foundation
import Randomness
import Testing
import Tensors
@testable import Autodiff
@testable import Networks

/// Every layer configuration of Fixtures/golden/deep_layers.json, written by PyTorch (NET-46):
/// outputs and the gradients of sum(output * r) agree with torch's to 1e-12 scaled error.
@Suite("PyTorch goldens: layers")
struct TorchLayerGoldenTests {
  static let tolerance = 1e-12
  static let file = Result { try TorchGoldens.layers() }

  static func cases(_ op: String) throws -> [TorchGoldens.LayerCase] { try file.get().cases.filter { $0.op == op } }

  /// Compares named results with the case's goldens at 1e-12 and prints the worst error.
  func expectMatches(_ c: TorchGoldens.LayerCase, _ results: [(String, Tensor)], label: String = "") throws {
    var worst = 0.0
    for (key, value) in results {
      let error = TorchGoldens.scaledError(value, try c.tensor(key))
      worst = max(worst, error)
      #expect(error <= Self.tolerance, "\(c.name) \(label) \(key): scaled error \(error)")
    }
    print("torch golden \(c.op) '\(c.name)' \(label) worst=\(worst)")
  }

  /// The output and the VJP of `f` at the case's inputs, seeded with the documented cotangent.
  func evaluate(_ inputs: [Tensor], _ f: ([Variable]) throws -> Variable) throws -> (Tensor, [Tensor]) {
    let tape = Tape()
    let variables = inputs.map { tape.variable($0) }
    let y = try f(variables)
    return (y.value, try tape.gradients(of: y, withRespectTo: variables, seed: try TorchGoldens.cotangent(y.shape)))
  }

  static func padding2D(_ c: TorchGoldens.LayerCase) -> WindowPadding {
    switch c.config["padding"]!.text {
    case "same": return .same
    case "tfsame": return .tensorFlowSame
    case "valid": return .valid
    default:
      let a = c.config["amounts"]!.integers
      return .explicit(top: a[0], bottom: a[1], left: a[2], right: a[3])
    }
  }

  @Test("""
    [NET-46] conv2d against torch: padding modes (explicit, same with even kernels, TensorFlow SAME \
    28x28 k 8 s 2), strides, dilation, groups; fast and naive kernels
    """)
  func conv2d() throws {
    let cases = try Self.cases("conv2d")
    #expect(cases.count == 9)
    for c in cases {
      let stride = c.config["stride"]!.integers, dilation = c.config["dilation"]!.integers
      let hasBias = c.tensors["bias"] != nil
      let inputs = try [c.tensor("x"), c.tensor("weight")] + (hasBias ? [try c.tensor("bias")] : [])
      for kernel in [KernelChoice.fast, .reference] {
        let (y, grads) = try evaluate(inputs) { v in
          try v[0].conv2d(weight: v[1], bias: hasBias ? v[2] : nil, stride: (stride[0], stride[1]), padding: Self.padding2D(c),
                          dilation: (dilation[0], dilation[1]), groups: c.config["groups"]!.integer, kernel: kernel)
        }
        try expectMatches(c,
                          [("output", y), ("grad_x", grads[0]),
                           ("grad_weight", grads[1])] + (hasBias ? [("grad_bias", grads[2])] : []),
                          label: "\(kernel)")
      }
    }
  }

  @Test("[NET-46] conv1d against torch: stride, padding, groups, 'same' with an even kernel")
  func conv1d() throws {
    for c in try Self.cases("conv1d") {
      let amounts = c.config["amounts"]!.integers
      let padding: WindowPadding1D = c.config["padding"]!.text == "same" ? .same : .explicit(left: amounts[0], right: amounts[1])
      let (y, grads) = try evaluate([try c.tensor("x"), try c.tensor("weight"), try c.tensor("bias")]) { v in
        try v[0].conv1d(weight: v[1], bias: v[2], stride: c.config["stride"]!.integer, padding: padding,
                        dilation: c.config["dilation"]!.integer, groups: c.config["groups"]!.integer)
      }
      try expectMatches(c, [("output", y), ("grad_x", grads[0]), ("grad_weight", grads[1]), ("grad_bias", grads[2])])
    }
  }

  @Test("""
    [NET-46] pooling against torch: max pooling with ties (first index), NaN and dilation; average \
    pooling both counts; adaptive 1x1; max over time
    """)
  func pooling() throws {
    let ops = ["maxPool2d", "avgPool2d", "adaptiveAvgPool2d", "maxOverTime"]
    var count = 0
    for op in ops {
      for c in try Self.cases(op) {
        let k = c.config["kernel"]!.integers, s = c.config["stride"]!.integers
        let p = c.config["padding"]!.integers, d = c.config["dilation"]!.integers
        let window = try Window2D(kernel: (k[0], k[1]), stride: (s[0], s[1]), dilation: (d[0], d[1]),
                                  padding: .symmetric(p[0], p[1]))
        let (y, grads) = try evaluate([try c.tensor("x")]) { v in
          switch op {
          case "maxPool2d": return try v[0].maxPool2d(window)
          case "avgPool2d": return try v[0].avgPool2d(window, countIncludePadding: c.config["count_include_pad"]!.flag)
          case "adaptiveAvgPool2d": return try v[0].globalAveragePool2d()
          default: return try v[0].maxOverTime()
          }
        }
        try expectMatches(c, [("output", y), ("grad_x", grads[0])])
        count += 1
      }
    }
    #expect(count == 9)
  }

  @Test("""
    [NET-46] BatchNorm1d/2d against torch: training (batch 2, and one image of 2x2) and evaluation \
    (batch 1); running statistics after one and two steps
    """)
  func batchNorm() throws {
    let cases = try Self.cases("batchNorm")
    #expect(cases.count == 6)
    for c in cases {
      let x = try c.tensor("x")
      let channels = x.shape[1]
      let layer = x.rank == 4 ? try BatchNorm2d(channels) : try BatchNorm1d(channels)
      let parameters = try ParameterStore([Parameter(name: "weight", value: try c.tensor("weight")),
                                           Parameter(name: "bias", value: try c.tensor("bias"))])
      var buffers: [Buffer] = []
      for spec in layer.bufferSpecs {
        buffers.append(Buffer(name: spec.name, value: try c.tensor(spec.name).reshaped(spec.shape)))
      }
      var network = try Network(layer, parameters: parameters, buffers: try BufferStore(buffers))
      let mode: ForwardContext.Mode = c.config["training"]!.flag ? .training : .evaluation
      let tape = Tape()
      let context = network.context(tape: tape, mode: mode)
      let input = tape.variable(x)
      let y = try network(input, context: context)
      let grads = try tape.gradients(of: y, withRespectTo: [input] + context.parameterVariables,
                                     seed: try TorchGoldens.cotangent(y.shape))
      if mode == .training { network.commitBuffers(from: context) }
      func after(_ prefix: String) throws -> [(String, Tensor)] {
        try ["running_mean", "running_var"].map { ("\(prefix)_\($0)", try network.buffers.value($0)) }
          + [("\(prefix)_num_batches_tracked", try network.buffers.value("num_batches_tracked"))]
      }
      try expectMatches(c,
                        [("output", y.value), ("grad_x", grads[0]), ("grad_weight", grads[1]),
                         ("grad_bias", grads[2])] + after("after"))
      if c.tensors["x2"] != nil {
        let tape2 = Tape()
        let context2 = network.context(tape: tape2, mode: .training)
        let y2 = try network(tape2.variable(try c.tensor("x2")), context: context2)
        network.commitBuffers(from: context2)
        try expectMatches(c, [("output2", y2.value)] + after("after2"), label: "second step")
      }
    }
  }

  @Test("[NET-46] StepLR and CosineAnnealingLR: the recursive form gives torch's rates epoch by epoch")
  func schedules() throws {
    for s in try Self.file.get().schedules {
      let schedule: LearningRateSchedule = s.kind == "step"
        ? .step(size: s.arguments["step_size"]!.integer, gamma: s.arguments["gamma"]!.number)
        : .cosine(period: s.arguments["T_max"]!.integer, minimum: s.arguments["eta_min"]!.number)
      let ours = schedule.rates(epochs: s.epochs, base: s.base)
      let worst = zip(ours, s.rates).map { abs($0 - $1) / max(abs($1), 1e-300) }.max() ?? 0
      #expect(worst <= 1e-15, "\(s.kind) \(s.arguments): worst relative difference \(worst)")
      print("torch golden schedule \(s.kind) identical=\(ours == s.rates) worst=\(worst)")
    }
  }
}
