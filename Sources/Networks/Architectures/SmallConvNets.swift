import Tensors

/// The small convolutional networks of the papers (NET-39, NET-40), as named ``Sequential``s so
/// that their parameter names and taps are their children's names.
public enum ConvolutionalNetworks {
  /// NN-kNN's ConvNet (seed 000), for 32 x 32 colour images by default (NET-39):
  /// conv1 Conv2d(in, 32, 3, padding 1) - relu1 - pool1 MaxPool2d(2) - conv2 Conv2d(32, 64, 3,
  /// padding 1) - relu2 - pool2 MaxPool2d(2) - flatten - fc1 Linear(64 (H/4)(W/4), 128) - relu3 -
  /// fc2 Linear(128, classes). The features (the penultimate layer) are the tap
  /// ``convNetFeatureTap``. `widths` (32, 64, 128 in the paper) may be narrowed for tests.
  /// Errors: an image side below 4, a width below 1.
  public static func convNet(inputChannels: Int = 3, imageSize: (height: Int, width: Int) = (32, 32), classes: Int = 10,
                             widths: (Int, Int, Int) = (32, 64, 128)) throws(NetworkError) -> Sequential {
    guard imageSize.height >= 4, imageSize.width >= 4 else {
      throw .invalidLayer(layer: "ConvNet", reason: "image size \(imageSize) is below 4 x 4 (two 2 x 2 max-pools)")
    }
    let (c1, c2, hidden) = widths
    let flat = c2 * (imageSize.height / 4) * (imageSize.width / 4)
    return try Sequential(named: [
      ("conv1", try Conv2d(inputChannels, c1, kernelSize: 3, padding: 1)), ("relu1", ReLU()), ("pool1", try MaxPool2d(2)),
      ("conv2", try Conv2d(c1, c2, kernelSize: 3, padding: 1)), ("relu2", ReLU()), ("pool2", try MaxPool2d(2)),
      ("flatten", Flatten()), ("fc1", try Linear(flat, hidden)), ("relu3", ReLU()), ("fc2", try Linear(hidden, classes)),
    ])
  }

  /// The penultimate (feature) tap of ``convNet(inputChannels:imageSize:classes:)``: the 128 ReLU outputs.
  public static let convNetFeatureTap = "relu3"

  /// Papernot & McDaniel's MNIST CNN (cleverhans' `make_basic_picklable_cnn`, used by the DkNN
  /// script), NET-40: Conv2D(64, 8x8, stride 2, TensorFlow SAME) - ReLU - Conv2D(128, 6x6,
  /// stride 2, VALID) - ReLU - Conv2D(128, 5x5, stride 1, VALID) - ReLU - Flatten - Linear(classes).
  /// Children carry cleverhans' layer names (class name and position; the last Linear is
  /// "logits"): Conv2D0, ReLU1, Conv2D2, ReLU3, Conv2D4, ReLU5, Flatten6, logits; the DkNN layers
  /// are ``papernotDkNNTaps``. On 28 x 28 the sizes are 14, 5, 1, so Flatten gives 2 filters
  /// values in the same order as TensorFlow's NHWC flatten (for larger inputs the orders differ).
  /// Errors: an image too small for the VALID convolutions.
  public static func papernotMNIST(inputChannels: Int = 1, imageSize: (height: Int, width: Int) = (28, 28), filters: Int = 64,
                                   classes: Int = 10) throws(NetworkError) -> Sequential {
    func side(_ n: Int) -> Int {
      let first = (n + 1) / 2                  // SAME, stride 2: ceil(n / 2)
      let second = first >= 6 ? (first - 6) / 2 + 1 : 0
      return second >= 5 ? second - 4 : 0
    }
    let (h, w) = (side(imageSize.height), side(imageSize.width))
    guard h >= 1, w >= 1, filters >= 1 else {
      throw .invalidLayer(layer: "Papernot MNIST CNN", reason: "image size \(imageSize) is too small for its VALID convolutions")
    }
    return try Sequential(named: [
      ("Conv2D0", try Conv2d(inputChannels, filters, kernelSize: (8, 8), stride: (2, 2), padding: .tensorFlowSame)),
      ("ReLU1", ReLU()),
      ("Conv2D2", try Conv2d(filters, 2 * filters, kernelSize: (6, 6), stride: (2, 2), padding: .valid)), ("ReLU3", ReLU()),
      ("Conv2D4", try Conv2d(2 * filters, 2 * filters, kernelSize: (5, 5), padding: .valid)), ("ReLU5", ReLU()),
      ("Flatten6", Flatten()), ("logits", try Linear(2 * filters * h * w, classes)),
    ])
  }

  /// The layers the DkNN script takes representations from: the three ReLUs and the logits.
  public static let papernotDkNNTaps = ["ReLU1", "ReLU3", "ReLU5", "logits"]
}
