/// How the authors' code turns raw scores into a saliency map, and how the paper counts highlighted
/// words (DKNN-25), and word ranks (DKNN-26).
public enum SaliencyDisplay {
  /// The paper's highlight threshold on normalised importance ("light blue or light red").
  public static let highlightThreshold = 0.05

  /// The authors' display normalisation (DKNN-25), applied to raw scores (``Attribution/scores``):
  /// 1. flip every sign when `flipSign` (their code flips for a positive prediction, class 1);
  /// 2. with N = 1e-6 + sum of |s| over the negative s and P = 1e-6 + sum of s over the others
  ///    (zeros count as positive), a negative s becomes s / N / 2 and any other s / P / 2.
  /// The results lie in [-1/2, 1/2] (their colour map adds 1/2); the 1e-6 keeps an all-zero side finite.
  public static func normalized(_ scores: [Double], flipSign: Bool) -> [Double] {
    let s = flipSign ? scores.map { -$0 } : scores
    var negative = 1e-6, positive = 1e-6
    for x in s {
      if x < 0 { negative += Swift.abs(x) } else { positive += x }
    }
    return s.map { $0 < 0 ? ($0 / negative) / 2 : ($0 / positive) / 2 }
  }

  /// The normalisation for a sentiment prediction as their code applies it: flipped when the
  /// prediction is `positiveClass` (1 in their binary tasks).
  public static func normalized(_ attribution: Attribution, positiveClass: Int = 1) -> [Double] {
    normalized(attribution.scores, flipSign: attribution.prediction == positiveClass)
  }

  /// The words the paper counts as highlighted: |normalised importance| > threshold (either colour).
  public static func highlighted(_ normalized: [Double], threshold: Double = highlightThreshold) -> [Bool] {
    normalized.map { Swift.abs($0) > threshold }
  }

  /// Word ranks (DKNN-26): rank 1 for the smallest value when `ascending` (the paper's "from most
  /// negative to most positive"), for the largest otherwise; equal values are ranked by position,
  /// the earlier word first. ranks[i] is the rank of word i; the ranks are a permutation of 1...L.
  public static func ranks(_ values: [Double], ascending: Bool = true) -> [Int] {
    let order = values.indices.sorted { a, b in
      values[a] != values[b] ? (ascending ? values[a] < values[b] : values[a] > values[b]) : a < b
    }
    var ranks = [Int](repeating: 0, count: values.count)
    for (r, i) in order.enumerated() { ranks[i] = r + 1 }
    return ranks
  }

  /// How strongly each word supports the prediction (the paper's importance g = -raw score), ranked
  /// most supporting first (DKNN-26): the rank of a known cue word measures an interpretation.
  public static func supportRanks(_ attribution: Attribution) -> [Int] {
    ranks(attribution.scores.map { -$0 }, ascending: false)
  }
}
