import Datasets
import Foundation
import Networks
import Randomness
import Tensors
import Testing
@testable import EBEDNN

/// A tiny image data set (16 x 16, one channel, 3 classes) whose classes differ by where the
/// bright square is, from a seed.
func tinyImages(_ n: Int, seed: UInt64, name: String) throws -> Dataset {
  var g = Xoshiro256StarStar(seed: seed)
  var features = Tensor.zeros([n, 256])
  var labels: [Int] = []
  for i in 0..<n {
    let label = i % 3
    labels.append(label)
    for p in 0..<256 { features[flat: i * 256 + p] = (g.nextDouble() * 60).rounded() }
    let (top, left) = (2 + 4 * label + Int(g.nextDouble() * 3), 3 + Int(g.nextDouble() * 6))
    for y in top..<(top + 4) { for x in left..<(left + 4) { features[flat: i * 256 + y * 16 + x] = 255 } }
  }
  return try Dataset(
    name: name, features: features, labels: labels, classNames: ["top", "middle", "bottom"], sampleShape: [16, 16])
}

@Suite("EBE-DNN: taps, embeddings and the experiment")
struct EBEExperimentTests {
  static func network(_ stem: ResNet.Stem, width: Double = 1.0 / 16, channels: Int = 1) throws -> Network {
    var g = Xoshiro256StarStar(seed: 5)
    return try Network(try ResNet.resnet18(inputChannels: channels, classes: 3, widthMultiplier: width, stem: stem), using: &g)
  }

