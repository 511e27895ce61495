import Randomness
import Testing
import Tensors
@testable import Autodiff
@testable import Networks

/// A training pass must free its tape once the caller lets go of it (FOUND-64): a VJP closure
/// that captures a Variable would keep the tape, every forward value and every closure alive, a
/// leak of one whole pass per training step (the 3-layer BiLSTM once grew by about 500 MiB a step
/// this way, through `concatenate`).
@Suite("Tape release after a training pass")
struct TapeReleaseTests {
  static let ids = try! Tensor(shape: [3, 6], scalars: [3, 1, 5, 7, 2, 6, 4, 4, 2, 0, 0, 0, 1, 7, 3, 5, 0, 0])

  /// Runs forward, cross-entropy and backward in training mode (dropout on, BatchNorm on batch
  /// statistics) and reports whether the tape and the context were freed afterwards.
  static func passFreesTape(_ layer: any Layer, input: Tensor, labels: [Int]) throws -> (tape: Bool, context: Bool) {
    var generator = Xoshiro256StarStar(seed: 64)
    let network = try Network(layer, using: &generator)
    weak var tapeAfter: Tape?
    weak var contextAfter: ForwardContext?
    try { () throws in
      let tape = Tape()
      let context = network.context(tape: tape, mode: .training, random: Xoshiro256StarStar(seed: 65))
      tapeAfter = tape
      contextAfter = context
      let loss = try Losses.crossEntropy(try network(tape.variable(input), context: context), labels: labels)
      let gradients = try context.gradients(of: loss)
      #expect(!gradients.names.isEmpty)
    }()
    return (tapeAfter == nil, contextAfter == nil)
  }

  static func image(_ shape: [Int]) -> Tensor {
    var d = Draw(seed: 66)
    return d.uniform(shape)
  }

  @Test("[FOUND-64] BiLSTM classifier (2 bidirectional layers, padded batch): tape and context freed")
  func bilstm() throws {
    let layer = try BiLSTMClassifier(
      vocabulary: 8, embedding: 3, hidden: 2, layers: 2, dropout: 0.3, classifierHidden: 3, classes: 3)
    let freed = try Self.passFreesTape(layer, input: Self.ids, labels: [2, 0, 1])
    #expect(freed.tape && freed.context, "\(freed)")
  }

  @Test("[FOUND-64] Kim's CNN: tape and context freed")
  func kimCNN() throws {
    let layer = try KimCNN(
      vocabulary: 8, embedding: 3, widths: [2, 3], filters: 2, dropout: 0.4, hiddenWidths: [3], classes: 2, paddingIndex: nil)
    let freed = try Self.passFreesTape(layer, input: Self.ids, labels: [1, 0, 1])
    #expect(freed.tape && freed.context, "\(freed)")
  }

  @Test("[FOUND-64] ResNet18 (width 1/16, small-image stem, BatchNorm in training mode): tape and context freed")
  func resnet18() throws {
    let layer = try ResNet.resnet18(classes: 3, widthMultiplier: 1.0 / 16, stem: .smallImage)
    let freed = try Self.passFreesTape(layer, input: Self.image([2, 3, 8, 8]), labels: [0, 2])
    #expect(freed.tape && freed.context, "\(freed)")
  }

  @Test("[FOUND-64] seed 000's ConvNet and Papernot's CNN: tape and context freed")
  func smallConvNets() throws {
    let convNet = try ConvolutionalNetworks.convNet(inputChannels: 1, imageSize: (8, 8), classes: 2, widths: (2, 3, 4))
    let convNetFreed = try Self.passFreesTape(convNet, input: Self.image([2, 1, 8, 8]), labels: [1, 0])
    #expect(convNetFreed.tape && convNetFreed.context, "\(convNetFreed)")
    let papernot = try ConvolutionalNetworks.papernotMNIST(filters: 2, classes: 2)
    let papernotFreed = try Self.passFreesTape(papernot, input: Self.image([2, 1, 28, 28]), labels: [0, 1])
    #expect(papernotFreed.tape && papernotFreed.context, "\(papernotFreed)")
  }
}
