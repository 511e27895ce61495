import Evaluation

/// The protocol of `dknn-mnist` (REPRO-50, DKNN-8): Papernot & McDaniel's DkNN script on MNIST.
public struct DkNNMNISTConfiguration: Sendable, Equatable {
  /// Training: epochs, batch size, Adam's learning rate (the script's flags).
  public var epochs = 6
  public var batchSize = 500
  public var learningRate = 1e-3
  /// Filters of the first convolution (64; the others have twice as many).
  public var filters = 64
  public var initialization = PapernotInitialization.cleverhans
  /// Images used (nil: all the data set has) and whether the full MNIST is required.
  public var trainingLimit: Int? = nil
  public var testLimit: Int? = nil
  public var requiresFullMNIST = true
  /// The first `calibrationCount` test images calibrate; the rest are the test points.
  public var calibrationCount = 750
  public var k = 75
  public var layers = ["ReLU1", "ReLU3", "ReLU5", "logits"]
  public var space = RepresentationSpace.unitNormalizedCentered
  public var trimming = CalibrationTrimming.keepZeros
  /// FGSM step (pixels in [0, 1]).
  public var epsilon = 0.25
  /// Memory for one chunk of training representations in the neighbour search (DKNN-8).
  public var chunkBudgetBytes = 1 << 30

  public init() {}

  /// Paper scale: the script's protocol on full MNIST (60,000 training, 750 + 9,250 test images).
  public static let paper = DkNNMNISTConfiguration()

  /// The configuration of a scale (REPRO-50): paper as above; default the same protocol on the
  /// shipped slice (5,000 training and 1,000 test images, the first 75 of them calibrating: the
  /// paper's 7.5%); smoke 1 epoch of a 16-filter model on 1,000 training and 200 test images
  /// (15 calibrating).
  public static func forScale(_ scale: Scale) -> DkNNMNISTConfiguration {
    var c = DkNNMNISTConfiguration.paper
    switch scale {
    case .paper: break
    case .default:
      c.requiresFullMNIST = false
      c.trainingLimit = 5_000
      c.testLimit = 1_000
      c.calibrationCount = 75
    case .smoke:
      c.requiresFullMNIST = false
      c.trainingLimit = 1_000
      c.testLimit = 200
      c.calibrationCount = 15
      c.epochs = 1
      c.filters = 16
    }
    return c
  }
}
