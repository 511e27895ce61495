import AbsMahalanobis
import Evaluation
import Tensors

/// Oracle functions of the Abs-node Mahalanobis module (ABS-30).
enum AbsMahalanobisFunctions {
  static var all: [OracleFunction] { [distance, linearNode, experiment1Model, mlpMetrics] }

  /// The Gaussian of a request's `mean` and `covariance`, each refusal naming the argument at fault:
  /// `mean` for an empty or non-finite mean, `covariance` for its shape or its values.
  static func geometry(_ arguments: OracleArguments) throws -> GaussianGeometry {
    let mean = try arguments.finiteTensor("mean")
    guard mean.rank == 1, mean.count >= 1 else {
      throw ReportError.badArgument("mean", "expected T[d] with d >= 1, got shape \(mean.shape)")
    }
    let covariance = try arguments.tensor("covariance")
    let d = mean.count
    guard covariance.shape == [d, d] else {
      throw ReportError.badArgument("covariance", "expected T[\(d),\(d)] (d from mean), got shape \(covariance.shape)")
    }
    do { return try GaussianGeometry(mean: mean.scalars, covariance: covariance) } catch {
      throw ReportError.badArgument("covariance", "\(error)")
    }
  }

  /// Eigendecomposition of the covariance: 4 d^2 scalars, at most 60 Jacobi sweeps of d^3.
  static func geometryCost(_ a: OracleArguments) -> OracleCost {
    let d = a.size("mean")
    return OracleCost(scalars: 6 * d * d, steps: 60 * d * d * d)
  }

  static let distance = OracleFunction(
    name: "mahalanobis.distance",
    summary:
      """
        Mahalanobis distance (eq. 2), its eigen form (eq. 4), per-component distances (eq. 6) and the L1 approximation (eq. 10) \
        (ABS-2 ... ABS-5)
        """,
    arguments: [
      ("mean", "T[d]"), ("covariance", "T[d,d] symmetric positive definite"), ("x", "T[n,d] points (or T[d], one point)")
    ],
    results: [
      ("distance", "T[n]"), ("eigenForm", "T[n]"),
      ("componentDistances", "T[n,d], principal-component order (largest eigenvalue first)"),
      ("l1", "T[n]")
    ],
    cost: .init("scalars 6 d^2 + 3 n d + 3 n, steps 60 d^3 + 4 n d^2") { a in
      var cost = geometryCost(a)
      let (n, d) = (a.extents("x").count == 1 ? 1 : a.extent("x", 0), a.size("mean"))
      cost.scalars += 3 * n * d + 3 * n
      cost.steps += 4 * n * d * d
      return cost
    },
    spec: ["ABS-30", "ABS-2", "ABS-5"],
    example:
      #"{"function":"mahalanobis.distance","arguments":{"mean":[0,0],"covariance":{"shape":[2,2],"data":[4,0,0,1]},"x":[2,1]}}"#
  ) { arguments, _ in
    let g = try geometry(arguments)
    var x = try arguments.finiteTensor("x")
    if x.rank == 1 { x = try x.reshaped([1, x.count]) }
    guard x.rank == 2, x.shape[1] == g.dimension else {
      throw ReportError.badArgument("x", "expected T[n,\(g.dimension)], got \(x.shape)")
    }
    var distances: [Double] = [], eigen: [Double] = [], components: [Double] = [], l1: [Double] = []
    do {
      for i in 0..<x.shape[0] {
        let point = x.row(i)
        distances.append(try g.distance(point))
        eigen.append(try g.distanceByComponents(point))
        components += try g.componentDistances(point)
        l1.append(try g.l1Distance(point))
      }
    } catch { throw ReportError.badArgument("x", "\(error)") }
    let n = x.shape[0]
    return [("distance", JSONValue(Tensor(distances))), ("eigenForm", JSONValue(Tensor(eigen))),
      ("componentDistances", JSONValue(try Tensor(shape: [n, g.dimension], scalars: components))), ("l1", JSONValue(Tensor(l1)))
    ]
  }

