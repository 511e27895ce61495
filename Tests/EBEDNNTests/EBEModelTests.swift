import Neighbors
import Randomness
import Tensors
import Testing
@testable import EBEDNN

/// Random embeddings with labels, from a printed seed.
func randomEmbeddings(rows: Int, width: Int, classes: Int, seed: UInt64) -> (Tensor, [Int]) {
  var g = Xoshiro256StarStar(seed: seed)
  var t = Tensor.zeros([rows, width])
  for i in 0..<t.count { t[flat: i] = g.nextDouble() * 2 - 1 }
  return (t, (0..<rows).map { _ in Int(g.nextDouble() * Double(classes)) })
}

@Suite("EBE-DNN: prediction and example attribution")
struct EBEModelTests {
  @Test("[EBE-6] attribution weights sum to 1 and their scalar product with the one-hot labels is the vote", arguments: 0..<20)
  func weightsGiveTheVote(seed: UInt64) throws {
    let (train, labels) = randomEmbeddings(rows: 40, width: 5, classes: 3, seed: seed)
    let (queries, _) = randomEmbeddings(rows: 6, width: 5, classes: 3, seed: seed + 1000)
    let k = 1 + Int(seed % 12)
    let model = try EBEModel(embeddings: train, labels: labels, classCount: 3, configuration: EBEConfiguration(k: k))
    for (q, e) in try model.explain(queries).enumerated() {
      let dense = e.denseWeights(trainingCount: 40)
      #expect(Swift.abs(dense.reduce(0, +) - 1) <= 1e-14, "seed \(seed) query \(q)")
      for c in 0..<3 {
        var product = 0.0
        for j in 0..<40 where labels[j] == c { product += dense[j] }
        #expect(Swift.abs(product - e.fractions[c]) <= 1e-14, "seed \(seed) query \(q) class \(c)")
      }
      #expect(e.fractions[e.prediction] == e.fractions.max(), "seed \(seed)")
      #expect(e.prediction == e.fractions.firstIndex(of: e.fractions.max()!), "lowest class on ties, seed \(seed)")
      #expect(e.concentration == k, "a plain vote without ties has concentration k, seed \(seed)")
      #expect(e.neighbours.allSatisfy { $0.weight == 1 / Double(k) && $0.label == labels[$0.index] })
    }
  }

  @Test(
    """
      [EBE-5] [EBE-6] the neighbours and similarities are the exact cosine search's; ties at the k-th distance vote only under \
      allTiedAtK
      """
  )
  func neighbourSets() throws {
    // Training rows 1 and 3 are positive multiples of row 0 (cosine distance 0 from it); row 2 is orthogonal.
    let train = try Tensor(shape: [5, 2], scalars: [1, 0, 0, 1, 2, 0, -1, 0, 3, 0])
    let labels = [0, 1, 1, 0, 1]
    let query = try Tensor(shape: [1, 2], scalars: [5, 0])
    let plain = try EBEModel(embeddings: train, labels: labels, classCount: 2, configuration: EBEConfiguration(k: 2)).explain(
      query)[0]
    #expect(plain.neighbours.map(\.index) == [0, 2] && plain.concentration == 2)
    #expect(plain.neighbours.map(\.similarity) == [1, 1])
    let tied = try EBEModel(embeddings: train, labels: labels, classCount: 2,
                            configuration: EBEConfiguration(k: 2, neighbourSet: .allTiedAtK)).explain(query)[0]
    #expect(tied.neighbours.map(\.index) == [0, 2, 4] && tied.concentration == 3)
    #expect(tied.fractions == [1.0 / 3, 2.0 / 3] && tied.prediction == 1)
    #expect(plain.fractions == [0.5, 0.5] && plain.prediction == 0, "a class tie goes to the lowest class")
    let first = try EBEModel(embeddings: train, labels: [1, 0, 0, 1, 1], classCount: 2,
                             configuration: EBEConfiguration(k: 2, tieRule: .firstAmongNeighbours)).explain(query)[0]
    #expect(first.prediction == 1, "firstAmongNeighbours: the nearest neighbour's class")
  }

