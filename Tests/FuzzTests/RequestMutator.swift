import Evaluation
import Randomness

/// Structure-aware mutation of oracle requests (ORACLE-24): numbers, shapes, data, keys, nesting,
/// function and variant names, and then, sometimes, the serialized bytes.
struct RequestMutator {
  /// One valid request per function (and a second for some), every one answered by the oracle.
  static let corpus: [String] = [
    #"{"function":"tensor.matmul","arguments":{"a":{"shape":[1,2],"data":[1,2]},"b":{"shape":[2,1],"data":[3,0.1]}}}"#,
    #"{"function":"linalg.eigh","arguments":{"matrix":{"shape":[2,2],"data":[2,1,1,2]}}}"#,
    #"{"function":"linalg.cholesky","arguments":{"matrix":{"shape":[2,2],"data":[4,2,2,5]}}}"#,
    #"{"function":"stats.covariance","arguments":{"x":{"shape":[3,2],"data":[1,0,2,1,3,5]},"ddof":1}}"#,
    #"{"function":"nn.mlp","arguments":{"inputs":{"shape":[1,2],"data":[1,2]},"weights":[{"shape":[2,2],"data":[1,0,0,1]},{"shape":[1,2],"data":[1,-1]}],"biases":[[0,0],[0.5]],"activation":"relu","targets":{"shape":[1,1],"data":[0]}}}"#,
    #"{"function":"nn.mlp","arguments":{"inputs":{"shape":[2,1],"data":[1,-2]},"weights":[{"shape":[2,1],"data":[1,2]}],"biases":[[0,1]],"activation":"tanh","finalActivation":"leakyReLU","slope":0.1,"labels":[0,1]}}"#,
    #"{"function":"random.mt19937","arguments":{"seed":42,"count":2}}"#,
    #"{"function":"random.torch","arguments":{"seed":3,"draw":"randn","count":17,"dtype":"float64"}}"#,
    #"{"function":"nn.conv2d","arguments":{"input":{"shape":[1,1,3,3],"data":[1,2,3,4,5,6,7,8,9]},"weight":{"shape":[1,1,2,2],"data":[1,0,0,1]},"stride":1,"padding":1,"cotangent":{"shape":[1,1,4,4],"data":[1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]}}}"#,
    #"{"function":"nn.batchnorm","arguments":{"input":{"shape":[2,2],"data":[1,2,3,5]},"weight":[1,1],"bias":[0,0],"runningMean":[0,0],"runningVar":[1,1],"mode":"training","cotangent":{"shape":[2,2],"data":[1,0,0,1]}}}"#,
    #"{"function":"eval.kfold","arguments":{"n":7,"splits":2,"seed":1}}"#,
    #"{"function":"dataset.zebra","arguments":{"variant":"a"}}"#,
    #"{"function":"dataset.balance","arguments":{}}"#,
    #"{"function":"knn.query","arguments":{"train":{"shape":[3,1],"data":[0,2,1]},"queries":{"shape":[1,1],"data":[1.5]},"k":2,"metric":"manhattan"}}"#,
    #"{"function":"knn.classify","arguments":{"train":{"shape":[3,1],"data":[0,2,1]},"queries":{"shape":[1,1],"data":[1.5]},"k":2,"labels":[0,1,1],"classes":2,"vote":"distanceWeighted"}}"#,
    #"{"function":"knn.attribution","arguments":{"train":{"shape":[3,1],"data":[0,2,1]},"queries":{"shape":[1,1],"data":[1.5]},"k":2,"labels":[0,1,1],"classes":2,"tieRule":"firstAmongNeighbours"}}"#,
    #"{"function":"distance.pairwise","arguments":{"x":{"shape":[1,2],"data":[1,0]},"y":{"shape":[2,2],"data":[3,4,1,0]},"metric":"cosine"}}"#,
    #"{"function":"nnknn.forward","variant":"paper","arguments":{"queries":{"shape":[1,1],"data":[0]},"cases":{"shape":[2,1],"data":[0,1]},"caseLabels":[0,1],"classes":2,"GW":{"shape":[1,1],"data":[1]},"cW":{"shape":[2,1],"data":[1,1]},"bias":[1,1],"caseWeight":[1,1],"B":1,"labels":[0]}}"#,
    #"{"function":"nnknn.defaultBias","arguments":{"cases":{"shape":[3,1],"data":[0,1,3]},"k":1}}"#,
    #"{"function":"nnknn.explain","arguments":{"queries":{"shape":[1,1],"data":[0]},"cases":{"shape":[2,1],"data":[0,1]},"caseLabels":[0,1],"classes":2,"GW":{"shape":[1,1],"data":[1]},"cW":{"shape":[2,1],"data":[1,1]},"bias":[1,1],"caseWeight":[1,1],"B":1,"top":1}}"#,
    #"{"function":"nnknnO.forward","arguments":{"queries":{"shape":[1,1],"data":[0]},"cases":{"shape":[2,1],"data":[0,1]},"caseLabels":[0,1],"classes":2,"f":[1],"W":{"shape":[1,1],"data":[1]},"bias":[0.5,0.5],"classWeight":[1,1],"classBias":[1,1],"topK":1,"labels":[0]}}"#,
    #"{"function":"mahalanobis.distance","arguments":{"mean":[0,0],"covariance":{"shape":[2,2],"data":[4,0,0,1]},"x":[2,1]}}"#,
    #"{"function":"mahalanobis.linearNode","arguments":{"mean":[1,1],"covariance":{"shape":[2,2],"data":[4,0,0,1]},"component":0}}"#,
    #"{"function":"abs.experiment1.model","variant":"all","arguments":{"x":{"shape":[2,2],"data":[1,0,0,1]},"y":[1,1],"weight":[0.5,0.5],"bias":0,"activation":"abs","mean":[0,0],"steps":3,"learningRate":0.1}}"#,
    #"{"function":"abs.mlp.metrics","arguments":{"logits":{"shape":[2,2,2],"data":[1,0,0,1,0,1,1,0]},"labels":[0,1]}}"#,
    #"{"function":"dknn.calibrate","variant":"trimZeros","arguments":{"training":[{"shape":[4,1],"data":[0,1,2,3]}],"trainingLabels":[0,0,1,1],"classes":2,"k":2,"calibration":[{"shape":[2,1],"data":[0.4,2.6]}],"calibrationLabels":[0,0]}}"#,
    #"{"function":"dknn.predict","arguments":{"training":[{"shape":[4,1],"data":[0,1,2,3]}],"trainingLabels":[0,0,1,1],"classes":2,"k":2,"space":"raw","calibration":[{"shape":[2,1],"data":[0.4,2.6]}],"calibrationLabels":[0,0],"queries":[{"shape":[1,1],"data":[1.4]}]}}"#,
    #"{"function":"dknn.conformity","variant":"lastLayer","arguments":{"training":[{"shape":[4,1],"data":[0,1,2,3]}],"trainingLabels":[0,0,1,1],"classes":2,"k":2,"queries":[{"shape":[1,1],"data":[0.1]}]}}"#,
    #"{"function":"dknn.leaveOneOut","arguments":{"training":[{"shape":[4,1],"data":[0,1,2,3]}],"trainingLabels":[0,0,1,1],"classes":2,"k":2,"queries":[{"shape":[3,1],"data":[0.2,2.6,0.4]}]}}"#,
    #"{"function":"dknn.leaveOneOut","variant":"gradient","arguments":{"logits":[2,1],"embeddings":{"shape":[2,2],"data":[1,2,3,4]},"embeddingGradients":{"shape":[2,2],"data":[0.5,0,-1,1]}}}"#,
    #"{"function":"ebe.attribution","arguments":{"train":{"shape":[4,2],"data":[1,0,2,0.1,0,1,-1,0]},"labels":[0,1,1,0],"classes":2,"queries":{"shape":[1,2],"data":[3,0]},"k":2,"neighbourSet":"allTiedAtK"}}"#,
    embedRequest,
    // Appended last, so that the older entries keep their case indices (index % corpus count) for cases below the count.
    #"{"function":"nn.lstm","arguments":{"input":{"shape":[2,2,1],"data":[1,-1,0.5,2]},"parameters":{"weight_ih_l0":{"shape":[4,1],"data":[1,0,1,0]},"weight_hh_l0":{"shape":[4,1],"data":[0,1,0,1]},"weight_ih_l0_reverse":{"shape":[4,1],"data":[1,1,1,1]},"weight_hh_l0_reverse":{"shape":[4,1],"data":[0,0,0,0]}},"lengths":[2,1],"cotangent":{"shape":[2,2,2],"data":[1,0,0,1,1,1,0,0]},"cotangentHidden":{"shape":[2,2,1],"data":[1,2,3,4]}}}"#,
  ]