  @Test(
    """
      [EBE-1] the backbone: stage widths 64 2^s m rounded, C input channels, 10 classes; feature maps 7, 7, 4, 2, 1 on 28 x 28 \
      and 8, 8, 4, 2, 1 on 32 x 32
      """
  )
  func backboneArchitecture() throws {
    for (channels, size, sides) in [(1, 28, [7, 7, 4, 2, 1]), (3, 32, [8, 8, 4, 2, 1])] {
      let layer = try Backbone.architecture(BackboneConfiguration(widthMultiplier: 1.0 / 8), channels: channels, classes: 10)
      #expect(
        layer.stem == .imageNet && layer.widths == [8, 16, 32, 64] && layer.inputChannels == channels && layer.classes == 10)
      var g = Xoshiro256StarStar(seed: 9)
      let network = try Network(layer, using: &g)
      let maps = try network.features(
        Tensor.zeros([1, channels, size, size]), taps: ["maxpool", "layer1", "layer2", "layer3", "layer4", "fc"])
      #expect(["maxpool", "layer1", "layer2", "layer3", "layer4"].map { maps[$0]!.shape[2] } == sides, "\(size) x \(size)")
      #expect(["maxpool", "layer1", "layer2", "layer3", "layer4"].map { maps[$0]!.shape[1] } == [8, 8, 16, 32, 64])
      #expect(maps["fc"]!.shape == [1, 10])
    }
    let small = try Backbone.architecture(
      BackboneConfiguration(widthMultiplier: 1.0 / 64, stem: .smallImage), channels: 3, classes: 10)
    #expect(small.stem == .smallImage && small.widths == [1, 2, 4, 8], "rounded, at least 1")
    #expect(
      try Backbone.architecture(BackboneConfiguration(widthMultiplier: 0.3), channels: 1, classes: 10).widths == [19, 38, 77, 154]
    )
    for bad in [0, -1, Double.nan, 9] {
      #expect(throws: EBEDNNError.self, "width multiplier \(bad)") {
        try Backbone.architecture(BackboneConfiguration(widthMultiplier: bad), channels: 1, classes: 10)
      }
    }
  }

  @Test("[EBE-3] candidate taps: the stem, every block, avgpool and fc, in the model's recording order")
  func tapsInOrder() throws {
    for (stem, first) in [(ResNet.Stem.imageNet, "maxpool"), (.smallImage, "relu")] {
      let network = try Self.network(stem)
      let taps = EmbeddingTaps.candidates(of: network)
      #expect(
        taps == [first, "layer1.0", "layer1", "layer2.0", "layer2", "layer3.0", "layer3", "layer4.0", "layer4", "avgpool", "fc"])
      let positions = taps.map { network.tapNames.firstIndex(of: $0)! }
      #expect(positions == positions.sorted(), "a subsequence of the recording order")
      #expect(EmbeddingTaps.candidates(of: network, selection: .all) == network.tapNames)
      #expect(throws: EBEDNNError.self) { try EmbeddingTaps.validate(["layer1.1"], of: network) }
    }
  }

  @Test("[EBE-4] embeddings: flattened or globally average-pooled, the same whatever the batch size")
  func embeddings() throws {
    let network = try Self.network(.imageNet)
    let data = try tinyImages(7, seed: 3, name: "tiny")
    let images = try ImageNormalization.mnist.images(data)
    let whole = try EmbeddingTaps.embed(network, inputs: images, taps: ["layer1", "fc"], batchSize: 7)
    let pieces = try EmbeddingTaps.embed(network, inputs: images, taps: ["layer1", "fc"], batchSize: 3)
    #expect(whole == pieces, "row results do not depend on the batch")
    let raw = try network.features(images, taps: ["layer1"])["layer1"]!
    #expect(whole["layer1"]! == (try raw.reshaped([7, raw.count / 7])))
    let pooled = try EmbeddingTaps.embed(network, inputs: images, taps: ["layer1"], reduction: .globalAveragePool)["layer1"]!
    let (c, plane) = (raw.shape[1], raw.shape[2] * raw.shape[3])
    #expect(pooled.shape == [7, c])
    for row in 0..<(7 * c) {
      var sum = 0.0
      for i in 0..<plane { sum += raw.scalars[row * plane + i] }
      #expect(pooled.scalars[row] == sum / Double(plane))
    }
    #expect(try EmbeddingTaps.embed(network, inputs: images, taps: ["fc"], reduction: .globalAveragePool)["fc"]! == whole["fc"]!)
  }

  @Test("[EBE-2] inputs: bytes / 255, then (x - mean) / std per channel, channel-major")
  func normalisation() throws {
    let data = try Dataset(
      name: "rgb", features: try Tensor(shape: [1, 12], scalars: (0..<12).map { Double($0 * 20) }), labels: [0],
      classNames: ["a"], sampleShape: [3, 2, 2])
    let images = try ImageNormalization.cifar10.images(data)
    #expect(images.shape == [1, 3, 2, 2])
    #expect(images.scalars[5] == (100.0 / 255 - 0.4822) / 0.2435)
    #expect(throws: EBEDNNError.self) { try ImageNormalization.mnist.images(data) }
  }

  static func smallRun(testLabels permutation: [Int]? = nil) throws -> EBERun {
    let training = try tinyImages(60, seed: 1, name: "tiny train")
    var test = try tinyImages(21, seed: 2, name: "tiny test")
    if let permutation {
      test = try Dataset(
        name: test.name, features: test.features, labels: permutation.map { test.labels[$0] }, classNames: test.classNames,
        sampleShape: test.sampleShape)
    }
    var settings = EBESettings(validationCount: 12)
    settings.kValues = [1, 3, 10]
    settings.blockSize = 17
    settings.figureQueries = 3
    settings.figureNeighbours = 4
    let backbone = BackboneConfiguration(widthMultiplier: 1.0 / 16, epochs: 1, batchSize: 16)
    return try EBEExperiment.run(
      training: training, test: test, normalization: .mnist, backbone: .train(backbone), settings: settings,
      stream: SeedStream(seed: 9))
  }

  @Test(
    """
      [EBE-9] [EBE-10] the layer choice never looks at the test labels: permuting them changes no choice and no validation \
      accuracy
      """
  )
  func choiceIgnoresTestLabels() throws {
    let run = try Self.smallRun()
    var g = Xoshiro256StarStar(seed: 4)
    let permuted = try Self.smallRun(testLabels: Shuffling.permutation(21, using: &g))
    #expect(run.chosenTap == permuted.chosenTap)
    #expect(run.taps.map(\.validationAccuracy) == permuted.taps.map(\.validationAccuracy))
    #expect(
      run.taps.map { $0.testAccuracy[10] } != permuted.taps.map { $0.testAccuracy[10] }, "the test accuracies do see the labels")
    #expect(run.trainingCount == 48 && run.validationCount == 12 && run.testCount == 21)
    #expect(
      run.taps.map(\.tap) == [
        "maxpool", "layer1.0", "layer1", "layer2.0", "layer2", "layer3.0", "layer3", "layer4.0", "layer4", "avgpool", "fc"
      ])
    let best = run.taps.filter { $0.testAccuracy[10]!.value == run.taps.map { $0.testAccuracy[10]!.value }.max() }.first!
    #expect(run.bestTap == best.tap, "the best tap in hindsight is the first of highest test accuracy")
    for tap in run.taps { #expect(tap.meanConcentration == [1: 1, 3: 3, 10: 10]) }
    #expect(run.figureTaps == ["maxpool", "layer2", "avgpool"])
  }

  @Test("[EBE-11] a loaded backbone serves the experiment untrained; one of other classes or channels is refused naming its file")
  func loadedBackbone() throws {
    let training = try tinyImages(40, seed: 1, name: "tiny train"), test = try tinyImages(9, seed: 2, name: "tiny test")
    var settings = EBESettings(validationCount: 5)
    settings.kValues = [1, 3]
    settings.k = 3
    settings.figureNeighbours = 3
    let network = try Self.network(.imageNet, width: 1.0 / 32)
    let run = try EBEExperiment.run(training: training, test: test, normalization: .mnist,
      backbone: .loaded(LoadedBackbone(network: network, metadata: ["dataset": "mnist"], path: "given.safetensors")),
      settings: settings, stream: SeedStream(seed: 1))
    #expect(run.trainedWith == nil && run.losses.isEmpty && run.backbone.hasSuffix("loaded from given.safetensors"))
    var g = Xoshiro256StarStar(seed: 5)
    let other = try Network(try ResNet.resnet18(inputChannels: 1, classes: 4, widthMultiplier: 1.0 / 32), using: &g)
    do {
      _ = try EBEExperiment.run(training: training, test: test, normalization: .mnist,
        backbone: .loaded(LoadedBackbone(network: other, metadata: [:], path: "other.safetensors")), settings: settings,
        stream: SeedStream(seed: 1))
      Issue.record("a 4-class backbone served 3 classes")
    } catch { #expect("\(error)".contains("other.safetensors") && "\(error)".contains("4 classes"), "\(error)") }
  }

  @Test("[EBE-9] the validation split is a seeded permutation's first entries, disjoint from the rest")
  func split() throws {
    let (training, validation) = try LayerChoice.split(count: 50, validationCount: 7, stream: SeedStream(seed: 3))
    #expect(validation.count == 7 && training.count == 43 && Set(training + validation) == Set(0..<50))
    #expect(try LayerChoice.split(count: 50, validationCount: 7, stream: SeedStream(seed: 3)).validation == validation)
    #expect(try LayerChoice.choose(taps: ["a", "b", "c"], validationAccuracy: ["a": 0.5, "b": 0.7, "c": 0.7]) == "b")
    #expect(throws: EBEDNNError.self) { try LayerChoice.split(count: 5, validationCount: 4, stream: SeedStream(seed: 1)) }
  }

  @Test("[EBE-14] [DATA-60] [DATA-62] the figure's PNGs decode with the project's own inflater to the pixels shown")
  func figureImages() throws {
    let run = try Self.smallRun()
    let (svg, images) = try NeighboursFigure.svg(run)
    let uris = svg.components(separatedBy: "href=\"data:image/png;base64,").dropFirst().map { String($0.prefix { $0 != "\"" }) }
    #expect(uris.count == images.count && uris.count == run.figure.count * (1 + 3 * 4))
    var expected: [[UInt8]] = []
    for query in run.figure {
      expected.append(run.testImages.features.row(query.testIndex).map { UInt8($0) })
      for tap in run.figureTaps {
        for index in query.neighbours[tap]! { expected.append(run.trainingImages.features.row(index).map { UInt8($0) }) }
      }
    }
    for (uri, pixels) in zip(uris, expected) {
      let png = try PNGImage.decode(Array(Data(base64Encoded: uri)!))
      #expect(png.width == 16 && png.height == 16 && png.channels == 1 && png.pixels == pixels)
    }
    let wrong = run.figure.reduce(0) { total, q in
      total + run.figureTaps.reduce(0) { $0 + q.neighbours[$1]!.filter { run.trainingImages.labels[$0] != q.label }.count }
    }
    #expect(svg.components(separatedBy: "stroke=\"#d62728\"").count - 1 == wrong, "every wrong-class neighbour is framed")
  }

  @Test("[EBE-12] multiply-adds per image equal the counts PyTorch forward hooks give (ResNet18 at 224 x 224: 1,814,073,344)")
  func multiplyAdds() {
    // Counted by hooks on the companion script's ResNet18 (conv: output size x in x kH x kW; fc: in x out).
    #expect(
      Backbone.multiplyAdds(widthMultiplier: 1, stem: .imageNet, channels: 3, height: 224, width: 224, classes: 1000)
        == 1_814_073_344)
    #expect(
      Backbone.multiplyAdds(widthMultiplier: 0.25, stem: .imageNet, channels: 1, height: 28, width: 28, classes: 10) == 2_179_392)
    #expect(
      Backbone.multiplyAdds(widthMultiplier: 1, stem: .imageNet, channels: 1, height: 28, width: 28, classes: 10) == 33_010_944)
    #expect(
      Backbone.multiplyAdds(widthMultiplier: 0.5, stem: .smallImage, channels: 3, height: 32, width: 32, classes: 10)
        == 139_299_328)
  }

  @Test("[EBE-8] backbone training is a function of the stream: the same seed gives bit-identical weights")
  func deterministicTraining() throws {
    let data = try tinyImages(20, seed: 8, name: "tiny")
    let images = try ImageNormalization.mnist.images(data)
    let configuration = BackboneConfiguration(widthMultiplier: 1.0 / 32, epochs: 2, batchSize: 8)
    let a = try Backbone.train(configuration, images: images, labels: data.labels, classes: 3, stream: SeedStream(seed: 2))
    let b = try Backbone.train(configuration, images: images, labels: data.labels, classes: 3, stream: SeedStream(seed: 2))
    let c = try Backbone.train(configuration, images: images, labels: data.labels, classes: 3, stream: SeedStream(seed: 3))
    #expect(
      a.network.parameters == b.network.parameters && a.network.buffers == b.network.buffers
        && a.history.losses == b.history.losses)
    #expect(a.network.parameters != c.network.parameters)
    #expect(a.history.losses.count == 2 && a.history.losses.allSatisfy(\.isFinite))
  }
}