  @Test(
    "[EBE-5] cosine neighbours do not change when an embedding is scaled (powers of two exactly; other factors on generic data)",
    arguments: 0..<10)
  func scaleInvariance(seed: UInt64) throws {
    let (train, labels) = randomEmbeddings(rows: 60, width: 7, classes: 4, seed: seed)
    let (queries, _) = randomEmbeddings(rows: 8, width: 7, classes: 4, seed: seed + 500)
    let model = try EBEModel(embeddings: train, labels: labels, classCount: 4)
    let base = try model.neighbours(queries)
    var g = Xoshiro256StarStar(seed: seed)
    for factor in [0.25, 8, 1024, 0.1 + 10 * g.nextDouble()] {
      var scaledQueries = queries
      for i in 0..<scaledQueries.count { scaledQueries[flat: i] *= factor }
      var scaledTrain = train
      let row = Int(g.nextDouble() * 60)
      for j in 0..<7 { scaledTrain[flat: row * 7 + j] *= factor }
      let a = try model.neighbours(scaledQueries)
      let b = try EBEModel(embeddings: scaledTrain, labels: labels, classCount: 4).neighbours(queries)
      #expect(a.map { $0.map(\.index) } == base.map { $0.map(\.index) }, "seed \(seed) factor \(factor)")
      #expect(b.map { $0.map(\.index) } == base.map { $0.map(\.index) }, "seed \(seed) factor \(factor) row \(row)")
      if factor == 0.25 || factor == 8 || factor == 1024 { #expect(a == base, "powers of two: bit for bit, seed \(seed)") }
    }
  }

  @Test("[EBE-7] blockwise neighbours equal one search over the whole training set, bit for bit", arguments: 0..<8)
  func blockwise(seed: UInt64) throws {
    var (train, _) = randomEmbeddings(rows: 97, width: 6, classes: 2, seed: seed)
    // Duplicated rows across blocks: ties at equal distance must still go to the lower index.
    for j in 0..<6 { train[flat: 90 * 6 + j] = train.scalars[3 * 6 + j]; train[flat: 50 * 6 + j] = train.scalars[3 * 6 + j] }
    let (queries, _) = randomEmbeddings(rows: 9, width: 6, classes: 2, seed: seed + 77)
    let k = 1 + Int(seed * 5 % 30)
    let whole = try BruteForceSearch(training: train, metric: .cosine).query(queries, k: k)
    var running = try BlockwiseNeighbours(queries: queries, k: k)
    var start = 0
    for size in [13, 1, 40, 43] {
      try running.add(block: try train.rows(start..<(start + size)))
      start += size
    }
    #expect(running.lists == whole, "seed \(seed) k \(k)")
  }

  @Test("[EBE-13] bad input is a typed error naming what was wrong")
  func errors() throws {
    let train = try Tensor(shape: [2, 2], scalars: [1, 0, 0, 1])
    #expect(throws: EBEDNNError.self) {
      try EBEModel(embeddings: train, labels: [0, 1], classCount: 2, configuration: EBEConfiguration(k: 3))
    }
    #expect(throws: EBEDNNError.self) { try EBEModel(embeddings: train, labels: [0, 2], classCount: 2) }
    #expect(throws: EBEDNNError.self) { try EBEModel(embeddings: train, labels: [0], classCount: 2) }
    let bad = try Tensor(shape: [2, 2], scalars: [1, .nan, 0, 1])
    do {
      _ = try EBEModel(embeddings: bad, labels: [0, 1], classCount: 2, configuration: EBEConfiguration(k: 1))
      Issue.record("NaN accepted")
    } catch { #expect("\(error)".contains("training embeddings: non-finite value nan at flat index 1")) }
  }
}
