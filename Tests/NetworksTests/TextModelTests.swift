import Foundation
import Randomness
import Testing
import Tensors
@testable import Autodiff
@testable import Networks

/// The text layers and models (NET-70 ... NET-76): whole-model gradient checks (NET-79), dropout
/// between LSTM layers, lengths from padding, names, taps and errors.
@Suite("Text layers and models")
struct TextModelTests {
  /// Token ids [3, 6] with trailing padding 0 (lengths 6, 3, 4) and no 0 inside a sentence.
  static let ids = try! Tensor(shape: [3, 6], scalars: [3, 1, 5, 7, 2, 6, 4, 4, 2, 0, 0, 0, 1, 7, 3, 5, 0, 0])

  /// Runs the full-Jacobian and direction checks on `inputs`, prints the worst error.
  func check(_ family: String, seed: UInt64, _ inputs: [Tensor], full: Bool = true, _ f: @escaping CheckedFunction) throws {
    let checker = GradientChecker()
    var worst = 0.0
    if full {
      let report = try checker.checkJacobian(inputs, f)
      #expect(report.passed, "\(family) seed \(seed) full Jacobian:\n\(report)")
      worst = report.maxError
    }
    let directions = try checker.checkDirections(inputs, trials: 6, seed: seed, f)
    #expect(directions.passed, "\(family) seed \(seed) directions:\n\(directions)")
    print("gradcheck family=\(family) seed=\(seed) worst=\(max(worst, directions.maxError))")
  }

  /// A context binding the checker's leaves to the network's parameter names.
  func context(
    _ network: Network, _ tape: Tape, _ v: [Variable], mode: ForwardContext.Mode = .evaluation, random: (any RandomSource)? = nil
  )
    throws -> ForwardContext
  {
    try ForwardContext(tape: tape, names: network.parameters.names, variables: v, mode: mode, random: random)
  }

  @Test(
    """
      [NET-79] [NET-73] a 2-layer bidirectional LSTM over unequal lengths: full Jacobian of outputs and final states w.r.t. the \
      input and every parameter
      """
  )
  func lstmLayer() throws {
    let seed: UInt64 = 5
    var g = Xoshiro256StarStar(seed: seed)
    let layer = try LSTM(inputSize: 2, hiddenSize: 2, layers: 2, bidirectional: true)
    let network = try Network(layer, using: &g)
    var d = Draw(seed: seed + 1)
    let x = d.uniform([3, 4, 2]), r = d.uniform([3, 4, 4]), rf = d.uniform([3, 2])
    try check("lstm-layer", seed: seed, [x] + network.parameters.values) { tape, v in
      let result = try layer.run(v[0], lengths: [4, 1, 3], context: try context(network, tape, Array(v[1...])))
      var loss = try result.output.multiplying(r).sum()
      for (i, final) in (result.finalHidden + result.finalCell).enumerated() {
        loss = try loss + final.multiplying(rf * Double(i + 1)).sum()
      }
      return loss
    }
  }

  static func bilstm(layers: Int) throws -> (BiLSTMClassifier, Network) {
    let layer = try BiLSTMClassifier(
      vocabulary: 8, embedding: 3, hidden: 2, layers: layers, dropout: 0.3, classifierHidden: 3, classes: 3)
    var g = Xoshiro256StarStar(seed: 17)
    return (layer, try Network(layer, using: &g))
  }

  @Test(
    """
      [NET-79] [NET-75] the BiLSTM classifier (2 layers): full Jacobian of the loss w.r.t. every parameter, in evaluation mode \
      and in training mode with a fixed dropout stream
      """,
        arguments: [ForwardContext.Mode.evaluation, .training])
  func bilstmClassifier(mode: ForwardContext.Mode) throws {
    let (_, network) = try Self.bilstm(layers: 2)
    let labels = [2, 0, 1]
    try check("bilstm-\(mode)", seed: 17, network.parameters.values, full: mode == .evaluation) { tape, v in
      let context = try context(network, tape, v, mode: mode, random: mode == .training ? Xoshiro256StarStar(seed: 18) : nil)
      return try Losses.crossEntropy(try network(tape.variable(Self.ids), context: context), labels: labels)
    }
  }

  @Test("[NET-79] [NET-76] Kim's CNN (widths 2, 3): full Jacobian of the loss w.r.t. every parameter")
  func kimCNN() throws {
    let layer = try KimCNN(
      vocabulary: 8, embedding: 3, widths: [2, 3], filters: 2, dropout: 0.4, hiddenWidths: [3], classes: 2, paddingIndex: nil)
    var g = Xoshiro256StarStar(seed: 23)
    let network = try Network(layer, using: &g)
    let labels = [1, 0, 1]
    try check("kim-cnn", seed: 23, network.parameters.values) { tape, v in
      try Losses.crossEntropy(try network(tape.variable(Self.ids), context: try context(network, tape, v)), labels: labels)
    }
  }

