import Tensors

extension Dataset {
  /// The UCI Balance Scale data set, generated exactly (DATA-13).
  ///
  /// All 625 combinations of left weight, left distance, right weight and right distance, each
  /// in 1...5, in the UCI file's row order: the last attribute varies fastest (row
  /// 125(LW-1) + 25(LD-1) + 5(RW-1) + (RD-1)). Class L when LW * LD > RW * RD, R when less, B when
  /// equal: 288 L, 49 B, 288 R.
  ///
  /// Label indices follow the class names sorted alphabetically, [B, L, R], which is what
  /// scikit-learn's `LabelEncoder` (and `np.unique`, pandas categories) give for the UCI file's
  /// label column: so indices, confusion matrices and per-class scores line up with a Python
  /// reference pipeline. Features are the four attributes as given (raw, 1...5).
  public static func balanceScale() -> Dataset {
    var scalars: [Double] = []
    scalars.reserveCapacity(625 * 4)
    var labels: [Int] = []
    labels.reserveCapacity(625)
    for leftWeight in 1...5 {
      for leftDistance in 1...5 {
        for rightWeight in 1...5 {
          for rightDistance in 1...5 {
            scalars += [leftWeight, leftDistance, rightWeight, rightDistance].map(Double.init)
            let left = leftWeight * leftDistance
            let right = rightWeight * rightDistance
            labels.append(left > right ? 1 : left < right ? 2 : 0)
          }
        }
      }
    }
    // The construction above satisfies every check, so failure is a programming error.
    return try! Dataset(
      name: "Balance Scale", features: Tensor(shape: [625, 4], scalars: scalars), labels: labels,
      classNames: ["B", "L", "R"],
      featureNames: ["left-weight", "left-distance", "right-weight", "right-distance"])
  }
}
