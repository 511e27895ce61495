import Autodiff
import Evaluation
import Networks
import Tensors

/// `nn.lstm` (ORACLE-40): PyTorch's `nn.LSTM(batch_first=True)` over a packed batch, with its
/// VJP, for other implementations to check themselves against.
enum TextNetworkFunctions {
  static var all: [OracleFunction] { [lstm] }

  /// The LSTM the torch names describe: layers while `weight_ih_l<l>` is there, bidirectional
  /// when `weight_ih_l0_reverse` is, bias when `bias_ih_l0` is; the hidden size from
  /// `weight_hh_l0` [4H, H]; every other name is refused.
  static func layer(_ parameters: JSONValue, inputSize: Int, kernel: KernelChoice) throws(ReportError) -> (LSTM, ParameterStore) {
    guard let members = parameters.members else {
      throw .badArgument("parameters", "expected an object of tensors under torch's names")
    }
    let names = Set(members.map(\.0))
    var layers = 0
    while names.contains("weight_ih_l\(layers)") && layers < 64 { layers += 1 }
    guard layers >= 1, let hh = parameters["weight_hh_l0"] else {
      throw .badArgument("parameters", "missing weight_ih_l0 or weight_hh_l0")
    }
    let hidden = OracleArguments.init(.object([("w", hh)])).extent("w", 1)
    guard hidden >= 1, hidden <= 1_000_000 else { throw .badArgument("parameters", "weight_hh_l0 is not [4H, H] with H >= 1") }
    let layer: LSTM
    do {
      layer = try LSTM(inputSize: inputSize, hiddenSize: Int(hidden), layers: layers, bias: names.contains("bias_ih_l0"),
                       bidirectional: names.contains("weight_ih_l0_reverse"), kernel: kernel)
    } catch { throw .badArgument("parameters", error.description) }
    let expected = layer.parameterSpecs.map(\.name)
    if let extra = members.map(\.0).first(where: { !expected.contains($0) }) {
      throw .badArgument("parameters", "unexpected name \(extra); this LSTM's parameters are \(expected.joined(separator: ", "))")
    }
    var values: [Parameter] = []
    for spec in layer.parameterSpecs {
      guard let value = parameters[spec.name] else { throw .badArgument("parameters", "missing \(spec.name)") }
      let tensor = try value.tensor(named: "parameters.\(spec.name)")
      guard tensor.shape == spec.shape else {
        throw .badArgument("parameters", "\(spec.name) has shape \(tensor.shape), expected \(spec.shape)")
      }
      values.append(Parameter(name: spec.name, value: tensor))
    }
    do { return (layer, try ParameterStore(values)) } catch { throw .badArgument("parameters", error.description) }
  }

  /// An optional cotangent of the given shape (zeros when absent).
  static func cotangent(_ arguments: OracleArguments, _ name: String, shape: [Int]) throws(ReportError) -> Tensor {
    guard arguments.has(name) else { return Tensor.zeros(shape) }
    let g = try arguments.tensor(name)
    guard g.shape == shape else { throw .badArgument(name, "shape \(g.shape) is not \(shape)") }
    return g
  }

