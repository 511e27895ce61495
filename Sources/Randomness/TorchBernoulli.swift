/// torch's Bernoulli draws: `bernoulli_(p)` and `torch.bernoulli(p_tensor)` (RAND-39).
extension TorchGenerator {
  /// `torch.empty(count).bernoulli_(p)` for a scalar p (any output dtype) (RAND-39):
  /// element k is 1 when the k-th double uniform (RAND-32, two words) is < p, else 0.
  /// p outside [0, 1] or NaN throws `probabilityOutOfRange`; a negative count `negativeCount`.
  public mutating func bernoulli(count: Int, p: Double) throws(RandomnessError) -> [Double] {
    guard count >= 0 else { throw .negativeCount(name: "count", value: count) }
    guard p >= 0 && p <= 1 else { throw .probabilityOutOfRange(p) }
    return (0..<count).map { _ in uniformDouble(from: 0, to: 1) < p ? 1 : 0 }
  }

  /// `torch.bernoulli(p)` for a tensor of probabilities with dtype `dtype` (RAND-39): element k is
  /// 1 when a uniform < p[k]; the uniform is a double (two words) for float64 probabilities and a
  /// float (one word, compared with Float(p[k])) for float32. Every p is checked before any draw.
  public mutating func bernoulli(probabilities: [Double], dtype: TorchDType) throws(RandomnessError) -> [Double] {
    for p in probabilities where !(p >= 0 && p <= 1) { throw .probabilityOutOfRange(p) }
    return probabilities.map { p in
      switch dtype {
      case .float64: return uniformDouble(from: 0, to: 1) < p ? 1 : 0
      case .float32: return uniformFloat(from: 0, to: 1) < Float(p) ? 1 : 0
      }
    }
  }
}
