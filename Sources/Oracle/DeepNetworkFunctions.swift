import Autodiff
import Evaluation
import Networks
import Tensors

/// `nn.conv2d` and `nn.batchnorm` (NET-48): PyTorch's `F.conv2d` and `nn.BatchNorm1d/2d` with
/// their VJPs, for other implementations to check themselves against.
enum DeepNetworkFunctions {
  static var all: [OracleFunction] { [conv2d, batchnorm] }

  /// A pair of integers from a number or a two-element array (torch's int-or-tuple arguments).
  static func pair(_ arguments: OracleArguments, _ name: String, default value: Int) throws(ReportError) -> (Int, Int) {
    guard let item = arguments.values[name] else { return (value, value) }
    // Integers of at most 10^9 in magnitude: larger ones fit no image (and beyond Int's range would trap).
    func integral(_ x: Double) -> Bool { x == x.rounded() && Swift.abs(x) <= 1e9 }
    if let x = item.number, integral(x) { return (Int(x), Int(x)) }
    guard let items = item.array, items.count == 2, let a = items[0].number, let b = items[1].number, integral(a), integral(b)
    else {
      throw .badArgument(name, "expected an integer or [height, width], integers of at most 1e9 in magnitude")
    }
    return (Int(a), Int(b))
  }

  /// The padding: [ph, pw] or n (torch's symmetric padding), [top, bottom, left, right], or one
  /// of "same", "valid", "tensorflowSame".
  static func padding(_ arguments: OracleArguments) throws(ReportError) -> WindowPadding {
    if let mode = arguments.values["padding"]?.string {
      switch mode {
      case "same": return .same
      case "valid": return .valid
      case "tensorflowSame": return .tensorFlowSame
      default:
        throw .badArgument("padding", "expected same, valid, tensorflowSame, a number, [ph, pw] or [top, bottom, left, right]")
      }
    }
    if let items = arguments.values["padding"]?.array, items.count == 4 {
      let v = items.compactMap { $0.number }.filter { $0 == $0.rounded() && Swift.abs($0) <= 1e9 }.map { Int($0) }
      guard v.count == 4 else { throw .badArgument("padding", "four integers [top, bottom, left, right]") }
      return .explicit(top: v[0], bottom: v[1], left: v[2], right: v[3])
    }
    let (h, w) = try pair(arguments, "padding", default: 0)
    return .symmetric(h, w)
  }

  /// The optional cotangent argument, checked against the output's shape.
  static func cotangent(_ arguments: OracleArguments, shape: [Int]) throws(ReportError) -> Tensor? {
    guard arguments.has("cotangent") else { return nil }
    let g = try arguments.tensor("cotangent")
    guard g.shape == shape else { throw .badArgument("cotangent", "shape \(g.shape) is not the output's \(shape)") }
    return g
  }

  static let conv2d = OracleFunction(
    name: "nn.conv2d",
    summary: "PyTorch's F.conv2d and its VJP (FOUND-80 ... FOUND-82, NET-33)",
    arguments: [("input", "T[N,C,H,W]"), ("weight", "T[O,C/groups,kH,kW]"), ("bias", "optional T[O]"),
                ("stride", "optional n or [sH, sW], default 1"),
      (
        "padding",
        """
          optional n, [pH, pW], [top, bottom, left, right], \"same\" (PyTorch, stride 1), \"valid\" or \"tensorflowSame\"; \
          default 0
          """
      ),
      ("dilation", "optional n or [dH, dW], default 1"), ("groups", "optional, default 1"),
      ("cotangent", "optional T[N,O,OH,OW]: the gradients of sum(output * cotangent) are returned")
    ],
    results: [("output", "T[N,O,OH,OW]"), ("gradients", "{input, weight, bias} (when a cotangent is given; bias when given)")],
    variants: ["fast", "reference"],
    cost: .init("with P = the largest padding number (kH, kW for the named paddings), OH = H + 2P, OW = W + 2P: "
                + "scalars 3 (N C H W + O C kH kW) + 3 N O OH OW + 2 N OH OW C kH kW, steps 3 N O OH OW C kH kW") { a in
      let (n, c, h, w) = (a.extent("input", 0), a.extent("input", 1), a.extent("input", 2), a.extent("input", 3))
      let (o, kh, kw) = (a.extent("weight", 0), a.extent("weight", 2), a.extent("weight", 3))
      let numbers = a.values["padding"]?.array?.compactMap(\.number) ?? a.values["padding"]?.number.map { [$0] } ?? []
      let pad =
        numbers.isEmpty
        ? (a.values["padding"] == nil ? 0 : Swift.max(kh, kw)) : numbers.map { $0.isNaN ? 0 : Swift.max(0, $0) }.max()!
      let (oh, ow) = (h + 2 * pad, w + 2 * pad)
      let patches = n * oh * ow * c * kh * kw
      return OracleCost(
        scalars: 3 * (n * c * h * w + o * c * kh * kw) + 3 * n * o * oh * ow + 2 * patches, steps: 3 * o * patches)
    },
    spec: ["NET-48", "FOUND-80", "NET-33"],
    example:
      #"{"function":"nn.conv2d","arguments":{"input":{"shape":[1,1,3,3],"data":[1,2,3,4,5,6,7,8,9]},"weight":{"shape":[1,1,2,2],"data":[1,0,0,1]},"stride":1,"padding":1,"cotangent":{"shape":[1,1,4,4],"data":[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]}}}"#
  ) { arguments, variant in
    let tape = Tape()
    let x = tape.variable(try arguments.tensor("input")), w = tape.variable(try arguments.tensor("weight"))
    let b = arguments.has("bias") ? tape.variable(try arguments.tensor("bias")) : nil
    let y = try x.conv2d(weight: w, bias: b, stride: try pair(arguments, "stride", default: 1), padding: try padding(arguments),
      dilation: try pair(arguments, "dilation", default: 1),
      groups: arguments.has("groups") ? try arguments.integer("groups", in: 1...1_000_000) : 1,
      kernel: variant == "reference" ? .reference : .fast)
    var results: [(String, JSONValue)] = [("output", JSONValue(y.value))]
    if let g = try cotangent(arguments, shape: y.shape) {
      let grads = try tape.gradients(of: y, withRespectTo: [x, w] + (b.map { [$0] } ?? []), seed: g)
      results.append(
        (
          "gradients",
          .object(
            [("input", JSONValue(grads[0])), ("weight", JSONValue(grads[1]))] + (b == nil ? [] : [("bias", JSONValue(grads[2]))]))
        ))
    }
    return results
  }

