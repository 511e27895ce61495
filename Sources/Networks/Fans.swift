/// Which fan Kaiming initialisation scales by (NET-7).
public enum FanMode: Sendable, Equatable {
  /// Preserves the variance of activations in the forward pass (torch's default).
  case fanIn
  /// Preserves the variance of gradients in the backward pass.
  case fanOut
}

/// torch's `_calculate_fan_in_and_fan_out` (NET-7): for a weight of shape [out, in, k...],
/// receptive = product of k... (1 for a Linear weight), fan_in = in * receptive,
/// fan_out = out * receptive. Rank below 2 is ``NetworkError/fanUndefined(shape:)``, as torch
/// raises for it.
public func fans(of shape: [Int]) throws(NetworkError) -> (fanIn: Int, fanOut: Int) {
  guard shape.count >= 2 else { throw .fanUndefined(shape: shape) }
  let receptive = shape.dropFirst(2).reduce(1, *)
  return (shape[1] * receptive, shape[0] * receptive)
}
