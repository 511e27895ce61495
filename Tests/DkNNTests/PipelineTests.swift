import Datasets
import Evaluation
import Foundation
import Networks
import Randomness
import Tensors
import Testing
@testable import DkNN

/// Papernot's DkNN on images, end to end at smoke scale (DKNN-8, DKNN-9).
@Suite("DkNN: the MNIST pipeline at smoke scale")
struct PipelineTests {
  static let taps = ConvolutionalNetworks.papernotDkNNTaps

  static func images(_ data: Dataset, _ range: Range<Int>) throws -> Tensor {
    try Tensor(
      shape: [range.count, 1, 28, 28],
      scalars: Array(data.features.scalars[(range.lowerBound * 784)..<(range.upperBound * 784)]).map { $0 / 255 })
  }

  @Test("[DKNN-9] cleverhans initialisation: N(0, 1) weights scaled to unit norm per output unit, zero biases")
  func initialization() throws {
    var g = Xoshiro256StarStar(seed: 1)
    var network = try Network(try ConvolutionalNetworks.papernotMNIST(filters: 3), using: &g)
    let before = network.parameters
    try PapernotInitialization.pytorchDefault.apply(to: &network, using: &g)
    #expect(network.parameters == before)
    try PapernotInitialization.cleverhans.apply(to: &network, using: &g)
    for p in network.parameters.parameters {
      if p.name.hasSuffix("bias") { #expect(p.value.scalars.allSatisfy { $0 == 0 }, "\(p.name)"); continue }
      let units = p.value.shape[0], fan = p.value.count / units
      for u in 0..<units {
        let squares = (0..<fan).reduce(0.0) { $0 + p.value.scalars[u * fan + $1] * p.value.scalars[u * fan + $1] }
        #expect(abs(squares - 1) < 1e-6, "\(p.name) unit \(u): \(squares)")
      }
    }
  }

  @Test("[DKNN-8] streaming the training images in chunks gives the neighbours of the whole set (both spaces)")
  func streamedEqualsIndex() throws {
    var g = Xoshiro256StarStar(seed: 2)
    let network = try Network(try ConvolutionalNetworks.papernotMNIST(filters: 2), using: &g)
    let training = try Tensor(shape: [45, 1, 28, 28], scalars: (0..<(45 * 784)).map { _ in g.nextDouble() })
    let queries = try Tensor(shape: [6, 1, 28, 28], scalars: (0..<(6 * 784)).map { _ in g.nextDouble() })
    for space in RepresentationSpace.allCases {
      let streamed = try StreamedDkNN(network: network, layers: Self.taps, space: space, k: 5, batchSize: 7, chunkRows: 10)
      let transform = try streamed.transform(training: training)
      let found = try streamed.neighbors(training: training, transform: transform,
                                         queries: try streamed.representations(queries, transform: transform))
      let all = try LayerRepresentations.extract(network, inputs: training, layers: Self.taps, batchSize: 45)
      let index = try DkNNIndex(training: all, labels: Array(repeating: 0, count: 45), classes: 1, k: 5, space: space)
      let expected = try index.neighbors(
        try LayerRepresentations.extract(network, inputs: queries, layers: Self.taps, batchSize: 6))
      #expect(index.transform == transform, "\(space)")
      #expect(found == expected, "\(space)")
    }
  }

  @Test("[DKNN-8] smoke-scale pipeline on the shipped MNIST slice: train, FGSM, calibrate, predict")
  func smokePipeline() throws {
    let slice = try Dataset.mnist(train: true, limit: 240)
    let training = try Self.images(slice, 0..<200), test = try Self.images(slice, 200..<240)
    var g = Xoshiro256StarStar(seed: 3)
    var network = try Network(try ConvolutionalNetworks.papernotMNIST(filters: 4), using: &g)
    try PapernotInitialization.cleverhans.apply(to: &network, using: &g)
    var optimizer = try Adam(learningRate: 1e-2)
    let history = try Trainer(epochs: 2, batchSize: 50).fit(
      &network, inputs: training, objective: .crossEntropy(labels: Array(slice.labels[0..<200])),
      optimizer: &optimizer, random: &g)
    #expect(history.losses.count == 2 && history.losses[1] < history.losses[0])
    let calibration = try test.rows(0..<10), points = try test.rows(10..<40)
    let adversarial = try FGSM.perturb(network, inputs: points, epsilon: 0.25, batchSize: 16)
    let dknn = try StreamedDkNN(
      network: network, layers: Self.taps, space: .unitNormalizedCentered, k: 15, batchSize: 50, chunkRows: 64)
    let transform = try dknn.transform(training: training)
    var builder = RepresentationBuilder()
    for part in [calibration, points, adversarial] { try dknn.append(part, transform: transform, to: &builder) }
    let neighbors = try dknn.neighbors(training: training, transform: transform, queries: try builder.build())
    #expect(neighbors.queryCount == 70 && neighbors.lists.allSatisfy { $0.allSatisfy { $0.count == 15 } })
    let trainingLabels = Array(slice.labels[0..<200])
    let calibrationSet = try DkNNCalibration(
      neighbors: neighbors.queries(0..<10), calibrationLabels: Array(slice.labels[200..<210]),
      trainingLabels: trainingLabels, classes: 10)
    #expect(calibrationSet.scores.count == 10 && calibrationSet.scores.allSatisfy { $0 >= 0 && $0 <= 60 })
    for part in [neighbors.queries(10..<40), neighbors.queries(40..<70)] {
      let predictions = try CalibratedPrediction.predictions(
        part, trainingLabels: trainingLabels, classes: 10, calibration: calibrationSet)
      #expect(predictions.count == 30)
      for p in predictions {
        #expect(
          p.pValues.allSatisfy { $0 >= 0 && $0 <= 1 } && p.credibility == p.pValues.max()! && p.confidence >= 0
            && p.confidence <= 1)
      }
    }
    let clean = try CalibratedPrediction.predictions(
      neighbors.queries(10..<40), trainingLabels: trainingLabels, classes: 10, calibration: calibrationSet)
    let right = zip(clean, slice.labels[210..<240]).filter { $0.label == $1 }.count
    #expect(right >= 9, "DkNN got \(right) of 30 right after two epochs on 200 images")
  }
}

@Suite("DkNN: the dknn-mnist protocol")
struct MNISTProtocolTests {
  @Test("[REPRO-50] the scales: paper is the script's protocol on full MNIST; default and smoke run on the shipped slice")
  func scales() {
    let paper = DkNNMNISTConfiguration.forScale(.paper)
    #expect(paper.epochs == 6 && paper.batchSize == 500 && paper.learningRate == 1e-3 && paper.filters == 64)
    #expect(paper.calibrationCount == 750 && paper.k == 75 && paper.epsilon == 0.25 && paper.requiresFullMNIST)
    #expect(
      paper.layers == ConvolutionalNetworks.papernotDkNNTaps && paper.space == .unitNormalizedCentered
        && paper.trimming == .keepZeros)
    #expect(paper.initialization == .cleverhans && paper.trainingLimit == nil && paper.testLimit == nil)
    let standard = DkNNMNISTConfiguration.forScale(.default)
    #expect(
      !standard.requiresFullMNIST && standard.trainingLimit == 5_000 && standard.testLimit == 1_000
        && standard.calibrationCount == 75)
    #expect(standard.epochs == 6 && standard.filters == 64)
    let smoke = DkNNMNISTConfiguration.forScale(.smoke)
    #expect(!smoke.requiresFullMNIST && smoke.epochs == 1 && smoke.filters == 16 && smoke.calibrationCount == 15)
  }
}
