import Neighbors
import Tensors

/// The default case bias B (NNKNN-4): the mean, over all cases, of the unweighted Euclidean
/// distance from the case to its k-th nearest other case (the case itself excluded by index;
/// duplicates of it count, at distance 0). Computed once, on the whole data set, before
/// cross-validation, as the authors do.
///
/// The k-th distances come from Neighbors' leave-one-out search (NBR-8, exact brute force NBR-6):
/// naive Euclidean distances (NBR-1), so the values do not depend on the search's GEMM rounding
/// or on the thread count; the mean adds them in case order.
public func defaultBias(cases: Tensor, k: Int) throws(NNkNNError) -> Double {
  guard cases.shape.count == 2 else { throw .notMatrix(argument: "cases", shape: cases.shape) }
  let n = cases.shape[0]
  guard k >= 1, k < n else { throw .invalidK(k: k, cases: n) }
  guard cases.isFinite else { throw .nonFinite(argument: "cases") }
  let neighbours: [[Neighbor]]
  do {
    neighbours = try BruteForceSearch(training: cases, metric: .euclidean).leaveOneOut(k: k)
  } catch {
    throw .neighbors(error)  // only a squared norm above 2^1020 gets here
  }
  return neighbours.reduce(0) { $0 + $1[k - 1].distance } / Double(n)
}