  static let lstm = OracleFunction(
    name: "nn.lstm",
    summary:
      """
        PyTorch's nn.LSTM(batch_first=True) over a batch of sequences of different lengths (as packed sequences), final states \
        and the VJP (FOUND-91, NET-71 ... NET-73)
        """,
    arguments: [("input", "T[B,T,D]"),
      (
        "parameters",
        """
          {name: T} under torch's names: weight_ih_l<l> [4H,in], weight_hh_l<l> [4H,H], optional bias_ih_l<l>, bias_hh_l<l> \
          [4H], and the same with suffix _reverse for a bidirectional LSTM; the layer count, direction count and bias follow \
          from the names
          """
      ),
      ("lengths", "optional [B] integers in 1...T, default all T"),
      ("cotangent", "optional T[B,T,directions H]"), ("cotangentHidden", "optional T[layers directions,B,H]"),
      (
        "cotangentCell",
        """
          optional T[layers directions,B,H]: with any cotangent, the gradients of sum(output cotangent) + sum(h_n \
          cotangentHidden) + sum(c_n cotangentCell) are returned
          """
      )
    ],
    results: [
      ("output", "T[B,T,directions H], 0 at padded positions"), ("h_n", "T[layers directions,B,H]"),
      ("c_n", "T[layers directions,B,H]"),
      ("gradients", "{input, parameters {name: T}} (when a cotangent is given)")
    ],
    variants: ["fast", "reference"],
    cost: .init("with H from weight_hh_l0, L the number of weight_ih_l<l>, W = max(D, 2H) + H + 2: "
                + "scalars 4 (B T D + 8 L H W) + 40 L B T H, steps 48 L B T H W") { a in
      let (b, t, d) = (a.extent("input", 0), a.extent("input", 1), a.extent("input", 2))
      let parameters = a.values["parameters"]
      let h = OracleArguments(.object([("w", parameters?["weight_hh_l0"] ?? .null)])).extent("w", 1)
      let layers = Double(parameters?.members?.filter { $0.0.hasPrefix("weight_ih_l") && !$0.0.hasSuffix("_reverse") }.count ?? 0)
      let w = Swift.max(d, 2 * h) + h + 2
      return OracleCost(
        scalars: 4 * (b * t * d + 8 * layers * h * w) + 40 * layers * b * t * h, steps: 48 * layers * b * t * h * w)
    },
    spec: ["ORACLE-40", "FOUND-91", "NET-71"],
    example:
      #"{"function":"nn.lstm","arguments":{"input":{"shape":[2,2,1],"data":[1,-1,0.5,2]},"parameters":{"weight_ih_l0":{"shape":[4,1],"data":[1,0,1,0]},"weight_hh_l0":{"shape":[4,1],"data":[0,1,0,1]},"weight_ih_l0_reverse":{"shape":[4,1],"data":[1,1,1,1]},"weight_hh_l0_reverse":{"shape":[4,1],"data":[0,0,0,0]}},"lengths":[2,1],"cotangent":{"shape":[2,2,2],"data":[1,0,0,1,1,1,0,0]},"cotangentHidden":{"shape":[2,2,1],"data":[1,2,3,4]}}}"#
  ) { arguments, variant in
    let x = try arguments.tensor("input")
    guard x.rank == 3, x.shape.allSatisfy({ $0 >= 1 }) else {
      throw ReportError.badArgument("input", "expected T[B,T,D] with every extent >= 1, got shape \(x.shape)")
    }
    guard let given = arguments.values["parameters"] else { throw ReportError.badArgument("parameters", "missing") }
    let (layer, parameters) = try TextNetworkFunctions.layer(
      given, inputSize: x.shape[2], kernel: variant == "reference" ? .reference : .fast)
    let lengths = arguments.has("lengths") ? try arguments.labels("lengths") : nil
    if let lengths, lengths.count != x.shape[0] || lengths.contains(where: { $0 < 1 || $0 > x.shape[1] }) {
      throw ReportError.badArgument("lengths", "expected \(x.shape[0]) integers in 1...\(x.shape[1]), got \(lengths)")
    }
    do {
      let network = try Network(layer, parameters: parameters)
      let tape = Tape()
      let context = network.context(tape: tape, mode: .evaluation)
      let input = tape.variable(x)
      let result = try layer.run(input, lengths: lengths, context: context)
      let (hN, cN) = (try result.stackedFinalHidden(), try result.stackedFinalCell())
      var results: [(String, JSONValue)] = [
        ("output", JSONValue(result.output.value)), ("h_n", JSONValue(hN.value)), ("c_n", JSONValue(cN.value))
      ]
      if arguments.has("cotangent") || arguments.has("cotangentHidden") || arguments.has("cotangentCell") {
        let loss =
          try result.output.multiplying(try TextNetworkFunctions.cotangent(arguments, "cotangent", shape: result.output.shape))
          .sum()
          + hN.multiplying(try TextNetworkFunctions.cotangent(arguments, "cotangentHidden", shape: hN.shape)).sum()
          + cN.multiplying(try TextNetworkFunctions.cotangent(arguments, "cotangentCell", shape: cN.shape)).sum()
        let (gradients, inputGradient) = try context.gradients(of: loss, inputs: [input])
        let named = parameters.names.map { name in (name, JSONValue(gradients[name] ?? Tensor.zeros([0]))) }
        results.append(("gradients", .object([("input", JSONValue(inputGradient[0])), ("parameters", .object(named))])))
      }
      return results
    } catch let error as NetworkError {
      throw ReportError.badArgument("parameters", error.description)
    } catch let error as TensorError {
      throw ReportError.badArgument("input", error.description)
    }
  }
}
