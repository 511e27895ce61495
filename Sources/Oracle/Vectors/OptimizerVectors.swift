/// Conformance vectors of the optimiser functions (VEC-15): every step's parameters and state of
/// SGD, Adam and AdamW for a fixed gradient sequence.
enum OptimizerVectors {
  typealias T = VectorText

  /// Parameters of shape [2, 3] and ten steps of gradients with full mantissas.
  static let trajectory =
    "\"parameters\":\(T.tensor([2, 3], T.irrational(6, seed: 41))),\"gradients\":\(T.tensor([10, 2, 3], T.irrational(60, seed: 42)))"

  static let sgd = VectorGroup("optim.sgd", [
    VectorCase("plain SGD", "{\(trajectory),\"learningRate\":0.1}"),
    VectorCase("momentum 0.9 (the buffer starts as the first gradient)", "{\(trajectory),\"learningRate\":0.1,\"momentum\":0.9}"),
    VectorCase("momentum with dampening 0.3", "{\(trajectory),\"learningRate\":0.1,\"momentum\":0.9,\"dampening\":0.3}"),
    VectorCase("Nesterov momentum", "{\(trajectory),\"learningRate\":0.1,\"momentum\":0.9,\"nesterov\":true}"),
    VectorCase("L2 weight decay with momentum", "{\(trajectory),\"learningRate\":0.05,\"momentum\":0.5,\"weightDecay\":0.01}"),
      VectorCase(
        "one step", flags: ["boundarySize"],
        #"{"parameters":[1,-2],"gradients":{"shape":[1,2],"data":[0.5,-1]},"learningRate":0.1}"#),
      VectorCase(
        "Nesterov with dampening is refused (as torch)",
        "{\(trajectory),\"learningRate\":0.1,\"momentum\":0.9,\"dampening\":0.1,\"nesterov\":true}",
        error: "badArgument"),
      VectorCase(
        "gradients of another shape are refused",
        #"{"parameters":[1,-2],"gradients":{"shape":[2,3],"data":[1,2,3,4,5,6]},"learningRate":0.1}"#,
        error: "badArgument")
  ])

  static func adam(_ function: String, variant: String) -> VectorGroup {
    VectorGroup(function, variant: variant, [
      VectorCase("defaults", "{\(trajectory)}"),
      VectorCase("learning rate 0.05, weight decay 0.1", "{\(trajectory),\"learningRate\":0.05,\"weightDecay\":0.1}"),
      VectorCase("AMSGrad", "{\(trajectory),\"learningRate\":0.05,\"amsgrad\":true}"),
      VectorCase("beta1 = 0.3 < 0.5: torch's lerp takes its other branch", flags: ["variantDifference"],
                 "{\(trajectory),\"learningRate\":0.05,\"betas\":[0.3,0.9],\"eps\":1e-6}"),
      VectorCase("beta2 = 1 is refused", "{\(trajectory),\"betas\":[0.9,1]}", error: "badArgument"),
    ])
  }

  static let family = VectorFamily(
    name: "optim",
    algorithm:
      "PyTorch's SGD, Adam and AdamW update rules: every step's parameters and optimiser state for a given gradient sequence",
    spec: ["NET-13", "NET-14", "NET-15", "ORACLE-76"],
    groups: [
      sgd, adam("optim.adam", variant: "lerp"), adam("optim.adam", variant: "multiplyAdd"), adam("optim.adamw", variant: "lerp")
    ])
}
