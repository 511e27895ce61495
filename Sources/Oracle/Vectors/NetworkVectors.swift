/// Conformance vectors of the network functions (VEC-14): MLPs with every activation and both
/// losses, convolutions and batch norm with their gradients.
enum NetworkVectors {
  typealias T = VectorText

  /// An MLP 3 -> 4 -> `out` on two inputs with full-mantissa values (away from every kink).
  static func mlp(_ activation: String, out: Int, loss: String, extra: String = "", seed: Int) -> String {
    let weights =
      "[\(T.tensor([4, 3], T.irrational(12, seed: seed))),\(T.tensor([out, 4], T.irrational(4 * out, seed: seed + 1)))]"
    let biases = "[\(T.vector(T.irrational(4, seed: seed + 2))),\(T.vector(T.irrational(out, seed: seed + 3)))]"
    let target =
      loss == "labels" ? "\"labels\":[0,\(out - 1)]" : "\"targets\":\(T.tensor([2, out], T.irrational(2 * out, seed: seed + 4)))"
    return
      "{\"inputs\":\(T.tensor([2, 3], T.irrational(6, seed: seed + 5))),\"weights\":\(weights),\"biases\":\(biases),\"activation\":\"\(activation)\",\(target)\(extra)}"
  }

  static let activations = ["identity", "relu", "abs", "sigmoid", "tanh", "leakyReLU"]

  static let mlpGroup = VectorGroup("nn.mlp", activations.enumerated().flatMap { i, name in
    [VectorCase("\(name), cross-entropy over 3 classes", mlp(name, out: 3, loss: "labels", seed: 10 * i)),
     VectorCase("\(name), mean squared error", mlp(name, out: 2, loss: "targets", seed: 10 * i + 5))]
  } + [
      VectorCase(
        "leakyReLU with slope 0.2 and a final sigmoid",
        mlp("leakyReLU", out: 2, loss: "targets", extra: ",\"slope\":0.2,\"finalActivation\":\"sigmoid\"", seed: 70)),
    VectorCase("worked example of ORACLE-2 (by hand)",
        #"{"inputs":{"shape":[1,2],"data":[1,2]},"weights":[{"shape":[2,2],"data":[1,0,0,1]},{"shape":[1,2],"data":[1,-1]}],"biases":[[0,0],[0.5]],"activation":"relu","targets":{"shape":[1,1],"data":[0]}}"#
      ),
    VectorCase("relu with a pre-activation exactly 0: relu'(0) = 0", flags: ["kink"],
        #"{"inputs":{"shape":[1,2],"data":[1,-1]},"weights":[{"shape":[2,2],"data":[1,1,1,0]},{"shape":[1,2],"data":[1,1]}],"biases":[[0,0],[0]],"activation":"relu","targets":{"shape":[1,1],"data":[2]}}"#
      ),
    VectorCase("abs with a pre-activation exactly 0: |x|'(0) = 0", flags: ["kink"],
        #"{"inputs":{"shape":[1,2],"data":[1,-1]},"weights":[{"shape":[2,2],"data":[1,1,1,0]},{"shape":[1,2],"data":[1,1]}],"biases":[[0,0],[0]],"activation":"abs","targets":{"shape":[1,1],"data":[2]}}"#
      ),
    VectorCase("leakyReLU with a pre-activation exactly 0: leakyReLU'(0) = slope", flags: ["kink"],
        #"{"inputs":{"shape":[1,2],"data":[1,-1]},"weights":[{"shape":[2,2],"data":[1,1,1,0]},{"shape":[1,2],"data":[1,1]}],"biases":[[0,0],[0]],"activation":"leakyReLU","slope":0.25,"targets":{"shape":[1,1],"data":[2]}}"#
      ),
      VectorCase(
        "forward only (no labels or targets)",
        #"{"inputs":{"shape":[1,2],"data":[1,2]},"weights":[{"shape":[1,2],"data":[0.5,-0.25]}],"biases":[[1]],"activation":"tanh"}"#
      ),
      VectorCase(
        "a label outside the output width is refused",
        #"{"inputs":{"shape":[1,2],"data":[1,2]},"weights":[{"shape":[2,2],"data":[1,0,0,1]}],"biases":[[0,0]],"activation":"relu","labels":[2]}"#,
        error: "badArgument")
  ])