  @Test("[NET-70] the padding row starts at zero and gets no gradient, so an SGD step leaves it zero")
  func embeddingPaddingRow() throws {
    let (_, network) = try Self.bilstm(layers: 1)
    let weight = try network.parameters.value("embedding.weight")
    #expect(weight.scalars[0..<3].allSatisfy { $0 == 0 } && weight.scalars[3...].allSatisfy { $0 != 0 })
    let tape = Tape()
    let context = network.context(tape: tape, mode: .evaluation)
    let loss = try Losses.crossEntropy(try network(tape.variable(Self.ids), context: context), labels: [0, 1, 2])
    let gradient = try #require(try context.gradients(of: loss)["embedding.weight"])
    #expect(gradient.scalars[0..<3].allSatisfy { $0 == 0 } && gradient.scalars[3...].contains { $0 != 0 })
  }

  /// 24 sentences of up to 6 tokens from 1 ..< 8, padded with 0; label 1 when token 3 occurs.
  static func task() -> (Tensor, [Int]) {
    var d = Draw(seed: 31)
    var ids = Tensor.zeros([24, 6])
    var labels: [Int] = []
    for i in 0..<24 {
      let length = 2 + Int(d.generator.next() % 5)
      var sentence = (0..<length).map { _ in Double(1 + Int(d.generator.next() % 7)) }
      if i % 2 == 0 && !sentence.contains(3) { sentence[Int(d.generator.next() % UInt64(length))] = 3 }
      if i % 2 == 1 { sentence = sentence.map { $0 == 3 ? 4 : $0 } }
      for (t, token) in sentence.enumerated() { ids[flat: i * 6 + t] = token }
      labels.append(i % 2 == 0 ? 1 : 0)
    }
    return (ids, labels)
  }

  @Test(
    """
      [NET-75] [NET-76] the text models train with the existing trainer: the loss falls, the padding row stays exactly zero, \
      and a rerun is bit-identical
      """,
        arguments: ["bilstm", "kimcnn"])
  func training(model: String) throws {
    let (ids, labels) = Self.task()
    func run() throws -> (Network, TrainingHistory) {
      let layer: any Layer = model == "bilstm"
        ? try BiLSTMClassifier(vocabulary: 8, embedding: 4, hidden: 4, dropout: 0.2, classifierHidden: 4, classes: 2)
        : try KimCNN(vocabulary: 8, embedding: 4, widths: [2, 3], filters: 3, dropout: 0.2, classes: 2)
      var g = Xoshiro256StarStar(seed: 9)
      var network = try Network(layer, using: &g)
      var optimizer = try Adam(learningRate: 0.05)
      let history = try Trainer(epochs: 15, batchSize: 8).fit(
        &network, inputs: ids, objective: .crossEntropy(labels: labels), optimizer: &optimizer,
        random: &g)
      return (network, history)
    }
    let (a, historyA) = try run(), (b, historyB) = try run()
    #expect(a.parameters == b.parameters && historyA == historyB)
    print("text training \(model): losses \(historyA.losses)")
    #expect(historyA.losses.last! < 0.9 * historyA.losses.first!, "\(model): losses \(historyA.losses)")
    #expect(try a.parameters.value("embedding.weight").scalars[0..<4].allSatisfy { $0 == 0 })
  }

  @Test(
    """
      [NET-73] dropout acts between LSTM layers in training mode only, never on the last layer's output; layer taps are taken \
      before it
      """
  )
  func dropoutBetweenLayers() throws {
    var g = Xoshiro256StarStar(seed: 3)
    let layer = try LSTM(inputSize: 2, hiddenSize: 3, layers: 2, dropout: 0.5, bidirectional: true)
    let network = try Network(layer, using: &g)
    var d = Draw(seed: 4)
    let x = d.uniform([2, 5, 2])
    func pass(_ mode: ForwardContext.Mode, _ seed: UInt64) throws -> [String: Tensor] {
      let tape = Tape()
      let context = network.context(tape: tape, mode: mode, random: Xoshiro256StarStar(seed: seed))
      context.requestTaps(layer.tapNames)
      _ = try network(tape.variable(x), context: context)
      return context.tapValues.mapValues(\.value)
    }
    #expect(layer.tapNames == ["layer0", "final0", "layer1", "final1"])
    let evaluation = try pass(.evaluation, 1), training = try pass(.training, 1), again = try pass(.training, 1),
      other = try pass(.training, 2)
    #expect(evaluation["layer0"] == training["layer0"] && evaluation["final0"]?.shape == [2, 6])
    #expect(evaluation["layer1"] != training["layer1"])
    #expect(training["layer1"] == again["layer1"] && training["layer1"] != other["layer1"])
    // Without dropout, training equals evaluation.
    let plain = try LSTM(inputSize: 2, hiddenSize: 3, layers: 2, bidirectional: true)
    let tape = Tape()
    let a = try plain(
      tape.variable(x),
      context: ForwardContext(tape: tape, parameters: network.parameters, mode: .training, random: Xoshiro256StarStar(seed: 1)))
    #expect(a.value == evaluation["layer1"])
  }

