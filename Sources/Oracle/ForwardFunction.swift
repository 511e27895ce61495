import Autodiff
import Evaluation
import Formats
import Foundation
import Networks
import Randomness
import Tensors

/// `nn.forward` (ORACLE-77): a whole architecture by name, its weights under PyTorch's
/// `state_dict` names (inline or a safetensors file) and an input batch -> the output, every tap
/// (NET-32), and with labels the mean cross-entropy and its gradients with respect to every
/// parameter (and the input, for image models). One request checks a whole model of another
/// implementation against this one, layer by layer.
enum ForwardFunction {
  /// The architectures by name and the options each reads from `options` (defaults in brackets).
  static let architectures: [(name: String, options: String)] = [
    ("mlp", "widths [in, ..., out] (required), activation relu|tanh|sigmoid|abs|identity|leakyReLU [relu], slope [0.01]"),
    ("convNet", "seed 000's ConvNet (NET-39): inputChannels [3], height [32], width [32], classes [10], widths [[32, 64, 128]]"),
    ("papernotMNIST", "NET-40: inputChannels [1], height [28], width [28], filters [64], classes [10]"),
    ("resnet18", "inputChannels [3], classes [10], widthMultiplier [1], stem imageNet|smallImage [imageNet]"),
    ("bilstm", "BiLSTMClassifier (NET-75): vocabulary, embedding, hidden, classifierHidden, classes (required), layers [1], "
       + "bidirectional [true], dropout [0], paddingIndex [0; -1 for none]"),
    ("kimCNN", "KimCNN (NET-76): vocabulary, embedding, filters, classes (required), widths [[3, 4, 5]], hiddenWidths [[]], "
       + "dropout [0], paddingIndex [0; -1 for none]"),
  ]

  /// Text architectures take token ids [B, L] and give no input gradient.
  static let textArchitectures: Set<String> = ["bilstm", "kimCNN"]

  /// The layer `name` with `options` (an object of the options above).
  static func layer(_ name: String, _ options: OracleArguments) throws(ReportError) -> any Layer {
    func int(_ key: String, _ fallback: Int? = nil) throws(ReportError) -> Int {
      if !options.has(key), let fallback { return fallback }
      return try options.integer(key, in: -1...100_000)
    }
    func ints(_ key: String, _ fallback: [Int]) throws(ReportError) -> [Int] {
      guard options.has(key) else { return fallback }
      return try options.tensor(key).scalars.map { x throws(ReportError) in
        guard x == x.rounded(), x >= 1, x <= 100_000 else {
          throw .badArgument("options.\(key)", "expected integers in 1...100000, got \(x)")
        }
        return Int(x)
      }
    }
    func padding() throws(ReportError) -> Int? {
      let index = try int("paddingIndex", 0)
      return index < 0 ? nil : index
    }
    do {
      switch name {
      case "mlp":
        let activation: Nonlinearity
        switch options.has("activation")
          ? try options.string("activation", oneOf: ["relu", "tanh", "sigmoid", "abs", "identity", "leakyReLU"]) : "relu"
        {
        case "tanh": activation = .tanh
        case "sigmoid": activation = .sigmoid
        case "abs": activation = .abs
        case "identity": activation = .identity
        case "leakyReLU": activation = .leakyReLU(slope: options.has("slope") ? try options.finiteNumber("slope") : 0.01)
        default: activation = .relu
        }
        return try MLP.make(widths: try ints("widths", []), activation: activation)
      case "convNet":
        let w = try ints("widths", [32, 64, 128])
        guard w.count == 3 else { throw ReportError.badArgument("options.widths", "three widths (conv1, conv2, fc1)") }
        return try ConvolutionalNetworks.convNet(
          inputChannels: try int("inputChannels", 3), imageSize: (try int("height", 32), try int("width", 32)),
          classes: try int("classes", 10), widths: (w[0], w[1], w[2]))
      case "papernotMNIST":
        return try ConvolutionalNetworks.papernotMNIST(inputChannels: try int("inputChannels", 1),
                                                       imageSize: (try int("height", 28), try int("width", 28)),
                                                       filters: try int("filters", 64), classes: try int("classes", 10))
      case "resnet18":
        let stem: ResNet.Stem =
          (options.has("stem") ? try options.string("stem", oneOf: ["imageNet", "smallImage"]) : "imageNet") == "imageNet"
          ? .imageNet : .smallImage
        return try ResNet.resnet18(inputChannels: try int("inputChannels", 3), classes: try int("classes", 10),
          widthMultiplier: options.has("widthMultiplier") ? try options.finiteNumber("widthMultiplier") : 1, stem: stem)
      case "bilstm":
        return try BiLSTMClassifier(vocabulary: try int("vocabulary"), embedding: try int("embedding"), hidden: try int("hidden"),
                                    layers: try int("layers", 1),
                                    bidirectional: options.has("bidirectional") ? try options.flag("bidirectional") : true,
                                    dropout: options.has("dropout") ? try options.finiteNumber("dropout") : 0,
          classifierHidden: try int("classifierHidden"), classes: try int("classes"), paddingIndex: try padding())
      default:  // kimCNN: the names are checked by the caller
        return try KimCNN(
          vocabulary: try int("vocabulary"), embedding: try int("embedding"), widths: try ints("widths", [3, 4, 5]),
          filters: try int("filters"), dropout: options.has("dropout") ? try options.finiteNumber("dropout") : 0,
          hiddenWidths: try ints("hiddenWidths", []), classes: try int("classes"), paddingIndex: try padding())
      }
    } catch let error as NetworkError {
      throw .badArgument("options", error.description)
    } catch let error as ReportError {
      throw error
    } catch {
      throw .badArgument("options", "\(error)")
    }
  }

