import Foundation

/// A measured value: mean, sample standard deviation (denominator n - 1; 0 when n = 1) and the
/// number of runs it summarises (EVAL-23).
public struct Summary: Equatable, Sendable {
  public var mean: Double, std: Double, n: Int
  public init(mean: Double, std: Double, n: Int) { self.mean = mean; self.std = std; self.n = n }

  /// Summarises values (n >= 1) with the n - 1 denominator.
  public init(_ values: [Double]) {
    n = values.count
    mean = values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
    let m = mean
    std = values.count < 2 ? 0 : Foundation.sqrt(values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1))
  }
}

/// A value printed in a paper: a mean, with a spread and run count when the paper gives them.
public struct PaperValue: Equatable, Sendable {
  public var mean: Double, std: Double?, n: Int?
  public init(_ mean: Double, std: Double? = nil, n: Int? = nil) { self.mean = mean; self.std = std; self.n = n }
}

/// How our value compares with the paper's (EVAL-24).
public enum Verdict: String, Sendable {
  case within, outside
  case noPaperValue = "no-paper-value"

  /// within when |ours - paper| <= 2 sqrt(s_ours^2 / n_ours + s_paper^2 / n_paper). When the paper
  /// gives no spread, its spread and run count are taken to be ours (so the bound is
  /// 2 sqrt(2) s_ours / sqrt(n_ours)). For counts (`isCount`), the bound is 2 sqrt(paper count),
  /// the Poisson standard deviation, or 2 sqrt(ours) when that is larger.
  public static func compare(_ ours: Summary, _ paper: PaperValue?, isCount: Bool = false) -> Verdict {
    guard let paper else { return .noPaperValue }
    let difference = Swift.abs(ours.mean - paper.mean)
    if isCount {
      return difference <= 2 * Foundation.sqrt(Swift.max(paper.mean, ours.mean, 0)) ? .within : .outside
    }
    let nOurs = Double(Swift.max(ours.n, 1))
    let sPaper = paper.std ?? ours.std
    let nPaper = Double(paper.n ?? ours.n)  // papers report spreads over the same folds or runs
    let bound = 2 * Foundation.sqrt(ours.std * ours.std / nOurs + sPaper * sPaper / Swift.max(nPaper, 1))
    return difference <= bound ? .within : .outside
  }
}
