import Autodiff
import DkNN
import Foundation
import Networks
import Neighbors
import Randomness
import Tensors

/// A token-embedding lookup for the tests: input [1, L] ids, output [L, D] (rows of "weight").
struct TestEmbedding: Layer {
  let vocabulary: Int, width: Int
  var description: String { "TestEmbedding(\(vocabulary), \(width))" }
  var parameterSpecs: [ParameterSpec] { [ParameterSpec(name: "weight", shape: [vocabulary, width])] }
  func initialParameters<G: RandomSource>(_ scheme: LinearInitialization, using generator: inout G) throws(NetworkError)
    -> [Parameter]
  {
    var w = Tensor.zeros([vocabulary, width])
    for i in 0..<w.count { w[flat: i] = try! generator.normal() }
    return [Parameter(name: "weight", value: w)]
  }
  func callAsFunction(_ x: Variable, context: ForwardContext) throws -> Variable {
    try context.parameter("weight").gatherRows(x.value.scalars.map { Int($0) })
  }
}

/// Mean over the tokens: [L, D] -> [1, D].
struct TestMeanPool: Layer {
  var description: String { "TestMeanPool" }
  func callAsFunction(_ x: Variable, context: ForwardContext) throws -> Variable { try x.mean(axis: 0, keepingDimension: true) }
}

/// A bag-of-embeddings classifier with taps "embedding", "hidden", "logits" (DKNN-20).
func testTokenModel(vocabulary: Int = 12, width: Int = 4, hidden: Int = 5, classes: Int = 2, seed: UInt64 = 7) throws
  -> NetworkTokenModel
{
  let layer = try Sequential(named: [
    ("embedding", TestEmbedding(vocabulary: vocabulary, width: width)), ("pool", TestMeanPool()),
    ("fc", try Linear(width, hidden)), ("hidden", Tanh()), ("logits", try Linear(hidden, classes)),
  ])
  var generator = Xoshiro256StarStar(seed: seed)
  let network = try Network(layer, using: &generator)
  return try NetworkTokenModel(
    network: network, classCount: classes, embeddingTap: "embedding", representationTaps: ["pool", "hidden", "logits"])
}

/// Random token sequences of length 2...6 over 2..<vocabulary, with labels from a fixed rule.
func testSentences(count: Int, vocabulary: Int = 12, seed: UInt64) -> (sequences: [[Int]], labels: [Int]) {
  var g = Xoshiro256StarStar(seed: seed)
  var sequences: [[Int]] = [], labels: [Int] = []
  for _ in 0..<count {
    let length = 2 + Int(g.next() % 5)
    let tokens = (0..<length).map { _ in 2 + Int(g.next() % UInt64(vocabulary - 2)) }
    sequences.append(tokens)
    labels.append(tokens.filter { $0 % 2 == 0 }.count * 2 >= tokens.count ? 1 : 0)
  }
  return (sequences, labels)
}

/// Random finite representations with `rows` points at layers of the given widths.
func randomRepresentations(rows: Int, widths: [Int], seed: UInt64, levels: Int? = nil) throws -> LayerRepresentations {
  var g = Xoshiro256StarStar(seed: seed)
  let matrices = try widths.map { w in
    try Tensor(shape: [rows, w], scalars: (0..<(rows * w)).map { _ in
      levels.map { Double(Int(g.next() % UInt64($0))) } ?? (g.nextDouble() * 2 - 1)
    })
  }
  return try LayerRepresentations(layers: widths.indices.map { "layer\($0)" }, matrices: matrices)
}

/// The exact k nearest rows of `training` for each row of `queries`, by sorting every naive
/// Euclidean distance (NBR-1) with ties to the lower index: the reference the searches must equal.
func bruteForceNeighbors(_ training: Tensor, _ queries: Tensor, k: Int) throws -> [[Neighbor]] {
  let d = training.shape[1]
  return try (0..<queries.shape[0]).map { q in
    let x = Array(queries.scalars[(q * d)..<((q + 1) * d)])
    let all = try (0..<training.shape[0]).map { t in
      Neighbor(index: t, distance: try Metric.euclidean.distance(x, Array(training.scalars[(t * d)..<((t + 1) * d)])))
    }
    return Array(all.sorted().prefix(k))
  }
}
