import Randomness

/// The mini-batch order of the training loop (NET-18).
public enum Shuffling {
  /// A uniform integer in 0..<n (n >= 1) by Lemire's nearly divisionless method: m = next() * n
  /// as a 128-bit product; if its low word l < n, compute t = (2^64 - n) mod n and redraw while
  /// l < t; return the high word. Exactly uniform; usually one draw. This is the same draw as
  /// the Randomness module's bounded integers, kept here so the loop's order is defined even
  /// where that module is older.
  public static func boundedIndex<G: RandomSource>(below n: Int, using generator: inout G) -> Int {
    precondition(n >= 1, "boundedIndex(below: \(n))")
    let bound = UInt64(n)
    var product = bound.multipliedFullWidth(by: generator.next())
    if product.low < bound {
      let threshold = (0 &- bound) % bound
      while product.low < threshold { product = bound.multipliedFullWidth(by: generator.next()) }
    }
    return Int(product.high)
  }

  /// A uniformly random permutation of 0..<n: start from the identity and, for i = n-1 down to
  /// 1, swap positions i and j = boundedIndex(below: i + 1) (Fisher-Yates, Durstenfeld's form).
  /// Exactly n - 1 bounded draws (none for n <= 1).
  public static func permutation<G: RandomSource>(_ n: Int, using generator: inout G) -> [Int] {
    var order = Array(0..<Swift.max(n, 0))
    var i = order.count - 1
    while i >= 1 {
      order.swapAt(i, boundedIndex(below: i + 1, using: &generator))
      i -= 1
    }
    return order
  }

  /// The batches of one epoch: `order` cut into consecutive slices of `batchSize`, the last one
  /// shorter when batchSize does not divide n (torch's DataLoader with drop_last=False).
  public static func batches(_ order: [Int], batchSize: Int) -> [[Int]] {
    stride(from: 0, to: order.count, by: batchSize).map { Array(order[$0..<Swift.min($0 + batchSize, order.count)]) }
  }
}