  static let convolutionCases: [VectorCase] = [
    VectorCase("worked example of NET-48: stride 2, padding 1",
      #"{"input":{"shape":[1,1,3,3],"data":[1,2,3,4,5,6,7,8,9]},"weight":{"shape":[1,1,2,2],"data":[1,10,100,1000]},"bias":[0.5],"stride":2,"padding":1,"cotangent":{"shape":[1,1,2,2],"data":[1,0,0,0]}}"#
    ),
    VectorCase("two images, two input and three output channels, 'same' padding with an even kernel",
      "{\"input\":\(T.tensor([2, 2, 4, 4], T.irrational(64, seed: 3))),\"weight\":\(T.tensor([3, 2, 2, 2], T.irrational(24, seed: 4))),\"bias\":\(T.vector(T.irrational(3, seed: 5))),\"padding\":\"same\",\"cotangent\":\(T.tensor([2, 3, 4, 4], T.irrational(96, seed: 6)))}"
    ),
    VectorCase("groups 2, dilation 2, TensorFlow SAME padding, stride 2",
      "{\"input\":\(T.tensor([1, 4, 5, 5], T.irrational(100, seed: 7))),\"weight\":\(T.tensor([2, 2, 3, 3], T.irrational(36, seed: 8))),\"groups\":2,\"dilation\":2,\"stride\":2,\"padding\":\"tensorflowSame\"}"
    ),
    VectorCase(
      "kernel larger than the padded input is refused",
      #"{"input":{"shape":[1,1,2,2],"data":[1,2,3,4]},"weight":{"shape":[1,1,3,3],"data":[1,1,1,1,1,1,1,1,1]}}"#,
      error: "badArgument")
  ]

  static let batchnorm = VectorGroup("nn.batchnorm", [
    VectorCase("worked example of NET-48: two values per channel, the input gradient cancels to 0",
        #"{"input":{"shape":[2,1],"data":[1,3]},"weight":[1],"bias":[0],"runningMean":[0],"runningVar":[1],"mode":"training","eps":0,"cotangent":{"shape":[2,1],"data":[1,0]}}"#
      ),
    VectorCase("BatchNorm2d in training mode, momentum 0.3",
        "{\"input\":\(T.tensor([2, 3, 2, 2], T.irrational(24, seed: 9))),\"weight\":[1,0.5,-2],\"bias\":[0,0.25,1],\"runningMean\":[0,0,0],\"runningVar\":[1,1,1],\"mode\":\"training\",\"momentum\":0.3,\"cotangent\":\(T.tensor([2, 3, 2, 2], T.irrational(24, seed: 10)))}"
      ),
    VectorCase("BatchNorm1d in evaluation mode: the running statistics normalise",
        "{\"input\":\(T.tensor([3, 2, 4], T.irrational(24, seed: 11))),\"weight\":[1.5,-1],\"bias\":[0.5,0],\"runningMean\":[0.25,-0.5],\"runningVar\":[2,0.5],\"numBatchesTracked\":3,\"mode\":\"evaluation\"}"
      ),
    VectorCase("a constant channel in training mode: variance 0, output = bias", flags: ["zeroVector"],
        #"{"input":{"shape":[3,2],"data":[1,5,2,5,3,5]},"weight":[1,1],"bias":[0,0.5],"runningMean":[0,0],"runningVar":[1,1],"mode":"training","cotangent":{"shape":[3,2],"data":[1,2,3,4,5,6]}}"#
      ),
    VectorCase("one value per channel in training mode is refused", flags: ["boundarySize"],
        #"{"input":{"shape":[1,2],"data":[1,2]},"weight":[1,1],"bias":[0,0],"runningMean":[0,0],"runningVar":[1,1],"mode":"training"}"#,
        error: "badArgument")
  ])

