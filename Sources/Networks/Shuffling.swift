import Randomness

/// The mini-batch order of the training loop (NET-18).
public enum Shuffling {
  /// A uniform integer in 0..<n (n >= 1): the Randomness module's unbiased bounded draw
  /// (Lemire's nearly divisionless method, RAND-12), the one Fisher-Yates uses below.
  public static func boundedIndex<G: RandomSource>(below n: Int, using generator: inout G) -> Int {
    precondition(n >= 1, "boundedIndex(below: \(n))")
    return (try? generator.int(below: n)) ?? 0
  }

  /// A uniformly random permutation of 0..<n: the identity shuffled by the Randomness module's
  /// Fisher-Yates (RAND-17): for i = n-1 down to 1, swap positions i and boundedIndex(below: i + 1).
  /// Exactly n - 1 bounded draws (none for n <= 1).
  public static func permutation<G: RandomSource>(_ n: Int, using generator: inout G) -> [Int] {
    var order = Array(0..<Swift.max(n, 0))
    generator.shuffle(&order)
    return order
  }

  /// The batches of one epoch: `order` cut into consecutive slices of `batchSize`, the last one
  /// shorter when batchSize does not divide n (torch's DataLoader with drop_last=False).
  public static func batches(_ order: [Int], batchSize: Int) -> [[Int]] {
    stride(from: 0, to: order.count, by: batchSize).map { Array(order[$0..<Swift.min($0 + batchSize, order.count)]) }
  }
}
