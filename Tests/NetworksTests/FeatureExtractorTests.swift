import Foundation
import Randomness
import Testing
import Tensors
@testable import Autodiff
@testable import Networks

/// Feature extractors cut from the papers' classifiers (NET-121 ... NET-124).
@Suite("Feature extractors")
struct FeatureExtractorTests {
  @Test("[NET-121] Unflatten: rows [N, C H W] -> [N, C, H, W] row-major, gradient reshaped back; a wrong width is refused")
  func unflatten() throws {
    let layer = try Unflatten([2, 3, 2])
    var d = Draw(seed: 1)
    let x = d.uniform([2, 12])
    let tape = Tape()
    let leaf = tape.variable(x, name: "x")
    let y = try layer(leaf, context: ForwardContext(tape: tape, parameters: try ParameterStore([]), mode: .training))
    #expect(y.shape == [2, 2, 3, 2] && y.value.scalars == x.scalars)
    let report = try GradientChecker().checkJacobian([x]) { tape, leaves in
      try layer(leaves[0], context: ForwardContext(tape: tape, parameters: try ParameterStore([]), mode: .training))
    }
    #expect(report.passed, "\(report)")
    #expect(throws: NetworkError.self) {
      _ = try layer(
        tape.variable(d.uniform([2, 11]), name: "x"),
        context: ForwardContext(tape: tape, parameters: try ParameterStore([]), mode: .training))
    }
    #expect(throws: NetworkError.self) { try Unflatten([2, 0]) }
  }

  @Test("""
    [NET-122] [NET-124] the ConvNet on rows equals the ConvNet on images; its prefix through relu3 with the trained values \
    (restricted) gives the classifier's relu3 tap
    """)
  func convNetExtractor() throws {
    var g = Xoshiro256StarStar(seed: 2)
    let onRows = try Network(
      try ConvolutionalNetworks.convNetOnRows(inputChannels: 1, imageSize: (8, 8), classes: 4, widths: (2, 3, 5)),
      using: &g)
    #expect(onRows.parameters.names == ["conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "fc1.weight", "fc1.bias",
                                        "fc2.weight", "fc2.bias"])
    let onImages = try Network(
      try ConvolutionalNetworks.convNet(inputChannels: 1, imageSize: (8, 8), classes: 4, widths: (2, 3, 5)),
      parameters: onRows.parameters)
    var d = Draw(seed: 3)
    let rows = d.uniform([3, 64])
    #expect(try onRows.predict(rows) == onImages.predict(try rows.reshaped([3, 1, 8, 8])))
    let extractorLayer = try ConvolutionalNetworks.featureExtractor(inputChannels: 1, imageSize: (8, 8), widths: (2, 3, 5))
    let extractor = try onRows.restricted(to: extractorLayer)
    #expect(extractor.parameters.names == Array(onRows.parameters.names.prefix(6)))
    let tap = try onRows.features(rows, taps: [ConvolutionalNetworks.convNetFeatureTap])
    #expect(try extractor.predict(rows) == tap[ConvolutionalNetworks.convNetFeatureTap])
    #expect(throws: NetworkError.self) { try (try ConvolutionalNetworks.convNet()).prefix(through: "fc9") }
    // A network lacking a parameter of the layer asked for is refused by name.
    #expect(throws: NetworkError.self) {
      try extractor.restricted(
        to: try ConvolutionalNetworks.convNetOnRows(inputChannels: 1, imageSize: (8, 8), classes: 4, widths: (2, 3, 5)))
    }
  }

  @Test("[NET-123] BiLSTMFeatures: the classifier's embedding and LSTM, same names, output = the classifier's features tap")
  func biLSTMFeatures() throws {
    var g = Xoshiro256StarStar(seed: 4)
    let classifier = try BiLSTMClassifier(vocabulary: 9, embedding: 4, hidden: 3, classifierHidden: 5, classes: 2)
    let network = try Network(classifier, using: &g)
    let extractor = try network.restricted(to: classifier.featureExtractor)
    #expect(extractor.parameters.names == network.parameters.names.filter { $0.hasPrefix("embedding.") || $0.hasPrefix("lstm.") })
    #expect(classifier.featureExtractor.width == 6)
    let ids = try Tensor(shape: [2, 4], scalars: [1, 5, 7, 0, 3, 2, 8, 4])
    let tap = try network.features(ids, taps: [BiLSTMClassifier.featureTap])
    #expect(try extractor.predict(ids) == tap[BiLSTMClassifier.featureTap])
    #expect(try extractor.predict(ids).shape == [2, 6])
  }
}
