import Evaluation
import Neighbors
import Networks
import Tensors

/// The EBE-DNN oracle functions (ORACLE-60, ORACLE-61): the attribution over given embeddings,
/// and the embeddings a ResNet18 with given weights computes at a tap.
public enum EBEOracleFunctions {
  public static var all: [OracleFunction] { [attribution, embed] }

  /// The shape a tensor argument states (`shape` of a {"shape", "data"} object, [count] of a plain
  /// array), each extent a non-negative number: for cost estimates only (ORACLE-21).
  static func extents(_ value: JSONValue) -> [Double] {
    if let items = value.array { return [Double(items.count)] }
    return (value["shape"]?.array ?? []).map { item in item.number.map { $0.isNaN ? 0 : Swift.max(0, $0) } ?? 0 }
  }

  /// Any error of the evaluation as a `badArgument` naming `argument`.
  static func naming<T>(_ argument: String, _ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as ReportError { throw error } catch {
      throw ReportError.badArgument(argument, "\(error)")
    }
  }

  static let attribution = OracleFunction(
    name: "ebe.attribution",
    summary:
      """
        EBE-DNN's prediction and example attribution from training and query embeddings: cosine k nearest neighbours, majority \
        vote (EBE-5, EBE-6)
        """,
    arguments: [("train", "T[n,d]: training embeddings"), ("labels", "T[n]: integer classes in 0..<C"), ("classes", "C"),
                ("queries", "T[m,d]: query embeddings"), ("k", "optional, 1...n, default 10 (n when n < 10)"),
                ("tieRule", "lowestClass (default) | firstAmongNeighbours"), ("neighbourSet", "exactlyK (default) | allTiedAtK")],
    results: [("neighbours", "per query, the voting training indices in (distance, index) order"),
              ("labels", "per query, their classes"), ("similarities", "per query, their cosine similarities 1 - d"),
              ("weights", "per query, their attribution weights (every other training example has weight 0)"),
      ("prediction", "T[m]"), ("fractions", "T[m,C]: weights . one-hot labels"),
      ("concentration", "T[m]: training examples with non-zero weight")
    ],
    cost: .init("scalars 2 n d + m d + m C + 4 m n + 512 n, steps 2 m n d + m C") { a in
      let (n, d, m, c) = (a.extent("train", 0), a.extent("train", 1), a.extent("queries", 0), a.count("classes"))
      return OracleCost(scalars: 2 * n * d + m * d + m * c + 4 * m * n + 512 * n, steps: 2 * m * n * d + m * c)
    },
    spec: ["ORACLE-60", "EBE-5", "EBE-6"],
    example:
      #"{"function":"ebe.attribution","arguments":{"train":{"shape":[4,2],"data":[1,0,2,0.1,0,1,-1,0]},"labels":[0,1,1,0],"classes":2,"queries":{"shape":[1,2],"data":[3,0]},"k":2}}"#
  ) { a, _ in
    let train = try a.finiteTensor("train")
    guard train.rank == 2, train.shape[0] >= 1 else {
      throw ReportError.badArgument("train", "expected T[n,d] with n >= 1, got shape \(train.shape)")
    }
    let n = train.shape[0]
    let queries = try a.finiteTensor("queries")
    guard queries.rank == 2, queries.shape[1] == train.shape[1] else {
      throw ReportError.badArgument("queries", "expected T[m,\(train.shape[1])] (d from train), got shape \(queries.shape)")
    }
    let classes = try a.integer("classes", in: 1...1_000_000)
    let labels = try a.labels("labels")
    guard labels.count == n else {
      throw ReportError.badArgument("labels", "expected \(n) labels (one per training row), got \(labels.count)")
    }
    if let label = labels.first(where: { $0 >= classes }) {
      throw ReportError.badArgument("labels", "label \(label) is outside 0..<\(classes) (classes)")
    }
    let k = a.has("k") ? try a.integer("k", in: 1...n) : Swift.min(10, n)
    let tieName = a.has("tieRule") ? try a.string("tieRule", oneOf: ["lowestClass", "firstAmongNeighbours"]) : "lowestClass"
    let tieRule: TieRule = tieName == "firstAmongNeighbours" ? .firstAmongNeighbours : .lowestClass
    let set =
      a.has("neighbourSet")
      ? NeighbourSet(rawValue: try a.string("neighbourSet", oneOf: NeighbourSet.allCases.map(\.rawValue)))! : .exactlyK
    let model = try naming("train") { try EBEModel(embeddings: train, labels: labels, classCount: classes,
                                                  configuration: EBEConfiguration(k: k, tieRule: tieRule, neighbourSet: set)) }
    let explanations = queries.shape[0] == 0 ? [] : try naming("queries") { try model.explain(queries) }
    func lists(_ value: (EBEExplanation.Neighbour) -> Double) -> JSONValue {
      .array(explanations.map { e in .array(e.neighbours.map { .double(value($0)) }) })
    }
    return [
      ("neighbours", lists { Double($0.index) }), ("labels", lists { Double($0.label) }), ("similarities", lists(\.similarity)),
      ("weights", lists(\.weight)), ("prediction", JSONValue(Tensor(explanations.map { Double($0.prediction) }))),
      ("fractions", JSONValue(try Tensor(shape: [explanations.count, classes], scalars: explanations.flatMap(\.fractions)))),
      ("concentration", JSONValue(Tensor(explanations.map { Double($0.concentration) })))
    ]
  }