  /// A valid `ebe.embed` request: every state_dict entry of a torchvision ResNet18 of stage widths
  /// 1, 2, 4, 8 (one input channel, two classes), convolution weights 0.1, BatchNorm at its start.
  static var embedRequest: String {
    func tensor(_ shape: [Int], _ value: Double) -> String {
      "{\"shape\":\(shape),\"data\":[\(Array(repeating: "\(value)", count: shape.reduce(1, *)).joined(separator: ","))]}"
    }
    func batchNorm(_ prefix: String, _ c: Int) -> [String] {
      ["\"\(prefix).weight\":\(tensor([c], 1))", "\"\(prefix).bias\":\(tensor([c], 0))", "\"\(prefix).running_mean\":\(tensor([c], 0))",
       "\"\(prefix).running_var\":\(tensor([c], 1))", "\"\(prefix).num_batches_tracked\":\(tensor([], 0))"]
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

  static let functionNames = ["tensor.matmul", "linalg.eigh", "linalg.cholesky", "stats.covariance", "nn.mlp", "random.mt19937", "random.torch", "nn.conv2d", "nn.batchnorm", "nn.lstm",
                              "eval.kfold", "dataset.zebra", "dataset.balance", "knn.query", "knn.classify", "knn.attribution",
                              "distance.pairwise", "nnknn.forward", "nnknn.defaultBias", "nnknn.explain", "nnknnO.forward",
                              "mahalanobis.distance", "mahalanobis.linearNode", "abs.experiment1.model", "abs.mlp.metrics", "ebe.attribution",
                              "ebe.embed", "dknn.calibrate", "dknn.predict", "dknn.conformity", "dknn.leaveOneOut", "no.such"]

  /// Numbers at the edges: zeros of both signs, small counts, 2^31, 2^53, huge, subnormal, non-finite.
  static let extremeNumbers: [JSONValue] = [0, -0.0, 1, -1, 2, 3, 0.5, 1e6, 2_147_483_648, 9_007_199_254_740_992, 1e15, 1e300, -1e300,
                                            5e-324].map { .number($0) } + ["nan", "inf", "-inf"].map { .string($0) }
  /// Shape entries at the edges.
  static let extremeExtents: [JSONValue] = [0, 1, 2, 3, 1_000_000, 2_147_483_648, 4_294_967_296, 1e11, 1e12, -1, 1.5].map { .number($0) }
  /// Values of other types, including a nesting deeper than the parser allows.
  static let strangeValues: [JSONValue] = [.null, .bool(true), .string(""), .string("relu"), .string("paper"), .array([]), .object([]),
                                           .object([("shape", .array([])), ("data", .array([]))]),
                                           (0..<600).reduce(JSONValue.number(1)) { inner, _ in .array([inner]) }]

  var random: Xoshiro256StarStar

  /// A mutated serialized request from `corpus[index]`.
  mutating func mutate(_ request: JSONValue) -> [UInt8] {
    var value = request
    for _ in 0...random.below(2) { mutateSomewhere(&value, depth: 0) }
    var bytes = Array(value.serialized().utf8)
    if random.chance(0.1) { mutateBytes(&bytes) }
    return bytes
  }

  /// Descends to a random node and mutates it there.
  mutating func mutateSomewhere(_ value: inout JSONValue, depth: Int, key: String? = nil) {
    switch value {
    case var .object(members) where !members.isEmpty && random.chance(depth == 0 ? 0.9 : 0.75):
      // At the top, mostly into the arguments: that is where the functions' checks are.
      let arguments = members.firstIndex { $0.0 == "arguments" }
      let i = depth == 0 && arguments != nil && random.chance(0.8) ? arguments! : random.below(members.count)
      mutateSomewhere(&members[i].1, depth: depth + 1, key: members[i].0)
      value = .object(members)
    case var .array(items) where !items.isEmpty && random.chance(0.6):
      let i = random.below(items.count)
      mutateSomewhere(&items[i], depth: depth + 1, key: key)
      value = .array(items)
    default:
      mutateHere(&value, key: key, depth: depth)
    }
  }

  mutating func mutateHere(_ value: inout JSONValue, key: String?, depth: Int) {
    switch value {
    case .number:
      value = key == "shape" ? random.pick(Self.extremeExtents) : random.pick(Self.extremeNumbers)
    case var .array(items):
      let pool = key == "shape" ? Self.extremeExtents : Self.extremeNumbers
      switch random.below(6) {
      case 0 where !items.isEmpty: items.remove(at: random.below(items.count))
      case 1 where !items.isEmpty: items.insert(items[random.below(items.count)], at: random.below(items.count + 1))
      case 2: items.append(random.pick(pool))
      case 3: items = []
      case 4: items = items.map { _ in random.pick(pool) }
      default: value = random.pick(Self.strangeValues); return
      }
      value = .array(items)
    case var .object(members):
      // The request (depth 0) may change its function or variant; the arguments object (depth 1)
      // keeps its type, so that most cases reach the function's own checks.
      switch random.below(depth == 0 ? 6 : depth == 1 ? 4 : 5) {
      case 0 where !members.isEmpty: members.remove(at: random.below(members.count))
      case 1 where !members.isEmpty: members.append(members[random.below(members.count)])  // a duplicate key
      case 2 where !members.isEmpty:
        let i = random.below(members.count)
        members[i].0 = misspelled(members[i].0)
      case 3: members.append((random.pick(["extra", "ddoff", "shape", "data", "k", "variant"]), random.pick(Self.extremeNumbers)))
      case 5:
        // The function or the variant of the request as a whole.
        if random.chance(0.5) {
          members.removeAll { $0.0 == "function" }
          members.insert(("function", .string(random.pick(Self.functionNames))), at: 0)
        } else {
          members.removeAll { $0.0 == "variant" }
          members.append(("variant", random.pick([.string("paper"), .string("code"), .string("all"), .string("x"), .number(1), .null])))
        }
      default: value = random.pick(Self.strangeValues); return
      }
      value = .object(members)
    default:
      value = random.chance(0.5) ? random.pick(Self.strangeValues) : random.pick(Self.extremeNumbers)
    }
    if random.chance(0.1) { value = random.chance(0.5) ? .array([value]) : .object([("shape", .array([.number(1)])), ("data", value)]) }
  }

  /// A key with one character dropped, doubled or changed.
  mutating func misspelled(_ key: String) -> String {
    var characters = Array(key)
    guard !characters.isEmpty else { return "x" }
    let i = random.below(characters.count)
    switch random.below(3) {
    case 0: characters.remove(at: i)
    case 1: characters.insert(characters[i], at: i)
    default: characters[i] = random.pick(Array("abcxyzAZ_0"))
    }
    return String(characters)
  }

  /// Byte-level damage: flips, truncation, insertion, deletion.
  mutating func mutateBytes(_ bytes: inout [UInt8]) {
    guard !bytes.isEmpty else { return }
    let at = random.below(bytes.count)
    switch random.below(4) {
    case 0: bytes[at] ^= UInt8(1 << random.below(8))
    case 1: bytes.removeSubrange(at...)
    case 2: bytes.insert(random.pick([0x00, 0x22, 0x5C, 0x7B, 0x5D, 0x2C, 0xFF, 0xC3, 0xED, 0x30, 0x2D, 0x2E]), at: at)
    default: bytes.removeSubrange(at..<min(bytes.count, at + 1 + random.below(8)))
    }
  }
}
