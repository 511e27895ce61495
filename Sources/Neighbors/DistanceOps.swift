import Autodiff
import Tensors

/// Pairwise squared Euclidean distances of the rows of Z [n, p] as one tape operation (NBR-15,
/// NBR-16), for the metric-learning objectives.
///
/// Forward: `PairwiseDistances.fast(Z, Z, .squaredEuclidean)` (NBR-4), the GEMM form of the
/// searches, D_ij = max(0, (s_i - 2 G_ij) + s_j) with G = Z Z^T (one chain of fused multiply-adds
/// per element, FOUND-10) and s_i = |z_i|^2 formed by the same chain, so D_ii = 0 exactly; entries
/// at or below the error bound tau_ij are recomputed by the naive formula (NBR-1). So D is within
/// tau of the exact |z_i - z_j|^2 everywhere, and exact where cancellation would dominate. D [n, n].
/// VJP: the derivative of the exact |z_i - z_j|^2 (smooth everywhere; the clamp and the naive
/// recomputation only correct rounding), dD_ij/dz_i = 2 (z_i - z_j), dD_ij/dz_j = -2 (z_i - z_j),
/// so for a cotangent C [n, n]
///   dZ = 2 ((r + c) * Z - (C + C^T) Z),  r_a = sum_j C_aj, c_a = sum_i C_ia (row-wise scaling).
/// One matrix product backward and no broadcast intermediates.
func squaredDistances(_ z: Variable) throws(TensorError) -> Variable {
  let zv = z.value
  guard zv.rank == 2 else { throw .rank(operation: "squaredDistances", expected: "2", shape: zv.shape) }
  let (n, p) = (zv.shape[0], zv.shape[1])
  let d: Tensor
  do {
    d = try PairwiseDistances.fast(zv, zv, metric: .squaredEuclidean)
  } catch let .nonFinite(_, row, column, value) {
    throw .nonFinite(operation: "squaredDistances", index: row * p + column, value: value)
  } catch let .tensor(error) {
    throw error
  } catch {
    throw .invalidArgument(operation: "squaredDistances", reason: error.description)
  }
  return z.tape.record(d, inputs: [z], operation: "squaredDistances") { g throws(TensorError) in
    var symmetric = g
    var weight = [Double](repeating: 0, count: n)
    for i in 0..<n {
      for j in 0..<n {
        symmetric[flat: i * n + j] = g.scalars[i * n + j] + g.scalars[j * n + i]
        weight[i] += symmetric.scalars[i * n + j]
      }
    }
    var dz = try symmetric.matmul(zv)
    for i in 0..<n {
      for c in 0..<p { dz[flat: i * p + c] = 2 * (weight[i] * zv.scalars[i * p + c] - dz.scalars[i * p + c]) }
    }
    return [dz]
  }
}
