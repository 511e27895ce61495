import Evaluation
import Randomness
@testable import oracle

/// Structure-aware mutation of oracle requests (ORACLE-24): numbers, shapes, data, keys, nesting,
/// function and variant names, and then, sometimes, the serialized bytes.
struct RequestMutator {
  /// Every registered function's `--help` example (ORACLE-75), each answered by the oracle, and a
  /// few more requests that reach other options.
  static let corpus: [String] = OracleRegistry.functions.compactMap(\.example) + [
      #"{"function":"nn.mlp","arguments":{"inputs":{"shape":[2,1],"data":[1,-2]},"weights":[{"shape":[2,1],"data":[1,2]}],"biases":[[0,1]],"activation":"tanh","finalActivation":"leakyReLU","slope":0.1,"labels":[0,1]}}"#,
      #"{"function":"optim.adam","variant":"multiplyAdd","arguments":{"parameters":[1,-2],"gradients":{"shape":[3,2],"data":[0.5,-1,0.25,2,-0.5,1]},"learningRate":0.1,"betas":[0.5,0.9],"amsgrad":true,"weightDecay":0.01}}"#,
      #"{"function":"ebe.attribution","arguments":{"train":{"shape":[4,2],"data":[1,0,2,0.1,0,1,-1,0]},"labels":[0,1,1,0],"classes":2,"queries":{"shape":[1,2],"data":[3,0]},"k":2,"neighbourSet":"allTiedAtK"}}"#,
      #"{"function":"dknn.calibrate","variant":"trimZeros","arguments":{"training":[{"shape":[4,1],"data":[0,1,2,3]}],"trainingLabels":[0,0,1,1],"classes":2,"k":2,"calibration":[{"shape":[2,1],"data":[0.4,2.6]}],"calibrationLabels":[0,0]}}"#,
      #"{"function":"dknn.conformity","variant":"lastLayer","arguments":{"training":[{"shape":[4,1],"data":[0,1,2,3]}],"trainingLabels":[0,0,1,1],"classes":2,"k":2,"queries":[{"shape":[1,1],"data":[0.1]}]}}"#,
      #"{"function":"dknn.leaveOneOut","variant":"gradient","arguments":{"logits":[2,1],"embeddings":{"shape":[2,2],"data":[1,2,3,4]},"embeddingGradients":{"shape":[2,2],"data":[0.5,0,-1,1]}}}"#
  ]

  static let functionNames = OracleRegistry.functions.map(\.name) + ["no.such"]

  /// Numbers at the edges: zeros of both signs, small counts, 2^31, 2^53, huge, subnormal, non-finite.
  static let extremeNumbers: [JSONValue] =
    [
      0, -0.0, 1, -1, 2, 3, 0.5, 1e6, 2_147_483_648, 9_007_199_254_740_992, 1e15, 1e300, -1e300,
      5e-324
    ].map { .number($0) } + ["nan", "inf", "-inf"].map { .string($0) }
  /// Shape entries at the edges.
  static let extremeExtents: [JSONValue] = [0, 1, 2, 3, 1_000_000, 2_147_483_648, 4_294_967_296, 1e11, 1e12, -1, 1.5].map {
    .number($0)
  }
  /// Values of other types, including a nesting deeper than the parser allows.
  static let strangeValues: [JSONValue] = [
    .null, .bool(true), .string(""), .string("relu"), .string("paper"), .array([]), .object([]),
    .object([("shape", .array([])), ("data", .array([]))]),
    (0..<600).reduce(JSONValue.number(1)) { inner, _ in .array([inner]) }
  ]

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
          members.append(
            ("variant", random.pick([.string("paper"), .string("code"), .string("all"), .string("x"), .number(1), .null])))
        }
      default: value = random.pick(Self.strangeValues); return
      }
      value = .object(members)
    default:
      value = random.chance(0.5) ? random.pick(Self.strangeValues) : random.pick(Self.extremeNumbers)
    }
    if random.chance(0.1) {
      value = random.chance(0.5) ? .array([value]) : .object([("shape", .array([.number(1)])), ("data", value)])
    }
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
