import Randomness
import Tensors

extension Dataset {
  /// The Zebra data sets of the original NN-kNN paper (DATA-17), exactly as the original generator
  /// makes them: numpy's legacy global generator seeded 42 (`NumpyRandomState`, RAND-4), doubles
  /// from `rand` (RAND-6).
  ///   (a) 110 points: x = 0 (ten times), 10 (ten times), ..., 100; y = 100 * rand(110);
  ///       class 0 where x is a multiple of 20, else 1 (60 / 50).
  ///   (b) 220 points: the 110 of (a), then y2 = the same grid, x2 = 100 + 100 * rand(110) from the
  ///       same stream; class 0 where y2 is a multiple of 20 (120 / 100 in all).
  /// Features (x, y). Checked coordinate by coordinate against `Fixtures/golden/zebra.json`.
  public static func zebra(_ variant: ZebraVariant, seed: UInt32 = 42) -> Dataset {
    var numpy = NumpyRandomState(seed: seed)
    let grid = (0..<110).map { Double(($0 / 10) * 10) }
    let y = (0..<110).map { _ in 100 * numpy.randomSample() }
    var rows = zip(grid, y).map { [$0, $1] }
    var labels = grid.map { Int($0) % 20 == 0 ? 0 : 1 }
    if variant == .b {
      let x2 = (0..<110).map { _ in 100 + 100 * numpy.randomSample() }
      rows += zip(x2, grid).map { [$0, $1] }
      labels += grid.map { Int($0) % 20 == 0 ? 0 : 1 }
    }
    // Rows are built here with two finite columns each, so the checks in init cannot fail.
    return try! Dataset(name: "Zebra (\(variant.rawValue))", features: Tensor(rows: rows), labels: labels,
                        classNames: ["0", "1"], featureNames: ["x", "y"])
  }

  public enum ZebraVariant: String, Sendable, CaseIterable { case a, b }
}
