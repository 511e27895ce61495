/// Conformance vectors of the Abs-node experiment functions (VEC-18): a linear node trained by
/// SGD with momentum and classified, and the ensemble metrics of Table 5.
enum AbsVectors {
  typealias T = VectorText

  static let data = "\"x\":\(T.tensor([6, 2], T.irrational(12, seed: 51))),\"y\":[1,0.5,0,1,2,0.25]"

  static func model(_ variant: String) -> VectorGroup {
    VectorGroup("abs.experiment1.model", variant: variant, tolerance: .exact("class", "geometricClass", scaled: 1e-10), [
        VectorCase(
          "an abs node, 20 steps",
          "{\(data),\"weight\":[0.5,-0.25],\"bias\":0.1,\"activation\":\"abs\",\"mean\":[0,0],\"steps\":20,\"learningRate\":0.05}"
        ),
      VectorCase("a relu node that starts dead (every pre-activation negative)", flags: ["kink"],
          "{\(data),\"weight\":[-3,-3],\"bias\":-10,\"activation\":\"relu\",\"mean\":[0,0],\"steps\":5,\"learningRate\":0.05}"),
        VectorCase(
          "a relu node, 20 steps, momentum 0.5",
          "{\(data),\"weight\":[0.5,0.75],\"bias\":0.5,\"activation\":\"relu\",\"mean\":[0.5,0.5],\"steps\":20,\"learningRate\":0.05,\"momentum\":0.5}"
        )
    ])
  }

  static let metrics = VectorGroup(
    "abs.mlp.metrics", tolerance: .exact("uniqueErrors", "consistentErrors", "votingErrors", "l2Errors", "errorsPerPoint"),
    [
      VectorCase("two models, two points", #"{"logits":{"shape":[2,2,2],"data":[1,0,0,1,0,1,1,0]},"labels":[0,1]}"#),
      VectorCase(
        "three models, four points, three classes, a tie in the L2 rule", flags: ["tie"],
        #"{"logits":{"shape":[3,4,3],"data":[1,0,0,0,1,0,0,0,1,1,1,0,0,1,0,1,0,0,0,0,1,1,0,1,1,0,0,0,1,0,1,0,0,0,1,1]},"labels":[0,1,2,0]}"#
      ),
      VectorCase(
        "a label outside the classes is refused", #"{"logits":{"shape":[1,1,2],"data":[1,0]},"labels":[2]}"#, error: "badArgument"
      )
  ])

  static let family = VectorFamily(
    name: "abs",
    algorithm: "the Abs-node Experiment 1 model (SGD with momentum under MSE, then its class) and Table 5's ensemble metrics",
    spec: ["ABS-13", "ABS-14", "ABS-15", "ABS-25", "ABS-26", "ABS-30"],
    groups: AbsMahalanobisFunctions.experiment1Model.variants.map(model) + [metrics])
}

