import Foundation
import Neighbors
import Randomness
import Tensors
import Testing
@testable import DkNN

/// Representations, search spaces and exact per-layer neighbours (DKNN-1 ... DKNN-3).
@Suite("DkNN: representations, search spaces, exact neighbours per layer")
struct NeighborSearchTests {
  @Test("[DKNN-1] representations are flattened per row and checked: rows, names, finiteness")
  func representations() throws {
    let conv = try Tensor(shape: [2, 2, 1, 2], scalars: [1, 2, 3, 4, 5, 6, 7, 8])
    let r = try LayerRepresentations(layers: ["conv", "fc"], matrices: [conv, try Tensor(shape: [2, 1], scalars: [0, 1])])
    #expect(r.widths == [4, 1] && r.count == 2 && r.matrices[0].row(1) == [5, 6, 7, 8])
    #expect(throws: DkNNError.self) { try LayerRepresentations(layers: ["a", "a"], matrices: [conv, conv]) }
    #expect(throws: DkNNError.self) { try LayerRepresentations(layers: ["a", "b"], matrices: [conv, Tensor.zeros([3, 1])]) }
    #expect(throws: DkNNError.self) {
      try LayerRepresentations(layers: ["a"], matrices: [try Tensor(shape: [1, 2], scalars: [0, .nan])])
    }
    #expect(throws: DkNNError.self) { try LayerRepresentations(layers: [], matrices: []) }
    var builder = RepresentationBuilder(expectedRows: 4)
    try builder.append(r)
    try builder.append(r)
    #expect(try builder.build() == LayerRepresentations.concatenating([r, r]))
  }

  @Test("[DKNN-2] unit-normalised and centred: unit rows minus the training mean; a zero row stays zero; raw is unchanged")
  func spaces() throws {
    let training = try LayerRepresentations(layers: ["a"], matrices: [try Tensor(shape: [3, 2], scalars: [3, 4, 0, 0, 0, 2])])
    let transform = SpaceTransform(space: .unitNormalizedCentered, training: training)
    // Unit rows (0.6, 0.8), (0, 0), (0, 1); centre (0.2, 0.6).
    let (cx, cy): (Double, Double) = (0.6 / 3, 1.8 / 3)
    #expect(transform.centres[0] == [cx, cy])
    let mapped = try transform.apply(training).matrices[0].scalars
    let expected: [Double] = [0.6 - cx, 0.8 - cy, -cx, -cy, -cx, 1 - cy]
    #expect(mapped == expected)
    #expect(try SpaceTransform(space: .raw, training: training).apply(training) == training)
    // Streaming the centre's sums chunk by chunk gives the same bits as one pass.
    let big = try randomRepresentations(rows: 37, widths: [5, 3], seed: 4)
    var accumulator = CentreAccumulator(widths: big.widths)
    for start in stride(from: 0, to: 37, by: 8) { accumulator.add(try big.rows(start..<min(37, start + 8))) }
    #expect(accumulator.centres == SpaceTransform(space: .unitNormalizedCentered, training: big).centres)
    #expect(throws: DkNNError.self) { try transform.apply(big) }
  }

  @Test(
    "[DKNN-3] per-layer neighbours equal a sort of every naive distance, ties to the lower index, in both spaces (random cases)")
  func exactNeighbors() throws {
    for seed in UInt64(0)..<6 {
      // Integer-valued points make exact distance ties common.
      let training = try randomRepresentations(rows: 40, widths: [3, 1], seed: seed, levels: seed % 2 == 0 ? 3 : nil)
      let queries = try randomRepresentations(rows: 9, widths: [3, 1], seed: seed + 100, levels: seed % 2 == 0 ? 3 : nil)
      for space in RepresentationSpace.allCases {
        let index = try DkNNIndex(training: training, labels: (0..<40).map { $0 % 3 }, classes: 3, k: 7, space: space)
        let found = try index.neighbors(queries)
        let transform = SpaceTransform(space: space, training: training)
        let (t, q) = (try transform.apply(training), try transform.apply(queries))
        for l in 0..<2 {
          #expect(
            found.lists[l] == (try bruteForceNeighbors(t.matrices[l], q.matrices[l], k: 7)), "seed \(seed), \(space), layer \(l)")
        }
      }
    }
  }

  @Test("[DKNN-3] the training set streamed in chunks gives the same neighbours as the whole set, for every chunk size")
  func chunkedEqualsWhole() throws {
    let training = try randomRepresentations(rows: 50, widths: [4, 2], seed: 9, levels: 2)
    let queries = try randomRepresentations(rows: 11, widths: [4, 2], seed: 10, levels: 2)
    let whole = try DkNNIndex(training: training, labels: Array(repeating: 0, count: 50), classes: 1, k: 6, space: .raw)
      .neighbors(queries)
    for chunk in [1, 5, 6, 13, 50] {
      var accumulator = try NeighborAccumulator(queries: queries, k: 6, queryBlock: 4)
      for start in stride(from: 0, to: 50, by: chunk) { try accumulator.add(try training.rows(start..<min(50, start + chunk))) }
      #expect(try accumulator.result() == whole, "chunk \(chunk)")
    }
    var short = try NeighborAccumulator(queries: queries, k: 6)
    try short.add(try training.rows(0..<5))
    #expect(throws: DkNNError.self) { try short.result() }
  }

  @Test("[DKNN-3] merging keeps the first k of two sorted lists by (distance, index)")
  func merge() {
    let a = [Neighbor(index: 4, distance: 1), Neighbor(index: 9, distance: 2)]
    let b = [Neighbor(index: 2, distance: 1), Neighbor(index: 3, distance: 3)]
    #expect(LayerNeighbors.merge(a, b, k: 3) == [b[0], a[0], a[1]])
    #expect(LayerNeighbors.merge([], b, k: 5) == b)
  }

  @Test("[DKNN-40] bad labels, k and layers are typed errors")
  func errors() throws {
    let training = try randomRepresentations(rows: 5, widths: [2], seed: 1)
    #expect(throws: DkNNError.self) { try DkNNIndex(training: training, labels: [0, 1, 2, 0, 1], classes: 2, k: 2, space: .raw) }
    #expect(throws: DkNNError.self) { try DkNNIndex(training: training, labels: [0, 1, 0, 0], classes: 2, k: 2, space: .raw) }
    #expect(throws: DkNNError.self) { try DkNNIndex(training: training, labels: [0, 1, 0, 0, 1], classes: 2, k: 6, space: .raw) }
    let index = try DkNNIndex(training: training, labels: [0, 1, 0, 0, 1], classes: 2, k: 2, space: .raw)
    #expect(throws: DkNNError.self) { try index.neighbors(try randomRepresentations(rows: 1, widths: [3], seed: 2)) }
    #expect(throws: DkNNError.self) { try NeighborAccumulator(queries: training, k: 0) }
  }
}
