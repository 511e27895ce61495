import Datasets
import Networks
import Randomness
import Tensors

/// The inputs the backbone sees (EBE-2): raw bytes divided by 255, then (x - mean_c) / std_c per
/// channel c, torchvision's `ToTensor` and `Normalize` with each data set's usual constants. The
/// companion PyTorch script (EBE-15) uses the same constants, so a backbone trained there sees
/// the same inputs here.
public struct ImageNormalization: Sendable, Equatable {
  public let mean: [Double]
  public let std: [Double]

  public init(mean: [Double], std: [Double]) throws(EBEDNNError) {
    guard !mean.isEmpty, mean.count == std.count, std.allSatisfy({ $0.isFinite && $0 > 0 }), mean.allSatisfy(\.isFinite) else {
      throw .invalidConfiguration("normalisation needs one finite mean and one positive std per channel, got \(mean) and \(std)")
    }
    (self.mean, self.std) = (mean, std)
  }

  private init(unchecked mean: [Double], _ std: [Double]) { (self.mean, self.std) = (mean, std) }

  public static let mnist = ImageNormalization(unchecked: [0.1307], [0.3081])
  public static let fashionMNIST = ImageNormalization(unchecked: [0.2860], [0.3530])
  public static let cifar10 = ImageNormalization(unchecked: [0.4914, 0.4822, 0.4465], [0.2470, 0.2435, 0.2616])

  /// The images of `data` as [n, C, H, W] (sample shape [H, W] is one channel; [C, H, W] as is).
  public func images(_ data: Dataset) throws(EBEDNNError) -> Tensor {
    let shape = data.sampleShape.count == 2 ? [1] + data.sampleShape : data.sampleShape
    guard shape.count == 3, shape[0] == mean.count else {
      throw .dimensionMismatch(
        what: "channels of \(data.name) (sample shape \(data.sampleShape)) against the normalisation", expected: mean.count,
        got: shape[0])
    }
    let plane = shape[1] * shape[2]
    var values = data.features.scalars
    for i in values.indices {
      let c = (i / plane) % shape[0]
      values[i] = (values[i] / 255 - mean[c]) / std[c]
    }
    return try liftTensor { () throws(TensorError) in try Tensor(shape: [data.count] + shape, scalars: values) }
  }
}

/// How the backbone is built and trained (EBE-1, EBE-8).
public struct BackboneConfiguration: Sendable, Equatable {
  /// Stage widths 64, 128, 256, 512 times this (NET-41).
  public var widthMultiplier: Double
  /// `.imageNet`: torchvision's resnet18 as it is (7x7 stride-2 stem and max-pool), the paper's
  /// "ResNet18"; `.smallImage`: the usual CIFAR variant (3x3 stride-1 stem, no max-pool).
  public var stem: ResNet.Stem
  public var epochs: Int
  public var batchSize: Int
  /// SGD (NET-13) with momentum and weight decay, the rate annealed by a cosine over the epochs
  /// (NET-43, CosineAnnealingLR(T_max = epochs), recursive form).
  public var learningRate: Double
  public var momentum: Double
  public var weightDecay: Double
  /// Random crop with this padding and horizontal flips (NET-44); nil: none (MNIST, Fashion-MNIST).
  public var augmentation: Augmentation?

  public init(widthMultiplier: Double = 1, stem: ResNet.Stem = .imageNet, epochs: Int = 1, batchSize: Int = 128,
    learningRate: Double = 0.05, momentum: Double = 0.9, weightDecay: Double = 5e-4, augmentation: Augmentation? = nil
  ) {
    self.widthMultiplier = widthMultiplier; self.stem = stem; self.epochs = epochs; self.batchSize = batchSize
    self.learningRate = learningRate; self.momentum = momentum; self.weightDecay = weightDecay; self.augmentation = augmentation
  }

  public var description: String {
    let width = widthMultiplier == 1 ? "full width" : "width x\(widthMultiplier)"
    return
      "ResNet18 (\(stem == .imageNet ? "torchvision stem" : "small-image stem"), \(width)), \(epochs) epoch(s), batch \(batchSize), "
      + """
        SGD lr \(learningRate) momentum \(momentum) weight decay \
        \(weightDecay)\(epochs > 1 ? ", cosine schedule over the epochs" : "")
        """
      + (augmentation.map { ", crop padding \($0.cropPadding ?? 0)\($0.horizontalFlip ? " and flips" : "")" } ?? "")
  }
}

/// The backbone: a torchvision ResNet18 trained on the task (EBE-1, EBE-8).
public enum Backbone {
  /// The architecture for images of `channels` channels and `classes` classes.
  public static func architecture(_ configuration: BackboneConfiguration, channels: Int, classes: Int) throws(EBEDNNError)
    -> ResNet
  {
    guard configuration.widthMultiplier.isFinite, configuration.widthMultiplier > 0, configuration.widthMultiplier <= 8 else {
      throw .invalidConfiguration("width multiplier \(configuration.widthMultiplier) must be in (0, 8]")
    }
    do {
      return try ResNet.resnet18(
        inputChannels: channels, classes: classes, widthMultiplier: configuration.widthMultiplier, stem: configuration.stem)
    } catch { throw .network(error) }
  }

