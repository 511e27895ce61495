/// torch's integer draws: `randint`, `randperm`, `random_` (RAND-36 ... RAND-38).
extension TorchGenerator {
  /// `torch.randint(low, high, (count,))` with the default int64 dtype (RAND-36).
  ///
  /// range = high - low (as an unsigned 64-bit number); each value is
  /// low + (w mod range) in wrapping 64-bit arithmetic, w = random64() if range >= 2^32, else
  /// one 32-bit word. (The modulo makes small values slightly more likely when range does not
  /// divide 2^32; that is torch's behaviour.) low >= high throws `emptyIntegerRange`, a negative
  /// count `negativeCount`, before any draw.
  public mutating func randint(low: Int, high: Int, count: Int) throws(RandomnessError) -> [Int] {
    guard count >= 0 else { throw .negativeCount(name: "count", value: count) }
    guard low < high else { throw .emptyIntegerRange(low: low, high: high) }
    let range = UInt64(bitPattern: Int64(high)) &- UInt64(bitPattern: Int64(low))
    return (0..<count).map { _ in
      let w = range >= 1 << 32 ? random64() : UInt64(random())
      return Int(Int64(bitPattern: (w % range) &+ UInt64(bitPattern: Int64(low))))
    }
  }

  /// n below which `randperm` keeps its original algorithm: (2^32 - 1) / 20 = 214,748,364 (RAND-37).
  public static let randpermSwapLimit = Int(UInt32.max / 20)

  /// `torch.randperm(n)` (int64) (RAND-37). Two algorithms, chosen by n:
  /// - n < 214,748,364: r = 0..<n; for i in 0..<n-1, z = random() mod (n - i) (one 32-bit word),
  ///   swap r[i] and r[i + z] (a forward Fisher-Yates shuffle; n - 1 words);
  /// - larger n: the "inside-out" shuffle: for i in 0..<n, z = random64() mod (i + 1);
  ///   r[i] = r[z]; r[z] = i (two words per element).
  /// n < 0 throws `negativeCount`.
  public mutating func randperm(_ n: Int) throws(RandomnessError) -> [Int] {
    guard n >= 0 else { throw .negativeCount(name: "n", value: n) }
    return n < Self.randpermSwapLimit ? swapShuffle(n) : insideOutShuffle(n)
  }

  /// The small-n algorithm of ``randperm(_:)`` (RAND-37).
  mutating func swapShuffle(_ n: Int) -> [Int] {
    var r = Array(0..<n)
    var i = 0
    while i < n - 1 {
      let z = Int(random()) % (n - i)
      r.swapAt(i, i + z)
      i += 1
    }
    return r
  }

  /// The large-n algorithm of ``randperm(_:)`` (RAND-37); any n, so it can be tested small.
  mutating func insideOutShuffle(_ n: Int) -> [Int] {
    var r = [Int](repeating: 0, count: n)
    r.withUnsafeMutableBufferPointer { p in
      for i in 0..<n {
        let z = Int(random64() % UInt64(i + 1))
        p[i] = p[z]
        p[z] = i
      }
    }
    return r
  }

  /// `torch.empty((), dtype=torch.int64).random_()`: a uniform integer in 0...2^63 - 1, the low 63
  /// bits of random64() (RAND-38). PyTorch's DataLoader draws one per iterator it creates (its
  /// base seed) and its RandomSampler one more (the seed of its private generator), so every
  /// epoch over a shuffled DataLoader advances the global stream by four words.
  public mutating func randomInt64() -> Int64 {
    Int64(bitPattern: random64() & UInt64(Int64.max))
  }
}
