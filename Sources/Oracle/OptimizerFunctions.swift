import Evaluation
import Networks
import Tensors

/// `optim.sgd`, `optim.adam` and `optim.adamw` (ORACLE-76): PyTorch's update rules (NET-13 ...
/// NET-15) applied to one parameter tensor for a given sequence of gradients, returning every
/// step's parameters and optimiser state. torch updates each parameter tensor independently, so
/// one tensor of any shape stands for any model's (concatenate them to check several at once).
enum OptimizerFunctions {
  static var all: [OracleFunction] { [sgd, adam, adamw] }

  /// The parameters T[shape] and the gradients T[steps, shape], checked against each other.
  static func trajectoryInputs(_ a: OracleArguments) throws -> (Tensor, [Tensor]) {
    let parameters = try a.finiteTensor("parameters")
    let gradients = try a.finiteTensor("gradients")
    guard gradients.rank == parameters.rank + 1, Array(gradients.shape.dropFirst()) == parameters.shape, gradients.shape[0] >= 1
    else {
      throw ReportError.badArgument("gradients", "expected T[steps,\(parameters.shape.map(String.init).joined(separator: ","))] "
                                      + "(steps >= 1, then the parameters' shape), got shape \(gradients.shape)")
    }
    let p = parameters.count
    let steps = try (0..<gradients.shape[0]).map { s in
      try Tensor(shape: parameters.shape, scalars: Array(gradients.scalars[(s * p)..<((s + 1) * p)]))
    }
    return (parameters, steps)
  }

  /// Runs `step` once per gradient and stacks what `record` reads after each step.
  static func run<O: Optimizer>(_ optimizer: inout O, parameters: Tensor, gradients: [Tensor],
                                record: (O) -> [(String, [Double])]) throws -> [(String, JSONValue)] {
    var store = try ParameterStore([Parameter(name: "p", value: parameters)])
    var stacked: [(String, [Double])] = [("parameters", [])]
    for gradient in gradients {
      do { try optimizer.step(&store, gradients: try ParameterGradients(names: ["p"], values: [gradient])) } catch {
        throw ReportError.badArgument("gradients", "\(error)")
      }
      stacked[0].1 += store.parameters[0].value.scalars
      for (i, (name, values)) in record(optimizer).enumerated() {
        if stacked.count <= i + 1 { stacked.append((name, [])) }
        stacked[i + 1].1 += values
      }
    }
    let shape = [gradients.count] + parameters.shape
    return try stacked.map { ($0.0, JSONValue(try Tensor(shape: shape, scalars: $0.1))) }
  }

  /// An optional finite number.
  static func number(_ a: OracleArguments, _ name: String, default value: Double) throws -> Double {
    a.has(name) ? try a.finiteNumber(name) : value
  }

  /// A refused hyperparameter names the argument the request spelled (beta1 and beta2 are `betas`).
  static func hyperparameter<T>(_ make: () throws(NetworkError) -> T) throws -> T {
    do { return try make() } catch let NetworkError.invalidHyperparameter(name, value, accepted) {
      throw ReportError.badArgument(name.hasPrefix("beta") ? "betas" : name, "\(name) = \(value) is not accepted (\(accepted))")
    }
  }

  /// Scalars: parameters, gradients and every step's parameters and up to three state tensors;
  /// steps: about 20 operations per element and step.
  static let cost = OracleCost.Bound("scalars 6 s p + p, steps 20 s p (s steps of p elements)") { a in
    let (s, p) = (a.extent("gradients", 0), a.size("parameters"))
    return OracleCost(scalars: 6 * s * p + p, steps: 20 * s * p)
  }

  static let trajectoryArguments: [(String, String)] = [
    ("parameters", "T[shape]: the initial values"), ("gradients", "T[steps, shape]: the gradient used at each step"),
  ]

  static let sgd = OracleFunction(
    name: "optim.sgd", summary: "torch.optim.SGD steps on one parameter tensor for a given gradient sequence (NET-13)",
    arguments: trajectoryArguments + [
      ("learningRate", ">= 0"), ("momentum", "optional, default 0"), ("dampening", "optional, default 0"),
      ("weightDecay", "optional, default 0 (L2, added to the gradient)"),
      ("nesterov", "optional true/false, default false (needs momentum > 0, dampening 0)")
    ],
    results: [("parameters", "T[steps, shape]: the parameters after each step"),
              ("momentumBuffer", "T[steps, shape]: torch's momentum_buffer after each step (only when momentum != 0)")],
    cost: cost, spec: ["ORACLE-76", "NET-13"],
    example:
      #"{"function":"optim.sgd","arguments":{"parameters":[1,-2],"gradients":{"shape":[2,2],"data":[0.5,-1,0.25,2]},"learningRate":0.1,"momentum":0.9}}"#
  ) { a, _ in
    let (parameters, gradients) = try trajectoryInputs(a)
    let (lr, momentum) = (try a.finiteNumber("learningRate"), try number(a, "momentum", default: 0))
    let (dampening, weightDecay) = (try number(a, "dampening", default: 0), try number(a, "weightDecay", default: 0))
    let nesterov = a.has("nesterov") ? try a.flag("nesterov") : false
    var optimizer = try hyperparameter { () throws(NetworkError) in
      try SGD(learningRate: lr, momentum: momentum, dampening: dampening, weightDecay: weightDecay, nesterov: nesterov)
    }
    return try run(&optimizer, parameters: parameters, gradients: gradients) { o in
      momentum == 0 ? [] : [("momentumBuffer", o.momentumBuffers["p"] ?? [])]
    }
  }

