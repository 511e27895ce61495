import Foundation
import Tensors

/// `torch.nn.utils.clip_grad_norm_(parameters, maxNorm)` with the 2-norm (NET-17), checked against
/// torch's own answers (NET-111).
///
/// norm_i = sqrt(sum of g^2 over gradient i, in index order); total = sqrt(sum_i norm_i^2), the
/// norm of the per-tensor norms, as torch computes it (equal to the norm of all entries
/// together). coef = maxNorm / (total + 1e-6); when coef < 1 every gradient is multiplied by
/// coef (torch multiplies by min(coef, 1), and multiplying by 1 changes nothing). Returns the
/// total norm before clipping. So after clipping the norm is maxNorm * total / (total + 1e-6),
/// slightly below maxNorm.
///
/// Errors: maxNorm negative or not finite; a non-finite total norm (torch's
/// `error_if_nonfinite=True`; the project never scales by a NaN silently).
@discardableResult
public func clipGradientNorm(_ gradients: inout ParameterGradients, maxNorm: Double) throws(NetworkError) -> Double {
  guard maxNorm.isFinite, maxNorm >= 0 else {
    throw .invalidHyperparameter(name: "maxNorm", value: maxNorm, accepted: "finite and >= 0")
  }
  var sumOfSquaredNorms = 0.0
  for g in gradients.values {
    let norm = Foundation.sqrt(g.scalars.reduce(0) { $0 + $1 * $1 })
    sumOfSquaredNorms += norm * norm
  }
  let total = Foundation.sqrt(sumOfSquaredNorms)
  guard total.isFinite else { throw .nonFiniteGradientNorm(total) }
  let coefficient = maxNorm / (total + 1e-6)
  if coefficient < 1 {
    for i in gradients.values.indices { gradients.values[i] = gradients.values[i] * coefficient }
  }
  return total
}
