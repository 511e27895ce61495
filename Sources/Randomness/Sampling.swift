/// Shuffling and sampling of indices for any ``RandomSource``, all built on the unbiased
/// bounded integers of RAND-12.
extension RandomSource {
  /// Fisher-Yates (Durstenfeld) shuffle: for i = n-1 down to 1, j = int(below: i + 1), swap
  /// a[i] and a[j] (RAND-17). Each of the n! orders is equally likely; n - 1 bounded draws.
  ///
  /// Not numpy's shuffle (which uses masked rejection on 32-bit words); for that use
  /// ``NumpyRandomState/shuffle(_:)``.
  public mutating func shuffle<T>(_ array: inout [T]) {
    var i = array.count - 1
    while i >= 1 {
      array.swapAt(i, uniformIndex(below: i + 1))
      i -= 1
    }
  }

  /// k distinct indices from 0..<n, in random order, by a partial forward Fisher-Yates shuffle
  /// of 0..<n stored sparsely (RAND-18).
  ///
  /// For i = 0..<k: j = i + int(below: n - i), swap positions i and j of the virtual array
  /// 0..<n, emit position i. Only displaced positions are kept (a dictionary of at most k
  /// entries), so memory is O(k) even for huge n, and the output equals that of the dense
  /// shuffle. Every ordered k-tuple of distinct indices is equally likely; k draws.
  /// Throws `.negativeCount` for k < 0 or n < 0, `.sampleLargerThanPopulation` for k > n.
  public mutating func sampleWithoutReplacement(_ k: Int, from n: Int) throws(RandomnessError) -> [Int] {
    guard n >= 0 else { throw .negativeCount(name: "n", value: n) }
    guard k >= 0 else { throw .negativeCount(name: "k", value: k) }
    guard k <= n else { throw .sampleLargerThanPopulation(k: k, n: n) }
    var displaced: [Int: Int] = [:]
    var result: [Int] = []
    result.reserveCapacity(k)
    for i in 0..<k {
      let j = i + uniformIndex(below: n - i)
      let atJ = displaced[j] ?? j
      displaced[j] = displaced[i] ?? i
      displaced[i] = nil  // position i is final: forget it to keep the dictionary small
      result.append(atJ)
    }
    return result
  }

  /// k independent uniform indices from 0..<n: k calls of int(below: n) (RAND-19).
  ///
  /// k == 0 returns [] for any n >= 0 without drawing. Throws `.negativeCount` for k < 0 and
  /// `.nonPositiveBound` for n <= 0 when k > 0.
  public mutating func sampleWithReplacement(_ k: Int, from n: Int) throws(RandomnessError) -> [Int] {
    guard k >= 0 else { throw .negativeCount(name: "k", value: k) }
    if k == 0 && n >= 0 { return [] }
    guard n > 0 else { throw .nonPositiveBound(n) }
    return (0..<k).map { _ in uniformIndex(below: n) }
  }
}
