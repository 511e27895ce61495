import Evaluation

/// Conformance vectors of the DkNN functions (VEC-22): Papernot's calibration and calibrated
/// prediction in both trimming variants, Wallace's conformity with both poolings, and the three
/// leave-one-out interpretations.
enum DkNNVectors {
  typealias T = VectorText

  /// Four training points on a line in one layer, two of each class, k = 2.
  static let line = #""training":[{"shape":[4,1],"data":[0,1,2,3]}],"trainingLabels":[0,0,1,1],"classes":2,"k":2"#
  static let calibrationPoints = #""calibration":[{"shape":[2,1],"data":[0.4,2.6]}],"calibrationLabels":[0,0]"#

  /// Two layers of irrational coordinates, three classes, six training points.
  static func twoLayers(seed: Int) -> String {
    "\"training\":[\(T.tensor([6, 3], T.irrational(18, seed: seed))),\(T.tensor([6, 2], T.irrational(12, seed: seed + 1)))],"
      + "\"trainingLabels\":[0,1,2,0,1,2],\"classes\":3,\"k\":3"
  }
  static func twoLayerQueries(_ name: String, count: Int, seed: Int) -> String {
    "\"\(name)\":[\(T.tensor([count, 3], T.irrational(3 * count, seed: seed))),\(T.tensor([count, 2], T.irrational(2 * count, seed: seed + 1)))]"
  }

  static let calibrate = VectorGroup("dknn.calibrate", tolerance: .exact("neighbors", "nonconformity", "scores"), [
    VectorCase("one layer, raw space: 0.4 has two neighbours of its label (score 0), 2.6 none (score 2)",
               "{\(line),\"space\":\"raw\",\(calibrationPoints)}"),
    VectorCase("one layer in Papernot's default space: centred and unit-normalised, every 1-d point becomes -1 or +1",
               flags: ["tie", "zeroDistance"], "{\(line),\(calibrationPoints)}"),
    VectorCase("two layers of full-mantissa points, three classes",
               "{\(twoLayers(seed: 71)),\(twoLayerQueries("calibration", count: 3, seed: 73)),\"calibrationLabels\":[0,2,1]}"),
      VectorCase(
        "a calibration label outside the classes is refused",
        "{\(line),\"calibration\":[{\"shape\":[1,1],\"data\":[1]}],\"calibrationLabels\":[2]}",
        error: "badArgument")
  ])

  static let calibrateTrimmed = VectorGroup(
    "dknn.calibrate", variant: "trimZeros", tolerance: .exact("neighbors", "nonconformity", "scores"),
    [
      VectorCase(
        "the reference code's np.trim_zeros drops the zero score", flags: ["variantDifference"],
        "{\(line),\"space\":\"raw\",\(calibrationPoints)}")
  ])

  static let predict = VectorGroup("dknn.predict", tolerance: .exact("neighbors", "prediction"), [
      VectorCase(
        "the raw search space, one query between the classes",
        "{\(line),\"space\":\"raw\",\(calibrationPoints),\"queries\":[{\"shape\":[1,1],\"data\":[1.4]}]}"),
    VectorCase("a query equal to a training point", flags: ["selfMatch"],
               "{\(line),\"space\":\"raw\",\(calibrationPoints),\"queries\":[{\"shape\":[1,1],\"data\":[1]}]}"),
    VectorCase("two layers, Papernot's normalised and centred space, three queries",
        "{\(twoLayers(seed: 81)),\(twoLayerQueries("calibration", count: 3, seed: 83)),\"calibrationLabels\":[1,0,2],\(twoLayerQueries("queries", count: 3, seed: 85))}"
      ),
    VectorCase("queries of another width than the training layer are refused",
               "{\(line),\(calibrationPoints),\"queries\":[{\"shape\":[1,2],\"data\":[1,2]}]}", error: "badArgument"),
  ])

  static let conformityPooled = VectorGroup("dknn.conformity", tolerance: .exact("neighbors", "prediction"), [
    VectorCase("one layer, a query near class 0", "{\(line),\"queries\":[{\"shape\":[1,1],\"data\":[0.1]}]}"),
    VectorCase("a query midway: the neighbours tie and the label met first wins", flags: ["classTie"],
               "{\(line),\"queries\":[{\"shape\":[1,1],\"data\":[1.5]}]}"),
    VectorCase("two layers pooled", "{\(twoLayers(seed: 91)),\(twoLayerQueries("queries", count: 2, seed: 93))}"),
  ])

  static let conformityLast = VectorGroup("dknn.conformity", variant: "lastLayer", tolerance: .exact("neighbors", "prediction"), [
    VectorCase("two layers, the authors' code's last layer only", flags: ["variantDifference"],
               "{\(twoLayers(seed: 91)),\(twoLayerQueries("queries", count: 2, seed: 93))}"),
  ])

  static let leaveOneOut = VectorGroup(
    "dknn.leaveOneOut", tolerance: .exact("prediction", "highlighted", "ranks", "supportRanks"),
    [
      VectorCase(
        "conformity leave-one-out of a two-token sequence (rows: whole, without token 1, without token 2)",
        "{\(line),\"queries\":[{\"shape\":[3,1],\"data\":[0.2,2.6,0.4]}]}")
  ])

  static let leaveOneOutConfidence = VectorGroup("dknn.leaveOneOut", variant: "confidence",
                                                 tolerance: .exact("prediction", "highlighted", "ranks", "supportRanks"), [
    VectorCase("softmax confidence leave-one-out of three tokens",
               "{\"logits\":\(T.tensor([4, 2], [2, 0.5, 1.25, 0.75, 2.5, -0.5, 0.25, 1]))}"),
  ])

  static let leaveOneOutGradient = VectorGroup("dknn.leaveOneOut", variant: "gradient",
                                               tolerance: .exact("prediction", "highlighted", "ranks", "supportRanks"), [
    VectorCase("gradient x embedding of two tokens",
        #"{"logits":[2,1],"embeddings":{"shape":[2,2],"data":[1,2,3,4]},"embeddingGradients":{"shape":[2,2],"data":[0.5,0,-1,1]}}"#
      )
  ])

  static let family = VectorFamily(
    name: "dknn",
    algorithm:
      "Deep k-nearest neighbours: Papernot's calibrated DkNN, Wallace's conformity and the leave-one-out interpretations",
    spec: ["DKNN-4", "DKNN-5", "DKNN-6", "DKNN-7", "DKNN-10", "DKNN-11", "DKNN-22", "DKNN-23", "DKNN-24", "DKNN-25",
           "ORACLE-50", "ORACLE-51", "ORACLE-52", "ORACLE-53"],
    groups: [
      calibrate, calibrateTrimmed, predict, conformityPooled, conformityLast, leaveOneOut, leaveOneOutConfidence,
      leaveOneOutGradient
    ])
}
