import Evaluation

/// The protocol of seed 000's image experiments as run here (NNKNN-24): what each scale trains.
/// The paper gives the architecture, w = 1, k = 20 and the sampled counts; the authors' code the
/// learning rates (NNKNN-11). Epochs, batch sizes and the kNN baseline's k are stated by neither:
/// the values below are our choices, named in every report.
public struct ImageSetting: Sendable, Equatable {
  /// Images used from each split (nil: all).
  public var trainingLimit: Int?
  public var testLimit: Int?
  /// Channels of conv1, conv2 and the fc1 width (32, 64, 128 in the paper).
  public var widths: (Int, Int, Int)
  /// The ConvNet baseline (and the Pre-Conv extractors' pretraining): Adam, epochs, batch.
  public var convNetEpochs: Int
  public var convNetLearningRate: Double
  /// NN-kNN (joint and frozen): epochs; batch and rates of `NNkNNOptimizerSettings.codeLargeData`.
  public var nnknnEpochs: Int
  public var batchSize: Int
  /// The two sampled-case counts of the joint rows (500 and 2,000 in the paper).
  public var sampledCases: [Int]
  /// The k that sets B (20 in the paper) and the k of the kNN baselines.
  public var k: Int
  public var knnK: Int
  /// Queries per evaluation batch (each batch draws its own sampled cases).
  public var evaluationBatch: Int

  public static func == (a: Self, b: Self) -> Bool {
    a.trainingLimit == b.trainingLimit && a.testLimit == b.testLimit && a.widths == b.widths
      && a.convNetEpochs == b.convNetEpochs && a.convNetLearningRate == b.convNetLearningRate && a.nnknnEpochs == b.nnknnEpochs
      && a.batchSize == b.batchSize && a.sampledCases == b.sampledCases && a.k == b.k && a.knnK == b.knnK
      && a.evaluationBatch == b.evaluationBatch
  }

  /// Paper scale: the paper's model and counts on every image; 20 epochs for each model (our choice).
  public static let paper = ImageSetting(trainingLimit: nil, testLimit: nil, widths: (32, 64, 128), convNetEpochs: 20,
                                         convNetLearningRate: 1e-3, nnknnEpochs: 20, batchSize: 100, sampledCases: [500, 2000],
                                         k: 20, knnK: 5, evaluationBatch: 100)

  /// A scale of both image tables: paper as above; default the first
  /// 2,000 training and 500 test images, a ConvNet of widths 8, 16, 32, 4 epochs (the sampled
  /// counts stay 500 and 2,000); smoke 300 and 100 images, widths 4, 8, 16, 1 epoch, 50 and 100 cases.
  public static func of(_ scale: Scale) -> ImageSetting {
    var s = paper
    switch scale {
    case .paper: break
    case .default:
      s.trainingLimit = 2_000; s.testLimit = 500; s.widths = (8, 16, 32); s.convNetEpochs = 4; s.nnknnEpochs = 4
    case .smoke:
      s.trainingLimit = 300; s.testLimit = 100; s.widths = (4, 8, 16); s.convNetEpochs = 1; s.nnknnEpochs = 1
      s.sampledCases = [50, 100]
    }
    return s
  }

  var description: String {
    """
    ConvNet widths \(widths.0), \(widths.1), \(widths.2); ConvNet \(convNetEpochs) epochs, Adam lr \(convNetLearningRate), batch \
    \(batchSize); NN-kNN \(nnknnEpochs) epochs, batch \(batchSize), the code's groups (extractor 1e-4, glocal 1e-3, case \
    1e-4, weight decay 1e-5, clip 0.5), w = 1, k = \(k) for B, variant `code`; kNN k = \(knnK) (Euclidean, majority)
    """
  }
}
