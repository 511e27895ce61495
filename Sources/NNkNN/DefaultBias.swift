import Foundation
import Tensors

/// The default case bias B (NNKNN-4): the mean, over all cases, of the unweighted Euclidean
/// distance from the case to its k-th nearest other case (the case itself excluded by index;
/// duplicates of it count, at distance 0). Computed once, on the whole data set, before
/// cross-validation, as the authors do.
public func defaultBias(cases: Tensor, k: Int) throws(NNkNNError) -> Double {
  guard cases.shape.count == 2 else { throw .shape("cases must be [n, d], got \(cases.shape)") }
  let (n, d) = (cases.shape[0], cases.shape[1])
  guard k >= 1, k < n else { throw .invalidK(k: k, reason: "needs 1 <= k < n = \(n)") }
  guard cases.isFinite else { throw .nonFinite("cases") }
  let x = cases.scalars
  var kth = [Double](repeating: 0, count: n)
  Parallelism.forEachChunk((n + 63) / 64) { chunk in
    // Each chunk writes only its own rows of `kth`, through a pointer to avoid copy-on-write.
    kth.withUnsafeMutableBufferPointer { out in
      for i in (chunk * 64)..<min(n, chunk * 64 + 64) {
        var distances = [Double]()
        distances.reserveCapacity(n - 1)
        for j in 0..<n where j != i {
          var sum = 0.0
          for f in 0..<d { let t = x[i * d + f] - x[j * d + f]; sum += t * t }
          distances.append(Foundation.sqrt(sum))
        }
        distances.sort()
        out[i] = distances[k - 1]
      }
    }
  }
  return kth.reduce(0, +) / Double(n)
}