  static let linearNode = OracleFunction(
    name: "mahalanobis.linearNode",
    summary: "the linear node W = v^T / sqrt(lambda), b = -v^T mu / sqrt(lambda) of one principal component (ABS-4)",
    arguments: [("mean", "T[d]"), ("covariance", "T[d,d]"), ("component", "0 ... d-1, 0 = largest eigenvalue")],
    results: [
      ("weight", "T[d]"), ("bias", "number"), ("eigenvalue", "number"), ("eigenvector", "T[d], unit, LINALG-3 sign rule")
    ],
    cost: .init("scalars 6 d^2, steps 60 d^3") { geometryCost($0) },
    spec: ["ABS-30", "ABS-4"],
    example:
      #"{"function":"mahalanobis.linearNode","arguments":{"mean":[1,1],"covariance":{"shape":[2,2],"data":[4,0,0,1]},"component":0}}"#
  ) { arguments, _ in
    let g = try geometry(arguments)
    let i = try arguments.integer("component", in: 0...(g.dimension - 1))
    let node = try g.linearNode(component: i)
    return [("weight", JSONValue(Tensor(node.weight))), ("bias", .double(node.bias)), ("eigenvalue", .double(g.eigenvalues[i])),
            ("eigenvector", JSONValue(Tensor(g.eigenvectors[i])))]
  }

  static let experiment1Model = OracleFunction(
    name: "abs.experiment1.model",
    summary:
      """
        trains one linear node act(W x + b) on (x, y) by full-batch SGD with momentum under MSE and classifies it (ABS-13 ... \
        ABS-15); variant = dead rule
        """,
    arguments: [
      ("x", "T[n,d]"), ("y", "T[n] targets"), ("weight", "T[d] initial W"), ("bias", "initial b"),
      ("activation", "\"relu\" or \"abs\""),
      ("mean", "T[d]: mu for the classification"), ("steps", "optional, default 200"),
      ("learningRate", "optional, default 0.001"),
      ("momentum", "optional, default 0.9"), ("coherenceThreshold", "optional, default 1.0"),
      ("deadLossThreshold", "optional, default 1.7")
    ],
    results: [
      ("losses", "T[steps]: the loss before each update"), ("weight", "T[d] final W"), ("bias", "final b"),
      ("finalLoss", "the last recorded loss"),
      ("preactivationAtMean", "|W mu + b|"), ("boundaryDistance", "|W mu + b| / ||W||"),
      ("class", "\"coherent\", \"adhoc\" or \"dead\""), ("geometricClass", "the class by the boundary distance")
    ],
    variants: DeadRule.allCases.map(\.rawValue),
    cost: .init("scalars 2 n d + steps + 4 d, steps 4 steps n d") { a in
      let (n, d, steps) = (a.extent("x", 0), a.size("weight"), a.count("steps", default: 200))
      return OracleCost(scalars: 2 * n * d + steps + 4 * d, steps: 4 * steps * n * d)
    },
    spec: ["ABS-30", "ABS-13", "ABS-15"],
    example:
      #"{"function":"abs.experiment1.model","variant":"all","arguments":{"x":{"shape":[2,2],"data":[1,0,0,1]},"y":[1,1],"weight":[0.5,0.5],"bias":0,"activation":"abs","mean":[0,0],"steps":3,"learningRate":0.1}}"#
  ) { arguments, variant in
    let x = try arguments.finiteTensor("x"), y = try arguments.finiteTensor("y").scalars
    let weight = try arguments.finiteTensor("weight").scalars, mean = try arguments.finiteTensor("mean").scalars
    guard !weight.isEmpty else { throw ReportError.badArgument("weight", "expected T[d] with d >= 1") }
    guard !y.isEmpty else { throw ReportError.badArgument("y", "expected T[n] with n >= 1") }
    guard x.rank == 2, x.shape[0] == y.count, x.shape[1] == weight.count else {
      throw ReportError.badArgument(
        "x", "expected T[n,d] with n = \(y.count) (y) and d = \(weight.count) (weight), got \(x.shape)")
    }
    guard mean.count == weight.count else {
      throw ReportError.badArgument("mean", "expected length \(weight.count) (weight), got \(mean.count)")
    }
    let activationName = try arguments.string("activation", oneOf: NodeActivation.allCases.map(\.rawValue))
    guard let activation = NodeActivation(rawValue: activationName) else {
      throw ReportError.badArgument("activation", activationName)
    }
    func optional(_ name: String, _ fallback: Double) throws -> Double {
      arguments.has(name) ? try arguments.finiteNumber(name) : fallback
    }
    let steps = arguments.has("steps") ? try arguments.integer("steps", in: 1...1_000_000) : 200
    let trainer = NodeTrainer(
      learningRate: try optional("learningRate", 0.001), momentum: try optional("momentum", 0.9), steps: steps)
    let start = SingleNode(weight: weight, bias: try arguments.finiteNumber("bias"), activation: activation)
    let trajectory: NodeTrainer.Trajectory
    do { trajectory = try trainer.train(start, points: x.scalars, targets: y) } catch {
      throw ReportError.badArgument("learningRate", "training diverged: \(error)")
    }
    let classifier = NodeClassifier(mean: mean, coherenceThreshold: try optional("coherenceThreshold", 1.0),
                                    deadLossThreshold: try optional("deadLossThreshold", 1.7),
                                    deadRule: variant.flatMap(DeadRule.init(rawValue:)) ?? .reluOnly)
    let final = trajectory.final
    return [
      ("losses", JSONValue(Tensor(trajectory.losses))), ("weight", JSONValue(Tensor(final.weight))),
      ("bias", .double(final.bias)),
      ("finalLoss", .double(trajectory.finalLoss)), ("preactivationAtMean", .double(classifier.preactivationAtMean(final))),
      ("boundaryDistance", .double(classifier.boundaryDistance(final))),
      ("class", .string(classifier.classify(final, finalLoss: trajectory.finalLoss).rawValue)),
      ("geometricClass", .string(classifier.classifyGeometrically(final, finalLoss: trajectory.finalLoss).rawValue))
    ]
  }

