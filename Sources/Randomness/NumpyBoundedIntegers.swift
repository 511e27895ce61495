/// numpy's legacy integer draws on a ``NumpyRandomState``: the masked rejection sampler behind
/// `randint`, `shuffle` and `permutation`.
extension NumpyRandomState {
  /// A uniform integer in 0...max by masked rejection: numpy's `random_interval(max)`, also its
  /// `bounded_masked_uint64` for `randint` (RAND-7).
  ///
  /// max == 0 returns 0 without drawing. Otherwise mask = the smallest 2^k - 1 >= max; if
  /// max <= 2^32 - 1 repeat v = nextUInt32() & mask, else v = nextUInt64() & mask (high word
  /// first), until v <= max. Expected draws < 2.
  public mutating func legacyInterval(max: UInt64) -> UInt64 {
    if max == 0 { return 0 }
    var mask = max
    mask |= mask >> 1; mask |= mask >> 2; mask |= mask >> 4
    mask |= mask >> 8; mask |= mask >> 16; mask |= mask >> 32
    var value: UInt64
    if max <= 0xFFFF_FFFF {
      repeat { value = UInt64(nextUInt32()) & mask } while value > max
    } else {
      repeat { value = nextUInt64() & mask } while value > max
    }
    return value
  }

  /// `randint(low, high)` with numpy's default dtype (`int`, i.e. int64 on 64-bit platforms in
  /// numpy 2): low + legacyInterval(max: high - 1 - low), all in wrapping 64-bit arithmetic
  /// (RAND-11).
  ///
  /// Exact for every low < high in Int (the 64-bit path is used when the width exceeds 2^32).
  /// `low >= high` throws `.emptyIntegerRange` (numpy: ValueError "low >= high").
  public mutating func randint(low: Int, high: Int) throws(RandomnessError) -> Int {
    guard low < high else { throw .emptyIntegerRange(low: low, high: high) }
    let span = UInt64(bitPattern: Int64(high)) &- 1 &- UInt64(bitPattern: Int64(low))
    return Int(Int64(bitPattern: UInt64(bitPattern: Int64(low)) &+ legacyInterval(max: span)))
  }

  /// `randint(high)`: the same as `randint(low: 0, high: high)` (RAND-11).
  public mutating func randint(_ high: Int) throws(RandomnessError) -> Int {
    try randint(low: 0, high: high)
  }

  /// `shuffle(x)` for a 1-D array: for i = n-1 down to 1, j = legacyInterval(max: i), swap x[i]
  /// and x[j] (RAND-8). Draws n - 1 bounded integers; arrays of length 0 or 1 draw nothing.
  public mutating func shuffle<T>(_ array: inout [T]) {
    var i = array.count - 1
    while i >= 1 {
      let j = Int(legacyInterval(max: UInt64(i)))
      array.swapAt(i, j)
      i -= 1
    }
  }

  /// `permutation(n)`: arange(n) shuffled by ``shuffle(_:)`` (RAND-8). n < 0 throws.
  public mutating func permutation(_ n: Int) throws(RandomnessError) -> [Int] {
    guard n >= 0 else { throw .negativeCount(name: "n", value: n) }
    var result = Array(0..<n)
    shuffle(&result)
    return result
  }
}