  /// The weights: an object of tensors under the state_dict names, or a safetensors file.
  static func stateDict(_ arguments: OracleArguments) throws(ReportError) -> SafetensorsFile {
    switch (arguments.has("weights"), arguments.has("weightsFile")) {
    case (true, false):
      guard let members = arguments.values["weights"]?.members else {
        throw .badArgument("weights", "expected an object of tensors under the state_dict names")
      }
      var tensors: [SafetensorsTensor] = []
      for (name, value) in members {
        tensors.append(SafetensorsTensor(name: name, value: try value.tensor(named: "weights.\(name)")))
      }
      return SafetensorsFile(tensors: tensors)
    case (false, true):
      guard let path = arguments.values["weightsFile"]?.string else { throw .badArgument("weightsFile", "expected a path") }
      do { return try SafetensorsFile(contentsOf: URL(fileURLWithPath: path)) } catch {
        throw .badArgument("weightsFile", error.description)
      }
    default:
      throw .badArgument("weights", "give exactly one of weights (an object of tensors) and weightsFile (a safetensors path)")
    }
  }

  /// The cost bound of ORACLE-77. Image and mlp models measure their activations with one
  /// evaluation pass of a single zero sample, run only when the steps and parameter bounds already
  /// hold (so the pass costs at most 1/N of an admitted request); token-id models, whose lengths
  /// decide the work, take the coarser (A + 2) S W.
  static func estimatedCost(_ a: OracleArguments) -> OracleCost {
    let options = OracleArguments(a.values["options"] ?? .object([]))
    guard let name = a.values["architecture"]?.string, let layer = try? layer(name, options) else {
      return OracleCost(scalars: a.size("input"), steps: a.size("input"))
    }
    let specs = layer.parameterSpecs + layer.bufferSpecs
    let parameters = specs.reduce(0.0) { $0 + Double($1.shape.reduce(1, *)) }
    let extents = a.extents("input")
    let n = Swift.max(1, extents.first ?? 1), sample = a.size("input") / n
    let steps = 6 * n * sample * parameters * (textArchitectures.contains(name) ? 300 : 1)
    let coarse = OracleCost(scalars: 3 * parameters + 2 * n * Double(layer.tapNames.count + 2) * sample * 300
                              * Double(specs.flatMap(\.shape).max() ?? 1), steps: steps)
    guard !textArchitectures.contains(name), steps <= OracleCost.limits.steps, 3 * parameters <= OracleCost.limits.scalars,
          let pass = try? oneSamplePass(layer, shape: [1] + extents.dropFirst().map { Int($0) }) else { return coarse }
    return OracleCost(scalars: 3 * parameters + 2 * n * (sample + pass), steps: steps)
  }

  /// The scalars of every tap and the output of one evaluation pass of a zero input of `shape`.
  static func oneSamplePass(_ layer: any Layer, shape: [Int]) throws -> Double {
    let zeros = try ParameterStore(layer.parameterSpecs.map { Parameter(name: $0.name, value: Tensor.zeros($0.shape)) })
    let network = try Network(layer, parameters: zeros)
    let tape = Tape()
    let context = network.context(tape: tape, mode: .evaluation)
    context.requestTaps(nil)
    let output = try network(tape.variable(Tensor.zeros(shape)), context: context)
    return context.tapValues.values.reduce(Double(output.value.count)) { $0 + Double($1.value.count) }
  }