  static let mlpMetrics = OracleFunction(
    name: "abs.mlp.metrics", summary: "Table 5's ensemble metrics from several models' test logits (ABS-25, ABS-26)",
    arguments: [
      ("logits", "T[m,n,c]: model k's logits (negated output activations) for n test points"),
      ("labels", "T[n] classes 0 ... c-1")
    ],
    results: [
      ("accuracies", "T[m]"), ("accuracyMean", ""), ("accuracyMin", ""), ("accuracyMax", ""),
      ("precision", "macro, mean over models"),
      ("recall", ""), ("f1", ""), ("testError", "mean cross-entropy, mean over models"), ("averageErrorCount", "sum(E) / m"),
      ("uniqueErrors", "#{E > 0}"), ("consistentErrors", "#{E = m}"), ("votingErrors", "#{E >= m / 2}"),
      ("l2Errors", "errors of argmin_c sum_k logits_k(c)^2"), ("errorsPerPoint", "T[n]: E")
    ],
    cost: .init("scalars 3 m n c, steps 4 m n c") { a in
      let size = a.size("logits")
      return OracleCost(scalars: 3 * size, steps: 4 * size)
    },
    spec: ["ABS-30", "ABS-25", "ABS-26"],
    example: #"{"function":"abs.mlp.metrics","arguments":{"logits":{"shape":[2,2,2],"data":[1,0,0,1,0,1,1,0]},"labels":[0,1]}}"#
  ) { arguments, _ in
    let logits = try arguments.finiteTensor("logits"), labels = try arguments.labels("labels")
    guard logits.rank == 3, logits.shape[0] >= 1, logits.shape[1] == labels.count, logits.shape[1] >= 1, logits.shape[2] >= 2
    else {
      throw ReportError.badArgument(
        "logits", "expected T[m,n,c] with m >= 1, n = \(labels.count) (labels) >= 1, c >= 2, got \(logits.shape)")
    }
    if let label = labels.first(where: { $0 >= logits.shape[2] }) {
      throw ReportError.badArgument("labels", "label \(label) is outside 0..<\(logits.shape[2]) (c from logits)")
    }
    let (m, block) = (logits.shape[0], logits.shape[1] * logits.shape[2])
    let metrics: EnsembleMetrics
    do {
      metrics = try EnsembleMetrics(
        logits: (0..<m).map { Array(logits.scalars[($0 * block)..<(($0 + 1) * block)]) }, labels: labels,
        classes: logits.shape[2])
    } catch { throw ReportError.badArgument("logits", "\(error)") }
    let mean = { (v: [Double]) in v.reduce(0, +) / Double(v.count) }
    return [("accuracies", JSONValue(Tensor(metrics.accuracies))), ("accuracyMean", .double(mean(metrics.accuracies))),
      ("accuracyMin", .double(metrics.accuracies.min() ?? .nan)), ("accuracyMax", .double(metrics.accuracies.max() ?? .nan)),
      ("precision", .double(mean(metrics.precisions))), ("recall", .double(mean(metrics.recalls))),
      ("f1", .double(mean(metrics.f1Scores))),
      ("testError", .double(mean(metrics.testErrors))), ("averageErrorCount", .double(metrics.averageErrorCount)),
      ("uniqueErrors", .number(Double(metrics.uniqueErrors))), ("consistentErrors", .number(Double(metrics.consistentErrors))),
      ("votingErrors", .number(Double(metrics.votingErrors))), ("l2Errors", .number(Double(metrics.l2Errors))),
      ("errorsPerPoint", JSONValue(Tensor(metrics.errorsPerPoint.map(Double.init))))
    ]
  }
}
