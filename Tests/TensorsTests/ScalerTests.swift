import Randomness
import Testing
@testable import Tensors

@Suite("Scalers")
struct ScalerTests {
  typealias S = LinalgTestSupport

  /// Data whose columns have very different offsets and spreads.
  static func data(_ rows: Int, _ columns: Int, _ rng: inout Xoshiro256StarStar) -> Tensor {
    let offsets = (0..<columns).map { _ in S.uniform(&rng, -100, 100) }
    let spreads = (0..<columns).map { _ in S.uniform(&rng, 0.01, 50) }
    var x = S.matrix(rows, columns, &rng)
    for i in 0..<rows { for j in 0..<columns { x[i, j] = offsets[j] + spreads[j] * x[i, j] } }
    return x
  }

  static func close(_ a: Tensor, _ b: Tensor, relative: Double) -> Bool {
    a.shape == b.shape && zip(a.scalars, b.scalars).allSatisfy { abs($0 - $1) <= relative * max(1, abs($1)) }
  }

  @Test("[STATS-3] fitted data get mean 0 and population std 1; round trip on other data; one sample = one row")
  func standardizerProperties() throws {
    for trial in 0..<30 {
      let seed = UInt64(70_000 + trial)
      var rng = Xoshiro256StarStar(seed: seed)
      let d = S.integer(&rng, 1...6)
      let x = Self.data(S.integer(&rng, 2...30), d, &rng)
      let scaler = try Standardizer(fitting: x)
      let z = try scaler.transform(x)
      for j in 0..<d {
        #expect(abs(try z.mean(axis: 0).scalars[j]) <= 1e-13, "seed \(seed), feature \(j)")
        #expect(abs(try z.standardDeviation(axis: 0).scalars[j] - 1) <= 1e-13, "seed \(seed), feature \(j)")
      }
      let other = Self.data(5, d, &rng)
      #expect(Self.close(try scaler.inverseTransform(scaler.transform(other)), other, relative: 1e-14), "seed \(seed)")
      let row = Tensor(other.row(2))
      #expect(try scaler.transform(row).scalars == (try scaler.transform(other)).row(2), "seed \(seed)")
    }
  }

  @Test("[STATS-3] known values; constant features are centred and keep scale 1 (scikit-learn's rule)")
  func standardizerKnown() throws {
    // Column 0: mean 2, population variance 8/3. Column 1: constant.
    let x = try Tensor(rows: [[0, 1], [2, 1], [4, 1]])
    let scaler = try Standardizer(fitting: x)
    #expect(scaler.mean == [2, 1] && scaler.variance == [8.0 / 3.0, 0])
    #expect(scaler.scale == [(8.0 / 3.0).squareRoot(), 1])
    #expect(try scaler.transform(Tensor([5, 3])).scalars == [3 / (8.0 / 3.0).squareRoot(), 2])
    // 0.1 added ten times in order is 0.9999999999999999, so the computed variance of this
    // constant column is about 1.9e-34, not 0: the rounding bound still declares it constant.
    let tenths = Tensor(repeating: 0.1, shape: [10, 1])
    let constant = try Standardizer(fitting: tenths)
    #expect(constant.variance[0] > 0 && constant.scale == [1])
    #expect(try constant.transform(tenths).scalars.allSatisfy { abs($0) <= 1e-16 })
  }

  @Test("[STATS-4] fitted data land in [0, 1] with the extremes at exactly 0 and 1; round trip; constant features map to 0")
  func minMaxProperties() throws {
    for trial in 0..<30 {
      let seed = UInt64(71_000 + trial)
      var rng = Xoshiro256StarStar(seed: seed)
      let d = S.integer(&rng, 1...6)
      let x = Self.data(S.integer(&rng, 2...30), d, &rng)
      let scaler = try MinMaxScaler(fitting: x)
      let z = try scaler.transform(x)
      #expect(z.scalars.allSatisfy { $0 >= 0 && $0 <= 1 }, "seed \(seed)")
      #expect(try z.max(axis: 0).scalars == [Double](repeating: 1, count: d), "seed \(seed)")
      #expect(try (-z).max(axis: 0).scalars == [Double](repeating: 0, count: d), "seed \(seed)")
      let other = Self.data(5, d, &rng)
      #expect(Self.close(try scaler.inverseTransform(scaler.transform(other)), other, relative: 1e-14), "seed \(seed)")
    }
    let scaler = try MinMaxScaler(fitting: Tensor(rows: [[1, 3], [5, 3], [3, 3]]))
    #expect(scaler.minimum == [1, 3] && scaler.maximum == [5, 3] && scaler.range == [4, 1])
    #expect(try scaler.transform(Tensor(rows: [[1, 3], [3, 3], [9, 5]])) == Tensor(rows: [[0, 0], [0.5, 0], [2, 2]]))
  }

  @Test("[STATS-3] [STATS-4] errors: fitting on bad data, applying to data of another width or rank, non-finite")
  func scalerErrors() throws {
    let x = try Tensor(rows: [[0, 1, 2], [3, 4, 5]])
    let standardizer = try Standardizer(fitting: x)
    let minMax = try MinMaxScaler(fitting: x)
    #expect(throws: TensorError.rank(operation: "Standardizer(fitting:)", expected: "2", shape: [3])) {
      _ = try Standardizer(fitting: Tensor([1, 2, 3]))
    }
    #expect(throws: TensorError.empty(operation: "MinMaxScaler(fitting:)", shape: [0, 3])) {
      _ = try MinMaxScaler(fitting: Tensor.zeros([0, 3]))
    }
    #expect(throws: TensorError.nonFinite(operation: "Standardizer(fitting:)", index: 0, value: .infinity)) {
      _ = try Standardizer(fitting: Tensor(rows: [[.infinity]]))
    }
    #expect(throws: TensorError.invalidArgument(operation: "MinMaxScaler(fitting:)",
                                                reason: "the range of feature 0 overflows")) {
      _ = try MinMaxScaler(fitting: Tensor(rows: [[-1e308], [1e308]]))
    }
    #expect(throws: TensorError.shapeMismatch(operation: "Standardizer.transform", [3], [2, 4])) {
      _ = try standardizer.transform(Tensor.zeros([2, 4]))
    }
    #expect(throws: TensorError.shapeMismatch(operation: "MinMaxScaler.transform", [3], [2])) {
      _ = try minMax.transform(Tensor.zeros([2]))
    }
    #expect(throws: TensorError.shapeMismatch(operation: "MinMaxScaler.inverseTransform", [3], [1, 2])) {
      _ = try minMax.inverseTransform(Tensor.zeros([1, 2]))
    }
    #expect(throws: TensorError.rank(operation: "Standardizer.inverseTransform", expected: "1 or 2", shape: [1, 1, 3])) {
      _ = try standardizer.inverseTransform(Tensor.zeros([1, 1, 3]))
    }
    #expect(throws: TensorError.nonFinite(operation: "MinMaxScaler.transform", index: 4, value: .infinity)) {
      _ = try minMax.transform(Tensor(rows: [[0, 0, 0], [0, .infinity, 0]]))
    }
  }
}
