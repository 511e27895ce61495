import Autodiff
import Tensors

/// Pairwise squared Euclidean distances of the rows of Z [n, p] as one tape operation (NBR-15,
/// NBR-16), for the metric-learning objectives.
///
/// Forward (the GEMM form, unclamped so it is smooth everywhere): D_ij = (s_i + s_j) - 2 G_ij with
/// s_i = |z_i|^2 and G = Z Z^T (Tensors' fast kernel). D [n, n].
/// VJP: from dD_ij/dz_i = 2 (z_i - z_j) and dD_ij/dz_j = -2 (z_i - z_j), for a cotangent C [n, n]
///   dZ = 2 ((r + c) * Z - (C + C^T) Z),  r_a = sum_j C_aj, c_a = sum_i C_ia (row-wise scaling).
/// One matrix product forward and one backward, and no broadcast intermediates.
func squaredDistances(_ z: Variable) throws(TensorError) -> Variable {
  let zv = z.value
  guard zv.rank == 2 else { throw .rank(operation: "squaredDistances", expected: "2", shape: zv.shape) }
  let (n, p) = (zv.shape[0], zv.shape[1])
  var s = [Double](repeating: 0, count: n)
  for i in 0..<n { for c in 0..<p { s[i] += zv.scalars[i * p + c] * zv.scalars[i * p + c] } }
  var d = try zv.matmul(try zv.transposed())
  for i in 0..<n { for j in 0..<n { d.scalars[i * n + j] = (s[i] + s[j]) - 2 * d.scalars[i * n + j] } }
  return z.tape.record(d, inputs: [z], operation: "squaredDistances") { g throws(TensorError) in
    var symmetric = g
    var weight = [Double](repeating: 0, count: n)
    for i in 0..<n {
      for j in 0..<n {
        symmetric.scalars[i * n + j] = g.scalars[i * n + j] + g.scalars[j * n + i]
        weight[i] += symmetric.scalars[i * n + j]
      }
    }
    var dz = try symmetric.matmul(zv)
    for i in 0..<n { for c in 0..<p { dz.scalars[i * p + c] = 2 * (weight[i] * zv.scalars[i * p + c] - dz.scalars[i * p + c]) } }
    return [dz]
  }
}