  static let batchnorm = OracleFunction(
    name: "nn.batchnorm",
    summary:
      """
        PyTorch's nn.BatchNorm1d/2d forward in training or evaluation mode, the running statistics after it, and the VJP \
        (FOUND-87, NET-36)
        """,
    arguments: [("input", "T[N,C] or T[N,C,L] (BatchNorm1d) or T[N,C,H,W] (BatchNorm2d)"), ("weight", "T[C]"), ("bias", "T[C]"),
                ("runningMean", "T[C]"), ("runningVar", "T[C]"), ("numBatchesTracked", "optional, default 0"),
                ("mode", "training|evaluation"), ("eps", "optional, default 1e-5"), ("momentum", "optional, default 0.1"),
                ("cotangent", "optional T of the input's shape: the gradients of sum(output * cotangent) are returned")],
    results: [("output", "T of the input's shape"), ("runningMean", "T[C] after the pass"), ("runningVar", "T[C] after the pass"),
              ("numBatchesTracked", "number after the pass"), ("gradients", "{input, weight, bias} (when a cotangent is given)")],
    cost: .init("scalars 12 size(input) + 8 C, steps 20 size(input)") { a in
      OracleCost(scalars: 12 * a.size("input") + 8 * a.extent("input", 1), steps: 20 * a.size("input"))
    },
    spec: ["NET-48", "FOUND-87", "NET-36"],
    example:
      #"{"function":"nn.batchnorm","arguments":{"input":{"shape":[2,2],"data":[1,2,3,5]},"weight":[1,1],"bias":[0,0],"runningMean":[0,0],"runningVar":[1,1],"mode":"training","cotangent":{"shape":[2,2],"data":[1,0,0,1]}}}"#
  ) { arguments, _ in
    let x = try arguments.tensor("input")
    let mode: ForwardContext.Mode =
      try arguments.string("mode", oneOf: ["training", "evaluation"]) == "training" ? .training : .evaluation
    let eps = arguments.has("eps") ? try arguments.number("eps") : 1e-5
    let momentum = arguments.has("momentum") ? try arguments.number("momentum") : 0.1
    let tracked = arguments.has("numBatchesTracked") ? try arguments.number("numBatchesTracked") : 0
    do {
      guard x.rank >= 2 else { throw ReportError.badArgument("input", "expected rank 2, 3 or 4, got shape \(x.shape)") }
      let layer = try BatchNorm(x.rank == 4 ? .two : .one, features: x.shape[1], eps: eps, momentum: momentum)
      let parameters = try ParameterStore([Parameter(name: "weight", value: try arguments.tensor("weight")),
                                           Parameter(name: "bias", value: try arguments.tensor("bias"))])
      let buffers = try BufferStore([Buffer(name: "running_mean", value: try arguments.tensor("runningMean")),
                                     Buffer(name: "running_var", value: try arguments.tensor("runningVar")),
                                     Buffer(name: "num_batches_tracked", value: Tensor(scalar: tracked))])
      var network = try Network(layer, parameters: parameters, buffers: buffers)
      let tape = Tape()
      let context = network.context(tape: tape, mode: mode)
      let input = tape.variable(x)
      let y = try network(input, context: context)
      network.commitBuffers(from: context)
      var results: [(String, JSONValue)] = [
        ("output", JSONValue(y.value)), ("runningMean", JSONValue(try network.buffers.value("running_mean"))),
        ("runningVar", JSONValue(try network.buffers.value("running_var"))),
        ("numBatchesTracked", .double(try network.buffers.value("num_batches_tracked").scalars[0]))
      ]
      if let g = try cotangent(arguments, shape: y.shape) {
        let grads = try tape.gradients(of: y, withRespectTo: [input] + context.parameterVariables, seed: g)
        results.append(
          ("gradients", .object([("input", JSONValue(grads[0])), ("weight", JSONValue(grads[1])), ("bias", JSONValue(grads[2]))]))
        )
      }
      return results
    } catch let error as NetworkError {
      // Shapes that do not fit (channels, ranks, a batch of one value per channel in training).
      throw ReportError.badArgument("input", error.description)
    }
  }
}
