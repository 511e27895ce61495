import Evaluation

/// One condition of Experiment 2 (ABS-20): the activation of both layers and whether the first
/// layer's bias is sampled from the data (ABS-23).
public struct NetworkCondition: Sendable, Equatable, Hashable, CustomStringConvertible {
  public var activation: NodeActivation
  public var biasSampling: Bool
  public init(_ activation: NodeActivation, biasSampling: Bool) {
    self.activation = activation
    self.biasSampling = biasSampling
  }
  /// "ReLU", "ReLU + bias sampling", "Abs", "Abs + bias sampling": Table 5's columns.
  public var description: String { "\(activation)" + (biasSampling ? " + bias sampling" : "") }
  /// A name for random streams and files.
  public var slug: String { activation.rawValue + (biasSampling ? "-sampled" : "") }
  /// The four conditions in Table 5's column order.
  public static let all: [NetworkCondition] = [.init(.relu, biasSampling: false), .init(.relu, biasSampling: true),
                                               .init(.abs, biasSampling: false), .init(.abs, biasSampling: true)]
}

/// The configuration of Experiment 2 (Table 4 of seed 003, ABS-20); `abs-table4` prints it.
public struct Experiment2Configuration: Sendable, Equatable {
  public var conditions: [NetworkCondition] = NetworkCondition.all
  public var lossName = "CrossEntropyLoss (mean over the batch) on the negated output activation"
  public var optimizerName = "SGD (torch update rule, NET-13)"
  public var weightInitializationName = "He (Kaiming) normal, fan-in, gain sqrt(2) (torch nonlinearity 'relu'), both layers"
  public var biasInitializationName = "zero; with bias sampling, first layer b = -W z for one random normalised training image z"
  public var epochs = 50
  public var learningRate = 0.001
  public var momentum = 0.9
  public var batchSize = 64
  public var inputWidth = 784
  public var hiddenWidth = 128
  public var classCount = 10
  public var modelsPerCondition = 10
  /// Pixel normalisation after scaling to [0, 1]: (x - mean) / std (torchvision's MNIST values).
  public var pixelMean = 0.1307
  public var pixelStd = 0.3081
  /// Training and test images used (nil: all the data set has).
  public var trainingLimit: Int? = nil
  public var testLimit: Int? = nil
  /// True when the full MNIST (60,000 / 10,000) is required (paper scale).
  public var requiresFullMNIST = true
  /// k-means comparison (ABS-27): centroids per class and Lloyd iterations at most.
  public var kMeansPerClass = 10
  public var kMeansIterations = 100

  public init() {}

  /// The paper's protocol: 10 models x 4 conditions x 50 epochs on full MNIST.
  public static let paper = Experiment2Configuration()

  /// The configuration of a scale (REPRO-25): paper as above; default 10 models x 10 epochs on
  /// the shipped slice (5,000 training, 1,000 test images); smoke 2 models x 1 epoch on 1,000
  /// training and 200 test images of the slice, k-means with 2 centroids per class.
  public static func forScale(_ scale: Scale) -> Experiment2Configuration {
    var c = Experiment2Configuration.paper
    switch scale {
    case .paper: break
    case .default:
      c.epochs = 10
      c.trainingLimit = 5000
      c.testLimit = 1000
      c.requiresFullMNIST = false
    case .smoke:
      c.epochs = 1
      c.modelsPerCondition = 2
      c.trainingLimit = 1000
      c.testLimit = 200
      c.kMeansPerClass = 2
      c.kMeansIterations = 10
      c.requiresFullMNIST = false
    }
    return c
  }

  /// Domain checks (ABS-7).
  public func validate() throws(AbsMahalanobisError) {
    guard epochs >= 1, batchSize >= 1, modelsPerCondition >= 1 else {
      throw .invalidConfiguration("""
        epochs \(epochs), batchSize \(batchSize), modelsPerCondition \(modelsPerCondition) must be \
        >= 1
        """)
    }
    guard hiddenWidth >= 1, inputWidth >= 1, classCount >= 2 else {
      throw .invalidConfiguration("widths \(inputWidth)-\(hiddenWidth)-\(classCount): need >= 1 and >= 2 classes")
    }
    guard learningRate.isFinite, learningRate >= 0, momentum.isFinite, momentum >= 0 else {
      throw .invalidConfiguration("learningRate \(learningRate) and momentum \(momentum) must be finite and >= 0")
    }
    guard pixelStd.isFinite, pixelStd > 0, pixelMean.isFinite else {
      throw .invalidConfiguration("pixel normalisation (\(pixelMean), \(pixelStd)) needs a finite mean and std > 0")
    }
    guard kMeansPerClass >= 1, kMeansIterations >= 1 else {
      throw .invalidConfiguration("k-means needs k >= 1 and iterations >= 1")
    }
  }
}
