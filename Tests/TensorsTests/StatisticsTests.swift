import Randomness
import Testing
@testable import Tensors

@Suite("Statistics")
struct StatisticsTests {
  typealias S = LinalgTestSupport

  /// The variance along `axis` by the textbook formula, lane by lane.
  static func directVariance(_ x: Tensor, axis: Int, ddof: Int) -> [Double] {
    S.lanes(x, axis: axis).map { values in
      let mean = values.reduce(0, +) / Double(values.count)
      return values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - ddof)
    }
  }

  @Test("[STATS-1] variance with denominators n and n - 1 matches the direct formula along every axis")
  func varianceMatchesFormula() throws {
    for trial in 0..<60 {
      let seed = UInt64(60_000 + trial)
      var rng = Xoshiro256StarStar(seed: seed)
      let shape = (0..<S.integer(&rng, 1...3)).map { _ in S.integer(&rng, 2...5) }
      let count = shape.reduce(1, *)
      // An offset of up to 1e3 makes the mean large compared with the spread.
      let offset = S.uniform(&rng, -1000, 1000)
      let x = try Tensor(shape: shape, scalars: (0..<count).map { _ in offset + S.uniform(&rng) })
      for axis in 0..<shape.count {
        for ddof in [0, 1] {
          let got = try x.variance(axis: axis, ddof: ddof).scalars
          let want = Self.directVariance(x, axis: axis, ddof: ddof)
          for (g, w) in zip(got, want) {
            #expect(abs(g - w) <= 1e-14 * w, "seed \(seed), shape \(shape), axis \(axis), ddof \(ddof): \(g) vs \(w)")
          }
          let std = try x.standardDeviation(axis: axis, ddof: ddof).scalars
          #expect(std == got.map { $0.squareRoot() }, "seed \(seed)")
        }
      }
    }
  }

  @Test("[STATS-1] known values: default denominator n, ddof 1 gives n - 1, two passes keep a large mean exact")
  func knownVariances() throws {
    let x = Tensor([1, 2, 3, 4])
    #expect(try x.variance(axis: 0).scalars == [1.25])
    #expect(try x.variance(axis: 0, ddof: 1).scalars == [5.0 / 3.0])
    // Mean 1e9 + 2 is exact, so the deviations -1, 0, 1 are exact too.
    #expect(try Tensor([1e9 + 1, 1e9 + 2, 1e9 + 3]).variance(axis: 0).scalars == [2.0 / 3.0])
    let m = try Tensor(rows: [[1, 2], [3, 6]])
    #expect(try m.variance(axis: 0, keepingDimension: true) == Tensor(shape: [1, 2], scalars: [1, 4]))
    #expect(try m.variance(axis: 1) == Tensor([0.25, 2.25]))
  }

  /// numpy 2.4 golden values, produced by
  ///   X = np.array([[1.0, 2.0, 0.5], [2.5, -1.0, 3.0], [0.0, 4.0, -2.0], [3.5, 0.5, 1.0], [-1.5, 2.5, 0.25]])
  ///   print(repr(np.cov(X, rowvar=False).tolist())); print(repr(np.cov(X, rowvar=False, bias=True).tolist()))
  static let x = try! Tensor(rows: [[1.0, 2.0, 0.5], [2.5, -1.0, 3.0], [0.0, 4.0, -2.0], [3.5, 0.5, 1.0], [-1.5, 2.5, 0.25]])
  static let numpyCov: [[Double]] = [[3.925, -2.8249999999999997, 2.025],
                                     [-2.8249999999999997, 3.6750000000000003, -3.3187499999999996],
                                     [2.025, -3.3187499999999996, 3.2]]
  static let numpyCovBias: [[Double]] = [[3.14, -2.26, 1.62], [-2.26, 2.9400000000000004, -2.655],
                                         [1.62, -2.655, 2.5600000000000005]]

  @Test("[STATS-2] covariance matches numpy's np.cov (ddof 1 default, and bias=True as ddof 0)")
  func covarianceMatchesNumpy() throws {
    for (ddof, golden) in [(1, Self.numpyCov), (0, Self.numpyCovBias)] {
      let c = try Self.x.covariance(ddof: ddof)
      #expect(c.shape == [3, 3])
      for j in 0..<3 {
        for k in 0..<3 {
          // numpy sums in another order (a matrix product): agreement to a few ulps.
          #expect(abs(c[j, k] - golden[j][k]) <= 4e-16 * abs(golden[j][k]), "ddof \(ddof) [\(j), \(k)]: \(c[j, k])")
        }
      }
    }
    #expect(try Self.x.covariance() == Self.x.covariance(ddof: 1))
  }

  @Test("[STATS-2] covariance is exactly symmetric and its diagonal is the variance along axis 0")
  func covarianceProperties() throws {
    for trial in 0..<30 {
      let seed = UInt64(61_000 + trial)
      var rng = Xoshiro256StarStar(seed: seed)
      let x = S.matrix(S.integer(&rng, 2...20), S.integer(&rng, 1...6), &rng)
      for ddof in [0, 1] {
        let c = try x.covariance(ddof: ddof)
        #expect(c == (try c.transposed()), "seed \(seed)")
        let d = x.shape[1]
        #expect((0..<d).map { c[$0, $0] } == (try x.variance(axis: 0, ddof: ddof).scalars), "seed \(seed), ddof \(ddof)")
      }
    }
    #expect(try Tensor.zeros([4, 0]).covariance().shape == [0, 0])
  }

  @Test("[STATS-1] [STATS-2] errors: empty axis, ddof out of range, non-finite, rank, axis")
  func errors() throws {
    #expect(throws: TensorError.empty(operation: "variance", shape: [0, 3])) { _ = try Tensor.zeros([0, 3]).variance(axis: 0) }
    #expect(throws: TensorError.invalidArgument(operation: "variance",
                                                reason: "denominator n - ddof must be positive (n = 1, ddof = 1)")) {
      _ = try Tensor.zeros([1, 3]).variance(axis: 0, ddof: 1)
    }
    #expect(throws: TensorError.invalidArgument(operation: "variance", reason: "ddof must be >= 0, got -1")) {
      _ = try Tensor.zeros([2, 3]).variance(axis: 0, ddof: -1)
    }
    #expect(throws: TensorError.nonFinite(operation: "variance", index: 1, value: .infinity)) {
      _ = try Tensor([0, .infinity]).variance(axis: 0)
    }
    #expect(throws: TensorError.axisOutOfRange(operation: "variance", axis: 2, rank: 2)) {
      _ = try Tensor.zeros([2, 2]).variance(axis: 2)
    }
    #expect(throws: TensorError.rank(operation: "covariance", expected: "2", shape: [3])) {
      _ = try Tensor([1, 2, 3]).covariance()
    }
    #expect(throws: TensorError.empty(operation: "covariance", shape: [0, 2])) { _ = try Tensor.zeros([0, 2]).covariance() }
    #expect(throws: TensorError.invalidArgument(operation: "covariance",
                                                reason: "denominator n - ddof must be positive (n = 1, ddof = 1)")) {
      _ = try Tensor.zeros([1, 2]).covariance()
    }
    #expect(throws: TensorError.nonFinite(operation: "covariance", index: 3, value: -.infinity)) {
      _ = try Tensor(rows: [[0, 1], [2, -.infinity]]).covariance()
    }
  }
}