  static let embed = OracleFunction(
    name: "ebe.embed",
    summary:
      """
        the embeddings of a torchvision ResNet18 (architecture read off the weights' shapes) at a named tap, evaluation mode \
        (EBE-3, EBE-4, EBE-11)
        """,
    arguments: [
      ("weights", "{state_dict name: T}: every parameter and buffer of a torchvision ResNet18 (num_batches_tracked optional)"),
      ("inputs", "T[N,C,H,W]: normalised images"), ("tap", "a tap name of the model (e.g. layer2, avgpool, fc)"),
      ("reduction", "flatten (default) | globalAveragePool")
    ],
    results: [("embeddings", "T[N,d]"), ("taps", "the model's candidate taps (EBE-3), in order"),
              ("architecture", "{stem, widths, inputChannels, classes} read off the weights")],
    cost: .init("with P = the weights' total size and K = their largest first extent (at least C): "
                + "scalars 2 P + N C H W + 100 N K H W, steps N H W P + 100 N K H W") { a in
      let shapes = (a.values["weights"]?.members ?? []).map { extents($0.1) }
      let p = shapes.reduce(0) { $0 + $1.reduce(1, *) }
      let (n, c, h, w) = (a.extent("inputs", 0), a.extent("inputs", 1), a.extent("inputs", 2), a.extent("inputs", 3))
      let k = Swift.max(c, shapes.compactMap(\.first).max() ?? 1)
      return OracleCost(scalars: 2 * p + n * c * h * w + 100 * n * k * h * w, steps: n * h * w * p + 100 * n * k * h * w)
    },
    spec: ["ORACLE-61", "EBE-3", "EBE-4", "EBE-11"],
    example: embedExample
  ) { a, _ in
    guard let members = a.values["weights"]?.members else {
      throw ReportError.badArgument("weights", "expected an object of named tensors")
    }
    var tensors: [String: Tensor] = [:]
    for (name, value) in members {
      guard tensors[name] == nil else { throw ReportError.badArgument("weights", "'\(name)' appears twice") }
      tensors[name] = try value.tensor(named: "weights.\(name)")
    }
    let network = try naming("weights") { try BackboneWeights.network(tensors) }
    let inputs = try a.finiteTensor("inputs")
    guard let resnet = network.layer as? ResNet, inputs.rank == 4, inputs.shape[0] >= 1, inputs.shape[1] == resnet.inputChannels,
          inputs.shape[2] >= 1, inputs.shape[3] >= 1 else {
      throw ReportError.badArgument(
        "inputs",
        "expected T[N,\((network.layer as? ResNet)?.inputChannels ?? 0),H,W] with N, H, W >= 1, got shape \(inputs.shape)")
    }
    guard let tap = a.values["tap"]?.string, network.tapNames.contains(tap) else {
      throw ReportError.badArgument(
        "tap", "expected one of \(EmbeddingTaps.candidates(of: network).joined(separator: ", ")) (or any tap of the model)")
    }
    let reduction =
      a.has("reduction")
      ? EmbeddingReduction(rawValue: try a.string("reduction", oneOf: EmbeddingReduction.allCases.map(\.rawValue)))! : .flatten
    let embeddings = try naming("inputs") {
      try EmbeddingTaps.embed(network, inputs: inputs, taps: [tap], reduction: reduction, batchSize: inputs.shape[0])
    }
    return [
      ("embeddings", JSONValue(embeddings[tap]!)), ("taps", .array(EmbeddingTaps.candidates(of: network).map(JSONValue.string))),
      (
        "architecture",
        .object([
          ("stem", .string(resnet.stem == .imageNet ? "imageNet" : "smallImage")),
          ("widths", .array(resnet.widths.map { .number(Double($0)) })),
          ("inputChannels", .number(Double(resnet.inputChannels))), ("classes", .number(Double(resnet.classes)))
        ])
      )
    ]
  }