  /// LSTMs over batches of sequences of different lengths (ORACLE-40): torch's gate order, packed
  /// sequences, one and two layers, bidirectional.
  static let lstmCases: [VectorCase] = [
    VectorCase("the --help example: bidirectional, lengths 2 and 1, no biases",
      #"{"input":{"shape":[2,2,1],"data":[1,-1,0.5,2]},"parameters":{"weight_ih_l0":{"shape":[4,1],"data":[1,0,1,0]},"weight_hh_l0":{"shape":[4,1],"data":[0,1,0,1]},"weight_ih_l0_reverse":{"shape":[4,1],"data":[1,1,1,1]},"weight_hh_l0_reverse":{"shape":[4,1],"data":[0,0,0,0]}},"lengths":[2,1],"cotangent":{"shape":[2,2,2],"data":[1,0,0,1,1,1,0,0]},"cotangentHidden":{"shape":[2,2,1],"data":[1,2,3,4]}}"#
    ),
    VectorCase("two layers with both biases, hidden 2, full-mantissa parameters, lengths 3 and 2",
               "{\"input\":\(T.tensor([2, 3, 2], T.irrational(12, seed: 31))),\"parameters\":{"
        + "\"weight_ih_l0\":\(T.tensor([8, 2], T.irrational(16, seed: 32))),\"weight_hh_l0\":\(T.tensor([8, 2], T.irrational(16, seed: 33))),"
        + "\"bias_ih_l0\":\(T.tensor([8], T.irrational(8, seed: 34))),\"bias_hh_l0\":\(T.tensor([8], T.irrational(8, seed: 35))),"
        + "\"weight_ih_l1\":\(T.tensor([8, 2], T.irrational(16, seed: 36))),\"weight_hh_l1\":\(T.tensor([8, 2], T.irrational(16, seed: 37))),"
        + "\"bias_ih_l1\":\(T.tensor([8], T.irrational(8, seed: 38))),\"bias_hh_l1\":\(T.tensor([8], T.irrational(8, seed: 39)))},"
        + "\"lengths\":[3,2],\"cotangent\":\(T.tensor([2, 3, 2], T.irrational(12, seed: 40)))}"),
    VectorCase("a length longer than the sequence is refused",
      #"{"input":{"shape":[1,2,1],"data":[1,2]},"parameters":{"weight_ih_l0":{"shape":[4,1],"data":[1,0,1,0]},"weight_hh_l0":{"shape":[4,1],"data":[0,1,0,1]}},"lengths":[3]}"#,
      error: "badArgument")
  ]

  /// Whole models by name (ORACLE-77): the MLP of the --help example and a small ConvNet (NET-39)
  /// with every tap and the gradients of its mean cross-entropy.
  static let forwardCases: [VectorCase] = [
    VectorCase("the --help example: an MLP 2-2-2 with relu and one label",
      #"{"architecture":"mlp","options":{"widths":[2,2,2]},"weights":{"0.weight":{"shape":[2,2],"data":[1,0,0,1]},"0.bias":[0,0],"2.weight":{"shape":[2,2],"data":[1,-1,-1,1]},"2.bias":[0,0]},"input":{"shape":[1,2],"data":[1,-2]},"labels":[0]}"#
    ),
    VectorCase("seed 000's ConvNet at widths 2, 3, 4 on two 8 x 8 images, labels 0 and 2",
      "{\"architecture\":\"convNet\",\"options\":{\"inputChannels\":1,\"height\":8,\"width\":8,\"classes\":3,\"widths\":[2,3,4]},"
        + "\"weights\":{\"conv1.weight\":\(T.tensor([2, 1, 3, 3], T.irrational(18, seed: 51))),\"conv1.bias\":\(T.vector(T.irrational(2, seed: 52))),"
        + "\"conv2.weight\":\(T.tensor([3, 2, 3, 3], T.irrational(54, seed: 53))),\"conv2.bias\":\(T.vector(T.irrational(3, seed: 54))),"
        + "\"fc1.weight\":\(T.tensor([4, 12], T.irrational(48, seed: 55))),\"fc1.bias\":\(T.vector(T.irrational(4, seed: 56))),"
        + "\"fc2.weight\":\(T.tensor([3, 4], T.irrational(12, seed: 57))),\"fc2.bias\":\(T.vector(T.irrational(3, seed: 58)))},"
        + "\"input\":\(T.tensor([2, 1, 8, 8], T.irrational(128, seed: 59))),\"labels\":[0,2]}"),
    VectorCase("a weight the model lacks is refused (loading is strict)",
      #"{"architecture":"mlp","options":{"widths":[2,1]},"weights":{"0.weight":{"shape":[1,2],"data":[1,1]},"0.bias":[0],"1.weight":[1]},"input":{"shape":[1,2],"data":[1,2]}}"#,
      error: "badArgument")
  ]

  static let family = VectorFamily(
    name: "nn",
    algorithm:
      """
        MLP forward pass, losses and gradients for every activation; conv2d, batch norm and LSTMs with their VJPs; whole models \
        by name
        """,
    spec: ["NET-3", "NET-5", "NET-11", "FOUND-24", "NET-48", "NET-33", "NET-36", "ORACLE-40", "FOUND-91", "ORACLE-77"],
    groups: [
      mlpGroup, VectorGroup("nn.conv2d", variant: "fast", convolutionCases),
      VectorGroup("nn.conv2d", variant: "reference", convolutionCases), batchnorm,
      VectorGroup("nn.lstm", variant: "fast", lstmCases), VectorGroup("nn.lstm", variant: "reference", lstmCases),
      VectorGroup("nn.forward", forwardCases)
    ])
}
