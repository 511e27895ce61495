import Networks
import Randomness

/// Automatic layer choice (EBE-9), the paper's first open question: pick the embedding tap on a
/// validation split held out of the training set, never looking at the test set.
public enum LayerChoice {
  /// The held-out split of n training examples: a permutation of 0..<n (NET-18, drawn from
  /// `stream`), whose first `validationCount` entries, sorted, are the validation examples; the
  /// others, in increasing order, remain for training. Errors: a count outside 1...n - 2 (the
  /// backbone needs two training examples).
  public static func split(count n: Int, validationCount: Int, stream: SeedStream) throws(EBEDNNError) -> (
    training: [Int], validation: [Int]
  ) {
    guard validationCount >= 1, validationCount <= n - 2 else {
      throw .invalidConfiguration("validation count \(validationCount) must be in 1...\(n - 2) for \(n) training examples")
    }
    var generator = stream.generator()
    let order = Shuffling.permutation(n, using: &generator)
    let held = Set(order[0..<validationCount])
    return ((0..<n).filter { !held.contains($0) }, order[0..<validationCount].sorted())
  }

  /// The tap of highest validation accuracy; on equal accuracy the earlier tap in `taps` (the
  /// cheaper one to compute). Taps missing from `accuracy` are not considered. Errors: no tap
  /// has an accuracy.
  public static func choose(taps: [String], validationAccuracy accuracy: [String: Double]) throws(EBEDNNError) -> String {
    var best: (tap: String, accuracy: Double)?
    for tap in taps {
      guard let a = accuracy[tap], a.isFinite else { continue }
      if best == nil || a > best!.accuracy { best = (tap, a) }
    }
    guard let best else { throw .invalidConfiguration("no tap has a validation accuracy") }
    return best.tap
  }

  /// The tap of highest accuracy in `taps`, ties to the earlier (the "best tap in hindsight" when
  /// given test accuracies).
  public static func best(taps: [String], accuracy: [String: Double]) throws(EBEDNNError) -> String {
    try choose(taps: taps, validationAccuracy: accuracy)
  }
}
