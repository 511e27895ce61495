import Foundation
import Randomness
import Testing
import Tensors
@testable import Autodiff
@testable import Networks

@Suite("Network layers")
struct LayerTests {
  @Test("[NET-1] parameter names and order are torch's nn.Sequential state_dict keys")
  func namesAndOrder() throws {
    let mlp = try MLP.make(widths: [3, 4, 2], activation: .relu)
    #expect(mlp.parameterSpecs.map(\.name) == ["0.weight", "0.bias", "2.weight", "2.bias"])
    #expect(mlp.parameterSpecs.map(\.shape) == [[4, 3], [4], [2, 4], [2]])
    let withDropout = try MLP.make(widths: [3, 4, 2], activation: .tanh, dropout: 0.5)
    #expect(withDropout.parameterSpecs.map(\.name) == ["0.weight", "0.bias", "3.weight", "3.bias"])
    let nested = Sequential(ReLU(), Sequential(try Linear(2, 3, bias: false), Tanh()))
    #expect(nested.parameterSpecs.map(\.name) == ["1.0.weight"])
    var g = Xoshiro256StarStar(seed: 1)
    let network = try Network(mlp, using: &g)
    #expect(network.parameters.names == ["0.weight", "0.bias", "2.weight", "2.bias"])
    #expect(network.parameters.scalarCount == 12 + 4 + 8 + 2)
  }

  @Test("[NET-1] the store refuses duplicates, unknown names and shape changes; Network checks loaded parameters")
  func storeChecks() throws {
    let a = Parameter(name: "a", value: Tensor.zeros([2]))
    #expect(throws: NetworkError.duplicateParameter("a")) { try ParameterStore([a, a]) }
    var store = try ParameterStore([a])
    #expect(throws: NetworkError.unknownParameter("b")) { try store.value("b") }
    #expect(throws: NetworkError.parameterShape(name: "a", expected: [2], got: [3])) {
      try store.setValue(Tensor.zeros([3]), for: "a")
    }
    try store.setValue(Tensor([1, 2]), for: "a")
    #expect(try store.value("a") == Tensor([1, 2]))

    let linear = try Linear(2, 3)
    let wrongOrder = try ParameterStore([Parameter(name: "bias", value: .zeros([3])),
                                         Parameter(name: "weight", value: .zeros([3, 2]))])
    #expect(throws: NetworkError.parameterNames(expected: ["weight", "bias"], got: ["bias", "weight"])) {
      try Network(linear, parameters: wrongOrder)
    }
    let wrongShape = try ParameterStore([Parameter(name: "weight", value: .zeros([2, 3])),
                                         Parameter(name: "bias", value: .zeros([3]))])
    #expect(throws: NetworkError.parameterShape(name: "weight", expected: [3, 2], got: [2, 3])) {
      try Network(linear, parameters: wrongShape)
    }
  }

  @Test("[NET-3] Linear computes x W^T + b with W [out, in], exactly as the textbook loop")
  func linearForward() throws {
    var d = Draw(seed: 3)
    let x = d.uniform([5, 3]), w = d.uniform([4, 3]), b = d.uniform([4])
    let network = try Network(try Linear(3, 4),
                              parameters: try ParameterStore([Parameter(name: "weight", value: w),
                                                              Parameter(name: "bias", value: b)]))
    let y = try network.predict(x)
    #expect(y.shape == [5, 4])
    for i in 0..<5 {
      for j in 0..<4 {
        var s = 0.0
        for k in 0..<3 { s = s.addingProduct(x[i, k], w[j, k]) }  // one fused chain (FOUND-10)
        #expect(y[i, j] == s + b[j], "y[\(i), \(j)]")
      }
    }
    let noBias = try Network(try Linear(3, 4, bias: false), parameters: try ParameterStore([Parameter(name: "weight", value: w)]))
    #expect(try noBias.predict(x) == (try x.matmul(try w.transposed())))
  }

  @Test("[NET-3] Linear refuses an input of the wrong width or rank, naming both widths")
  func linearErrors() throws {
    var g = Xoshiro256StarStar(seed: 4)
    let network = try Network(try MLP.make(widths: [3, 2], activation: .relu), using: &g)
    #expect(throws: NetworkError.inputWidth(layer: "Linear(in: 3, out: 2)", expected: 3, got: 5)) {
      try network.predict(.zeros([2, 5]))
    }
    #expect(throws: NetworkError.inputRank(layer: "Linear(in: 3, out: 2)", expected: 2, shape: [3])) {
      try network.predict(.zeros([3]))
    }
    #expect(throws: NetworkError.invalidWidths([0, 2])) { try Linear(0, 2) }
  }

  @Test("[NET-4] activation layers apply Autodiff's operations; Identity records nothing")
  func activations() throws {
    var d = Draw(seed: 5)
    let x = d.uniform([3, 4], -3, 3)
    let cases: [(Nonlinearity, (Double) -> Double)] = [
      (.relu, { max($0, 0) }), (.abs, { Swift.abs($0) }), (.leakyReLU(slope: 0.2), { $0 > 0 ? $0 : 0.2 * $0 }),
      (.sigmoid, Activation.sigmoid), (.tanh, Foundation.tanh), (.identity, { $0 }),
    ]
    for (kind, f) in cases {
      let y = try Network(kind.layer, parameters: try ParameterStore([])).predict(x)
      #expect(y == x.map(f), "\(kind)")
    }
    let tape = Tape()
    let v = tape.variable(x)
    let before = tape.count
    _ = try Identity()(v, context: ForwardContext(tape: tape, parameters: try ParameterStore([]), mode: .training))
    #expect(tape.count == before)
    #expect(LeakyReLU().slope == 0.01)
  }

  @Test("[NET-5] the MLP builder puts an activation after each hidden Linear and the final one last")
  func mlpStructure() throws {
    let m = try MLP.make(widths: [4, 8, 8, 3], activation: .leakyReLU(slope: 0.1), finalActivation: .sigmoid)
    #expect(m.description == """
      Sequential(Linear(in: 4, out: 8), LeakyReLU(slope: 0.1), Linear(in: 8, out: 8), \
      LeakyReLU(slope: 0.1), Linear(in: 8, out: 3), Sigmoid)
      """)
    let d = try MLP.make(widths: [2, 3], activation: .relu, dropout: 0.3)
    #expect(d.description == "Sequential(Linear(in: 2, out: 3))")
    #expect(throws: NetworkError.invalidWidths([3])) { try MLP.make(widths: [3], activation: .relu) }
    #expect(throws: NetworkError.invalidWidths([3, 0, 2])) { try MLP.make(widths: [3, 0, 2], activation: .relu) }
    #expect(throws: NetworkError.dropoutProbability(1)) { try MLP.make(widths: [2, 3, 2], activation: .relu, dropout: 1) }
  }
}