  /// Trains a fresh ResNet18 on `images` [n, C, H, W] with `labels` (EBE-8). Parameters start
  /// from torchvision's initialisation (NET-42) drawn from `stream.child("init")`; the trainer's
  /// shuffles and augmentation draw from `stream.child("train")`. Deterministic: the same stream
  /// gives bit-identical weights. `onBatch` reports progress.
  public static func train(
    _ configuration: BackboneConfiguration, images: Tensor, labels: [Int], classes: Int, stream: SeedStream,
    onBatch: ((BatchProgress) -> Void)? = nil
  ) throws -> (network: Network, history: TrainingHistory) {
    guard images.rank == 4, images.shape[0] == labels.count, images.shape[0] >= 2 else {
      throw EBEDNNError.dimensionMismatch(
        what: "training images [n, C, H, W] with one label each (n >= 2)", expected: labels.count, got: images.shape.first ?? 0)
    }
    guard configuration.epochs >= 0, configuration.batchSize >= 2 else {
      throw EBEDNNError.invalidConfiguration(
        """
          epochs \(configuration.epochs) must be >= 0 and batch size \(configuration.batchSize) >= 2 (BatchNorm needs two \
          values per channel)
          """
      )
    }
    let layer = try architecture(configuration, channels: images.shape[1], classes: classes)
    var initial = stream.child("init").generator()
    var network = try Network(layer, using: &initial)
    var optimizer = try SGD(
      learningRate: configuration.learningRate, momentum: configuration.momentum, weightDecay: configuration.weightDecay)
    let trainer = try Trainer(epochs: configuration.epochs, batchSize: configuration.batchSize,
                              schedule: configuration.epochs > 1 ? .cosine(period: configuration.epochs) : nil,
                              augmentation: configuration.augmentation)
    var random = stream.child("train").generator()
    // A last batch of one example would make training-mode BatchNorm refuse it: drop such a
    // remainder by training on n - 1 rows when n = 1 (mod batch size).
    let n = images.shape[0]
    let usable = n % configuration.batchSize == 1 ? n - 1 : n
    let inputs = usable == n ? images : try liftTensor { () throws(TensorError) in try images.rows(0..<usable) }
    let history = try trainer.fit(&network, inputs: inputs, objective: .crossEntropy(labels: Array(labels[0..<usable])),
                                  optimizer: &optimizer, random: &random, onBatch: onBatch)
    return (network, history)
  }

  /// Multiply-adds of one forward pass of one image [channels, height, width] through the
  /// convolutions and fc of the architecture (batch norms, ReLUs and pooling, a few percent, left
  /// out): the measure by which paper scale projects the cost of full width (EBE-12). For a
  /// convolution, output height x output width x the weight's size.
  public static func multiplyAdds(
    widthMultiplier m: Double, stem: ResNet.Stem, channels: Int, height: Int, width: Int, classes: Int
  ) -> Double {
    let widths = (0..<4).map { Double(Swift.max(1, Int((Double(64 << $0) * m).rounded()))) }
    func out(_ n: Int, kernel: Int, stride: Int, padding: Int) -> Int { (n + 2 * padding - kernel) / stride + 1 }
    let (k, s, p) = stem == .imageNet ? (7, 2, 3) : (3, 1, 1)
    var (h, w) = (out(height, kernel: k, stride: s, padding: p), out(width, kernel: k, stride: s, padding: p))
    var total = Double(h * w) * widths[0] * Double(channels * k * k)
    if stem == .imageNet { (h, w) = (out(h, kernel: 3, stride: 2, padding: 1), out(w, kernel: 3, stride: 2, padding: 1)) }
    var inputs = widths[0]
    for stage in 0..<4 {
      for block in 0..<2 {
        let stride = stage > 0 && block == 0 ? 2 : 1
        (h, w) = (out(h, kernel: 3, stride: stride, padding: 1), out(w, kernel: 3, stride: stride, padding: 1))
        let plane = Double(h * w), planes = widths[stage]
        total += plane * planes * inputs * 9 + plane * planes * planes * 9
        if stride != 1 || inputs != planes { total += plane * planes * inputs }
        inputs = planes
      }
    }
    return total + inputs * Double(classes)
  }

  /// The backbone's own predictions: the class of the largest logit, the lowest class on ties
  /// (FOUND-4), from logits [n, classes] (EBE-10).
  public static func predictions(logits: Tensor) -> [Int] {
    let c = logits.shape.last ?? 1
    return (0..<(logits.count / Swift.max(c, 1))).map { row in
      var best = 0
      for j in 1..<Swift.max(c, 1) where logits.scalars[row * c + j] > logits.scalars[row * c + best] { best = j }
      return best
    }
  }
}
