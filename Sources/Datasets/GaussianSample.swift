import Randomness
import Tensors

extension Dataset {
  /// n points from N(mean, covariance) (DATA-18): x = mean + L z with L the Cholesky factor of the
  /// covariance (LINALG-4) and z standard normal, drawn row by row, coordinate by coordinate, from
  /// numpy's legacy `standard_normal` (RAND-9) seeded `seed`, so that numpy's
  /// `mean + RandomState(seed).standard_normal((n, d)) @ L.T` gives the same points.
  /// Every point gets class 0 ("sample"): the data set carries no labels of interest.
  public static func gaussian(count n: Int, mean: [Double], covariance: Tensor, seed: UInt32) throws(DatasetError) -> Dataset {
    let d = mean.count
    guard n >= 1, d >= 1, covariance.shape == [d, d] else {
      throw .invalidArgument(operation: "gaussian",
                             reason: "need n >= 1 and a [\(d), \(d)] covariance, got n = \(n), \(covariance.shape)")
    }
    let factor: Tensor
    do { factor = try covariance.cholesky() } catch {
      throw .invalidArgument(operation: "gaussian", reason: "covariance: \(error)")
    }
    var numpy = NumpyRandomState(seed: seed)
    var points = Tensor.zeros([n, d])
    for i in 0..<n {
      let z = (0..<d).map { _ in numpy.standardNormal() }
      for r in 0..<d {
        var sum = 0.0
        for c in 0..<d { sum += z[c] * factor.scalars[r * d + c] }
        points[flat: i * d + r] = mean[r] + sum
      }
    }
    return try Dataset(name: "Gaussian", features: points, labels: [Int](repeating: 0, count: n), classNames: ["sample"])
  }
}
