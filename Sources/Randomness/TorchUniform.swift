/// torch's uniform draws: `rand`, `uniform_` (RAND-32).
extension TorchGenerator {
  /// One double uniform on [from, to), torch's `uniform_real_distribution<double>` (RAND-32):
  /// x = (random64() & (2^53 - 1)) * 2^-53 (the low 53 bits of the two words), then
  /// x * (to - from) + from, fused into one rounding unless the capability is `default`.
  mutating func uniformDouble(from: Double, to: Double) -> Double {
    let x = Double(random64() & (1 << 53 - 1)) * 0x1p-53
    let width = to - from
    return capability.fusesMultiplyAdd ? from.addingProduct(x, width) : x * width + from
  }

  /// One float uniform on [from, to), torch's `uniform_real_distribution<float>` (RAND-32):
  /// x = (random() & (2^24 - 1)) * 2^-24 from one word, then x * (to - from) + from in float,
  /// fused unless the capability is `default`.
  mutating func uniformFloat(from: Float, to: Float) -> Float {
    let x = Float(random() & (1 << 24 - 1)) * 0x1p-24
    let width = to - from
    return capability.fusesMultiplyAdd ? from.addingProduct(x, width) : x * width + from
  }

  /// `torch.empty(count, dtype=dtype).uniform_(from, to)` (RAND-32).
  ///
  /// Element k comes from draw k: float64 uses two words, float32 one (see ``uniformDouble(from:to:)``
  /// and ``uniformFloat(from:to:)``); for float32 the bounds are first rounded to float. A value
  /// that rounds up to `to` is replaced by `from` (torch's clamp, so `to` never occurs). Errors,
  /// before any draw: a negative count, a non-finite bound, from > to (`emptyInterval`);
  /// from == to is allowed and gives `from` (still drawing).
  public mutating func uniform(count: Int, from: Double = 0, to: Double = 1,
                               dtype: TorchDType) throws(RandomnessError) -> [Double] {
    guard count >= 0 else { throw .negativeCount(name: "count", value: count) }
    guard from.isFinite else { throw .nonFiniteParameter(name: "from", value: from) }
    guard to.isFinite else { throw .nonFiniteParameter(name: "to", value: to) }
    guard from <= to else { throw .emptyInterval(low: from, high: to) }
    switch dtype {
    case .float64:
      return (0..<count).map { _ in
        let value = uniformDouble(from: from, to: to)
        return value == to ? from : value
      }
    case .float32:
      let low = Float(from), high = Float(to)
      guard low.isFinite, high.isFinite else {
        throw .nonFiniteParameter(name: "bounds as float32", value: low.isFinite ? to : from)
      }
      return (0..<count).map { _ in
        let value = uniformFloat(from: low, to: high)
        return Double(value == high ? low : value)
      }
    }
  }

  /// `torch.rand(count, dtype=dtype)`: ``uniform(count:from:to:dtype:)`` on [0, 1) (RAND-32).
  /// float64: (low 53 bits of (a << 32 | b)) * 2^-53; float32: (a & (2^24 - 1)) * 2^-24.
  public mutating func rand(count: Int, dtype: TorchDType) throws(RandomnessError) -> [Double] {
    try uniform(count: count, from: 0, to: 1, dtype: dtype)
  }
}
