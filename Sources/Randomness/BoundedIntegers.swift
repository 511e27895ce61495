/// Unbiased bounded integers for any ``RandomSource``.
extension RandomSource {
  /// A uniform integer in 0..<n by Lemire's nearly divisionless method (Lemire 2019) (RAND-12).
  ///
  /// Take the 128-bit product m = next() * n; its high word is the candidate and its low word l
  /// decides rejection: if l < n, compute t = (2^64 - n) mod n and redraw while l < t. Every
  /// value then has exactly floor(2^64 / n) accepting draws, so the result is exactly uniform.
  /// Usually one 64-bit draw; the division happens only when l < n. n <= 0 throws
  /// `.nonPositiveBound(n)`.
  public mutating func int(below n: Int) throws(RandomnessError) -> Int {
    guard n > 0 else { throw .nonPositiveBound(n) }
    return uniformIndex(below: n)
  }

  /// ``int(below:)`` for callers that have already checked n >= 1 (RAND-12).
  mutating func uniformIndex(below n: Int) -> Int {
    let bound = UInt64(n)
    var product = bound.multipliedFullWidth(by: next())
    if product.low < bound {
      let threshold = (0 &- bound) % bound
      while product.low < threshold {
        product = bound.multipliedFullWidth(by: next())
      }
    }
    return Int(product.high)
  }
}