  @Test("[NET-72] lengths from trailing padding; a row of padding only is refused; without a padding index every row is full")
  func lengths() throws {
    #expect(try sequenceLengths(Self.ids, paddingIndex: 0) == [6, 3, 4])
    #expect(try sequenceLengths(Self.ids, paddingIndex: nil) == [6, 6, 6])
    #expect(try sequenceLengths(try Tensor(shape: [1, 3], scalars: [0, 2, 0]), paddingIndex: 0) == [2])
    #expect(throws: NetworkError.self) { try sequenceLengths(try Tensor(shape: [1, 2], scalars: [0, 0]), paddingIndex: 0) }
    #expect(throws: NetworkError.inputRank(layer: "token ids", expected: 2, shape: [3])) {
      try sequenceLengths(Tensor([1, 2, 3]), paddingIndex: 0)
    }
    // Padding after a sentence changes nothing in the classifier's output.
    let (_, network) = try Self.bilstm(layers: 2)
    let short = try Tensor(shape: [1, 3], scalars: [4, 4, 2])
    let padded = try Tensor(shape: [1, 6], scalars: [4, 4, 2, 0, 0, 0])
    #expect(try network.predict(short) == network.predict(padded))
  }

  @Test(
    "[NET-71] [NET-75] [NET-76] torch's state_dict names and shapes; the named configurations; taps listed in recording order")
  func namesAndTaps() throws {
    let lstm = try LSTM(inputSize: 3, hiddenSize: 2, layers: 2, bias: false, bidirectional: true)
    #expect(lstm.parameterSpecs.map(\.name) == ["weight_ih_l0", "weight_hh_l0", "weight_ih_l0_reverse", "weight_hh_l0_reverse",
                                                "weight_ih_l1", "weight_hh_l1", "weight_ih_l1_reverse", "weight_hh_l1_reverse"])
    #expect(lstm.parameterSpecs[4].shape == [8, 4])
    let wallace = try BiLSTMClassifier.wallaceDkNN(vocabulary: 100, classes: 2)
    #expect(wallace.parameterSpecs.first { $0.name == "fc1.weight" }?.shape == [300, 600])
    #expect(wallace.parameterSpecs.contains { $0.name == "lstm.bias_hh_l2_reverse" })
    let seed000 = try BiLSTMClassifier.nnKNN(vocabulary: 100, classes: 5)
    #expect(seed000.parameterSpecs.first { $0.name == "fc1.weight" }?.shape == [64, 256])
    #expect(seed000.parameterSpecs.last?.shape == [5])
    let kim = try KimCNN.kim2014(vocabulary: 50, classes: 2)
    #expect(
      kim.parameterSpecs.map(\.name) == [
        "embedding.weight", "convs.0.weight", "convs.0.bias", "convs.1.weight", "convs.1.bias",
        "convs.2.weight", "convs.2.bias", "fc1.weight", "fc1.bias"
      ])
    #expect(kim.parameterSpecs[5].shape == [100, 300, 5])
    #expect(try KimCNN.wallaceDkNN(vocabulary: 50, classes: 2).tapNames
            == ["embedding", "convs.0", "convs.1", "convs.2", "features", "dropout", "fc1", "relu1", "fc2", "relu2", "fc3"])
    let (layer, network) = try Self.bilstm(layers: 2)
    #expect(
      layer.tapNames == [
        "embedding", "lstm.layer0", "lstm.final0", "lstm.layer1", "lstm.final1", "lstm", "features", "dropout", "fc1", "relu",
        "fc2"
      ])
    let features = try network.features(Self.ids, taps: [BiLSTMClassifier.featureTap])
    #expect(features[BiLSTMClassifier.featureTap]?.shape == [3, 4])
  }

  @Test("[NET-70] [NET-71] [NET-76] constructors and forward passes refuse bad sizes and inputs with typed errors")
  func errors() throws {
    #expect(throws: NetworkError.invalidWidths([0, 3])) { try Embedding(0, 3) }
    #expect(throws: NetworkError.invalidLayer(layer: "Embedding(4, 2)", reason: "padding index 4 is outside 0..<4")) {
      try Embedding(4, 2, paddingIndex: 4)
    }
    #expect(throws: NetworkError.dropoutProbability(1)) { try LSTM(inputSize: 2, hiddenSize: 2, dropout: 1) }
    #expect(throws: NetworkError.self) { try KimCNN(vocabulary: 5, embedding: 2, widths: [], filters: 1, dropout: 0, classes: 2) }
    var g = Xoshiro256StarStar(seed: 1)
    let lstm = try LSTM(inputSize: 2, hiddenSize: 2)
    let network = try Network(lstm, using: &g)
    #expect(throws: NetworkError.inputWidth(layer: lstm.description, expected: 2, got: 3)) {
      _ = try network.predict(Tensor.zeros([1, 2, 3]))
    }
    let (_, classifier) = try Self.bilstm(layers: 1)
    #expect(throws: NetworkError.self) { _ = try classifier.predict(try Tensor(shape: [1, 2], scalars: [9, 1])) }
  }
}