  static let function = OracleFunction(
    name: "nn.forward",
    summary:
      "a whole architecture by name with PyTorch state_dict weights: output, every tap, and with labels the mean cross-entropy and "
      + "its gradients (NET-32, NET-77, ORACLE-77)",
    arguments: [("architecture", architectures.map(\.name).joined(separator: "|")),
      (
        "options",
        "object of the architecture's options: " + architectures.map { "\($0.name): \($0.options)" }.joined(separator: "; ")
      ),
      ("weights", "object of T under the state_dict names (every parameter and buffer), or"),
      ("weightsFile", "a safetensors file of them (F64 or F32)"),
      ("input", "T[N, ...] (images N,C,H,W; token ids N,L for bilstm and kimCNN; N,in for mlp)"),
      ("labels", "optional [N] classes: adds the mean cross-entropy and the gradients"),
      ("mode", "optional evaluation (default) | training (batch statistics, dropout)"),
      ("seed", "optional seed of the dropout stream in training mode (our stream, not torch's), default 0"),
      ("taps", "optional [names]: the taps to return, default every tap")
    ],
    results: [("output", "T[N, classes]"), ("taps", "{name: T}, in recording order"), ("loss", "number (with labels)"),
              ("gradients", "{input (image and mlp models), every parameter by name: T} (with labels)")],
    cost: .init("with P parameters and buffers, N = input extent 0, S = size(input) / N, and T = the scalars of every tap "
        + "and the output of one sample (a shape pass on one zero sample, image and mlp models; (A + 2) S W for token ids, A taps, "
        + "W the widest parameter extent, x 300): scalars 3 P + 2 N (S + T), steps 6 N S P"
    ) { a in
      estimatedCost(a)
    },
    spec: ["ORACLE-77", "NET-32", "NET-77"],
    example:
      #"{"function":"nn.forward","arguments":{"architecture":"mlp","options":{"widths":[2,2,2]},"weights":{"0.weight":{"shape":[2,2],"data":[1,0,0,1]},"0.bias":[0,0],"2.weight":{"shape":[2,2],"data":[1,-1,-1,1]},"2.bias":[0,0]},"input":{"shape":[1,2],"data":[1,-2]},"labels":[0]}}"#
  ) { arguments, _ in
    let name = try arguments.string("architecture", oneOf: architectures.map(\.name))
    guard arguments.values["options"].map({ $0.members != nil }) ?? true else {
      throw ReportError.badArgument("options", "expected an object")
    }
    let layer = try layer(name, OracleArguments(arguments.values["options"] ?? .object([])))
    let network: Network
    do { network = try Network(layer, stateDict: try stateDict(arguments)) } catch let error as NetworkError {
      throw ReportError.badArgument(arguments.has("weights") ? "weights" : "weightsFile", error.description)
    }
    let modeName = arguments.has("mode") ? try arguments.string("mode", oneOf: ["evaluation", "training"]) : "evaluation"
    let mode: ForwardContext.Mode = modeName == "training" ? .training : .evaluation
    var requested: [String]? = nil
    if let items = arguments.values["taps"]?.array {
      requested = try items.map { item throws(ReportError) in
        guard let s = item.string else { throw ReportError.badArgument("taps", "expected tap names") }
        return s
      }
      do { try network.validateTaps(requested ?? []) } catch { throw ReportError.badArgument("taps", "\(error)") }
    }
    let x = try arguments.finiteTensor("input")
    let labels = arguments.has("labels") ? try arguments.labels("labels") : nil
    let tape = Tape()
    let random =
      mode == .training
      ? SeedStream(seed: UInt64(arguments.has("seed") ? try arguments.integer("seed", in: 0...Int(Int32.max)) : 0))
        .child("nn.forward dropout").generator() : nil
    let context = network.context(tape: tape, mode: mode, random: random)
    context.requestTaps(requested)
    let input = tape.variable(x, name: "input")
    let output: Variable
    do { output = try network(input, context: context) } catch {
      // The layers' own refusals (shapes, ranks, ids outside the vocabulary), as they describe themselves.
      throw ReportError.badArgument("input", "\(error)")
    }
    let taps = context.tapValues
    let recorded = (requested ?? network.tapNames).compactMap { name in taps[name].map { (name, JSONValue($0.value)) } }
    var results: [(String, JSONValue)] = [("output", JSONValue(output.value)), ("taps", .object(recorded))]
    if let labels {
      guard output.shape.count == 2, labels.count == output.shape[0] else {
        throw ReportError.badArgument("labels", "\(labels.count) labels for an output of shape \(output.shape)")
      }
      if let bad = labels.first(where: { $0 >= output.shape[1] }) {
        throw ReportError.badArgument("labels", "label \(bad) is outside 0..<\(output.shape[1])")
      }
      let text = textArchitectures.contains(name)
      let loss: Variable, parameters: ParameterGradients, inputs: [Tensor]
      do {
        loss = try Losses.crossEntropy(output, labels: labels)
        (parameters, inputs) = try context.gradients(of: loss, inputs: text ? [] : [input])
      } catch { throw ReportError.badArgument("labels", "\(error)") }
      let named = zip(parameters.names, parameters.values).map { ($0, JSONValue($1)) }
      results.append(("loss", .number(loss.value.scalars[0])))
      results.append(("gradients", .object((text ? [] : [("input", JSONValue(inputs[0]))]) + named)))
    }
    return results
  }
}
