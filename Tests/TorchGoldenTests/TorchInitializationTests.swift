import Foundation
import Autodiff
import Networks
import Randomness
import Tensors
import Testing

/// torch.nn.init and module constructors from a TorchGenerator, against torch's own tensors.
@Suite("torch-exact initialisers")
struct TorchInitializationTests {
  let golden = TorchGolden.shared

  func initialiser(_ c: TorchGolden.CapabilitySeed, _ key: String) -> TorchGolden.Values { c.initialisers[key]!.tensor! }

  @Test("""
    [NET-100] xavier_uniform_, xavier_normal_, kaiming_uniform_, kaiming_normal_ on [128, 784] and \
    [64, 3, 3, 3], every capability, bit for bit
    """)
  func initFunctions() throws {
    let cases: [(String, Initializer)] = [
      ("xavier_uniform", .xavierUniform(gain: 1)), ("xavier_normal", .xavierNormal(gain: 1)),
      ("kaiming_uniform_relu", .kaimingUniform(mode: .fanIn, nonlinearity: .relu)),
      ("kaiming_normal_relu_fanout", .kaimingNormal(mode: .fanOut, nonlinearity: .relu)),
    ]
    for capability in TorchCPUCapability.allCases {
      for c in golden.capability(capability).seeds {
        for (shapeName, shape) in [("128x784", [128, 784]), ("64x3x3x3", [64, 3, 3, 3])] {
          for (name, initializer) in cases {
            var g = TorchGenerator(seed: seedValue(c.seed), capability: capability)
            let ours = try initializer.torchTensor(shape: shape, dtype: .float32, using: &g)
            #expect(initialiser(c, "\(name)_\(shapeName)").matches(ours.scalars, float32: true),
                    "\(capability) seed \(c.seed) \(name) \(shapeName)")
          }
        }
      }
    }
  }

  @Test("""
    [NET-101] nn.Linear(784, 128) and nn.Conv2d(3, 64, 3): weight then bias as the constructors \
    draw them, float32 and float64
    """)
  func linearAndConv() throws {
    for capability in TorchCPUCapability.allCases {
      for c in golden.capability(capability).seeds {
        let s = seedValue(c.seed)
        var g = TorchGenerator(seed: s, capability: capability)
        let linear = try TorchModules.linear(784, 128, using: &g)
        #expect(linear.map(\.name) == ["weight", "bias"] && linear[0].value.shape == [128, 784])
        #expect(initialiser(c, "Linear_784_128_weight").matches(linear[0].value.scalars, float32: true),
                "\(capability) seed \(s)")
        #expect(initialiser(c, "Linear_784_128_bias").matches(linear[1].value.scalars, float32: true), "\(capability) seed \(s)")
        g.manualSeed(s)
        let conv = try TorchModules.conv2d(3, 64, kernelSize: (3, 3), using: &g)
        #expect(conv[0].value.shape == [64, 3, 3, 3] && conv[1].value.shape == [64])
        #expect(initialiser(c, "Conv2d_3_64_3_weight").matches(conv[0].value.scalars, float32: true), "\(capability) seed \(s)")
        #expect(initialiser(c, "Conv2d_3_64_3_bias").matches(conv[1].value.scalars, float32: true), "\(capability) seed \(s)")
        g.manualSeed(s)
        let linear64 = try TorchModules.linear(784, 128, dtype: .float64, using: &g)
        #expect(initialiser(c, "Linear_784_128_float64_weight").matches(linear64[0].value.scalars, float32: false),
                "\(capability) seed \(s)")
        #expect(initialiser(c, "Linear_784_128_float64_bias").matches(linear64[1].value.scalars, float32: false),
                "\(capability) seed \(s)")
      }
    }
  }

  @Test("[NET-101] nn.Embedding(1000, 16) (normal_) and nn.LSTM(10, 20, num_layers=2) (uniform_, parameter order and names)")
  func embeddingAndLSTM() throws {
    for capability in TorchCPUCapability.allCases {
      for c in golden.capability(capability).seeds {
        let s = seedValue(c.seed)
        var g = TorchGenerator(seed: s, capability: capability)
        let embedding = try TorchModules.embedding(1000, 16, using: &g)
        #expect(initialiser(c, "Embedding_1000_16_weight").matches(embedding[0].value.scalars, float32: true),
                "\(capability) seed \(s)")
        g.manualSeed(s)
        let lstm = try TorchModules.lstm(inputSize: 10, hiddenSize: 20, numLayers: 2, using: &g)
        let expected = c.initialisers["LSTM_10_20_2_parameters"]!.parameters
        #expect(lstm.map(\.name) == expected.map(\.name))
        for (p, e) in zip(lstm, expected) {
          #expect(p.value.shape == e.shape, "\(p.name)")
          #expect(e.values.matches(p.value.scalars, float32: true), "\(capability) seed \(s) \(p.name)")
        }
      }
    }
  }

  @Test("[NET-102] a Network built from a torch generator has nn.Sequential's parameters: names, order and values")
  func sequentialNetwork() throws {
    for capability in TorchCPUCapability.allCases {
      for c in golden.capability(capability).seeds {
        var g = TorchGenerator(seed: seedValue(c.seed), capability: capability)
        let network = try Network(try MLP.make(widths: [4, 3, 2], activation: .relu), using: &g)
        let expected = c.initialisers["Sequential_4_3_2_parameters"]!.parameters
        #expect(network.parameters.names == expected.map(\.name))
        for (p, e) in zip(network.parameters.parameters, expected) {
          #expect(e.values.matches(p.value.scalars, float32: true), "\(capability) seed \(c.seed) \(p.name)")
        }
      }
    }
  }

  @Test("[NET-102] a layer with parameters but no torch initialisation is a typed error; parameter-free layers draw nothing")
  func unsupportedLayer() throws {
    struct Custom: Layer {
      var description: String { "Custom" }
      var parameterSpecs: [ParameterSpec] { [ParameterSpec(name: "w", shape: [2])] }
      func callAsFunction(_ x: Variable, context: ForwardContext) throws -> Variable { x }
    }
    var g = TorchGenerator(seed: 1, capability: .default)
    #expect(throws: NetworkError.noTorchInitialization(layer: "Custom")) { try Network(Custom(), using: &g) }
    let before = g
    #expect(try ReLU().torchInitialParameters(dtype: .float32, using: &g).isEmpty)
    #expect(g == before)
  }

  @Test("[NET-100] constant initialisers draw nothing; bad parameters are typed errors")
  func constantsAndErrors() throws {
    var g = TorchGenerator(seed: 1, capability: .default)
    let before = g
    #expect(try Initializer.constant(0.1).torchTensor(shape: [2, 2], dtype: .float32,
                                                      using: &g).scalars == [Double](repeating: Double(Float(0.1)), count: 4))
    #expect(g == before)
    #expect(throws: NetworkError.fanUndefined(shape: [3])) {
      try Initializer.xavierUniform(gain: 1).torchTensor(shape: [3], dtype: .float32, using: &g)
    }
    #expect(throws: NetworkError.self) {
      try Initializer.normal(mean: 0, std: -1).torchTensor(shape: [3], dtype: .float64, using: &g)
    }
    #expect(g == before)
  }
}