  /// The example request of `ebe.embed` (ORACLE-75): every state_dict entry of a torchvision
  /// ResNet18 of stage widths 1, 2, 4, 8 (one input channel, two classes), convolution weights 0.1,
  /// BatchNorm at its start, one 8 x 8 input of 0.25, tap layer2 pooled.
  public static var embedExample: String {
    func tensor(_ shape: [Int], _ value: Double) -> String {
      "{\"shape\":\(shape),\"data\":[\(Array(repeating: "\(value)", count: shape.reduce(1, *)).joined(separator: ","))]}"
    }
    func batchNorm(_ prefix: String, _ c: Int) -> [String] {
      [
        "\"\(prefix).weight\":\(tensor([c], 1))", "\"\(prefix).bias\":\(tensor([c], 0))",
        "\"\(prefix).running_mean\":\(tensor([c], 0))",
        "\"\(prefix).running_var\":\(tensor([c], 1))", "\"\(prefix).num_batches_tracked\":\(tensor([], 0))"
      ]
    }
    var entries = ["\"conv1.weight\":\(tensor([1, 1, 7, 7], 0.1))"] + batchNorm("bn1", 1)
    var channels = 1
    for (s, width) in [1, 2, 4, 8].enumerated() {
      for b in 0..<2 {
        let prefix = "layer\(s + 1).\(b)"
        entries.append("\"\(prefix).conv1.weight\":\(tensor([width, channels, 3, 3], 0.1))")
        entries += batchNorm("\(prefix).bn1", width)
        entries.append("\"\(prefix).conv2.weight\":\(tensor([width, width, 3, 3], 0.1))")
        entries += batchNorm("\(prefix).bn2", width)
        if channels != width {
          entries.append("\"\(prefix).downsample.0.weight\":\(tensor([width, channels, 1, 1], 0.1))")
          entries += batchNorm("\(prefix).downsample.1", width)
        }
        channels = width
      }
    }
    entries += ["\"fc.weight\":\(tensor([2, 8], 0.1))", "\"fc.bias\":\(tensor([2], 0.5))"]
    return "{\"function\":\"ebe.embed\",\"arguments\":{\"weights\":{\(entries.joined(separator: ","))},"
      + "\"inputs\":\(tensor([1, 1, 8, 8], 0.25)),\"tap\":\"layer2\",\"reduction\":\"globalAveragePool\"}}"
  }
}