  static let adamArguments: [(String, String)] = trajectoryArguments + [
      ("learningRate", "optional, default 0.001"), ("betas", "optional [beta1, beta2], default [0.9, 0.999]"),
      ("eps", "optional, default 1e-8"),
    ("amsgrad", "optional true/false, default false"),
  ]

  static let adamResults: [(String, String)] = [
    ("parameters", "T[steps, shape]: the parameters after each step"),
    ("firstMoment", "T[steps, shape]: exp_avg after each step"),
    ("secondMoment", "T[steps, shape]: exp_avg_sq"), ("maxSecondMoment", "T[steps, shape]: max_exp_avg_sq (only with amsgrad)"),
  ]

  /// The variants: how m moves toward g (NET-14).
  static let firstMomentForms = ["lerp", "multiplyAdd"]

  /// Adam or AdamW from the request's hyperparameters.
  static func adamTrajectory(_ a: OracleArguments, variant: String?, decoupled: Bool) throws -> [(String, JSONValue)] {
    let (parameters, gradients) = try trajectoryInputs(a)
    var betas = (0.9, 0.999)
    if a.has("betas") {
      let values = try a.finiteTensor("betas").scalars
      guard values.count == 2 else {
        throw ReportError.badArgument("betas", "expected [beta1, beta2], got \(values.count) numbers")
      }
      betas = (values[0], values[1])
    }
    let amsgrad = a.has("amsgrad") ? try a.flag("amsgrad") : false
    let (lr, eps) = (try number(a, "learningRate", default: 1e-3), try number(a, "eps", default: 1e-8))
    let weightDecay = try number(a, "weightDecay", default: decoupled ? 1e-2 : 0)
    let form: AdamFirstMoment = variant == "multiplyAdd" ? .multiplyAdd : .lerp
    func moments(_ state: [String: AdamMoments]) -> [(String, [Double])] {
      let s = state["p"]
      return [("firstMoment", s?.firstMoment ?? []), ("secondMoment", s?.secondMoment ?? [])]
        + (amsgrad ? [("maxSecondMoment", s?.maxSecondMoment ?? [])] : [])
    }
    if decoupled {
      var optimizer = try hyperparameter { () throws(NetworkError) in
        try AdamW(learningRate: lr, betas: betas, eps: eps, weightDecay: weightDecay, amsgrad: amsgrad, firstMoment: form)
      }
      return try run(&optimizer, parameters: parameters, gradients: gradients) { moments($0.state) }
    }
    var optimizer = try hyperparameter { () throws(NetworkError) in
      try Adam(learningRate: lr, betas: betas, eps: eps, weightDecay: weightDecay, amsgrad: amsgrad, firstMoment: form)
    }
    return try run(&optimizer, parameters: parameters, gradients: gradients) { moments($0.state) }
  }

  static let adam = OracleFunction(
    name: "optim.adam",
    summary:
      "torch.optim.Adam steps on one parameter tensor for a given gradient sequence (NET-14); variant = the first-moment form",
    arguments: adamArguments + [("weightDecay", "optional, default 0 (L2, added to the gradient)")], results: adamResults,
    variants: firstMomentForms, cost: cost, spec: ["ORACLE-76", "NET-14"],
    example:
      #"{"function":"optim.adam","arguments":{"parameters":[1,-2],"gradients":{"shape":[2,2],"data":[0.5,-1,0.25,2]},"learningRate":0.1}}"#
  ) { a, variant in
    try adamTrajectory(a, variant: variant, decoupled: false)
  }

  static let adamw = OracleFunction(
    name: "optim.adamw",
    summary:
      "torch.optim.AdamW steps on one parameter tensor for a given gradient sequence (NET-15); variant = the first-moment form",
    arguments: adamArguments + [("weightDecay", "optional, default 0.01 (decoupled: p = p (1 - lr wd) before the moments)")],
    results: adamResults,
    variants: firstMomentForms, cost: cost, spec: ["ORACLE-76", "NET-15"],
    example:
      #"{"function":"optim.adamw","arguments":{"parameters":[1,-2],"gradients":{"shape":[2,2],"data":[0.5,-1,0.25,2]},"learningRate":0.1,"weightDecay":0.1,"amsgrad":true}}"#
  ) { a, variant in
    try adamTrajectory(a, variant: variant, decoupled: true)
  }
}
