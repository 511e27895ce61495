import Foundation

/// Progress on standard error for long work (EVAL-26): what is running, done/total, elapsed time
/// and an estimate of the time left. Lines are printed at most every two seconds, plus the last
/// one, so short runs stay quiet.
///
/// The estimate weighs the work by its cost (EVAL-51): unit i (in the order units are done) has a
/// relative cost c_i, and ETA = elapsed * (sum of the remaining c_i) / (sum of the done c_i). With
/// equal costs (the default) this is elapsed * (total - done) / done. So a table whose last unit
/// is a slow one (an NCA fit after many quick kNN folds) does not promise a few seconds.
public final class Progress: @unchecked Sendable {
  public let label: String
  public let total: Int
  /// Relative cost of each unit, in the order they are done (count `total`).
  public let unitCosts: [Double]
  let start = Date()
  let lock = NSLock()
  var done = 0
  var doneCost = 0.0
  let totalCost: Double
  var lastPrint = Date.distantPast
  let quiet: Bool

  /// Progress over `total` units of equal cost.
  public convenience init(_ label: String, total: Int, quiet: Bool = false) {
    self.init(label, unitCosts: [Double](repeating: 1, count: Swift.max(0, total)), quiet: quiet)
  }

  /// Progress over units with the given relative costs (finite, > 0; others count as the mean of
  /// the valid ones, or 1), in the order they will be done.
  public init(_ label: String, unitCosts: [Double], quiet: Bool = false) {
    let valid = unitCosts.filter { $0.isFinite && $0 > 0 }
    let fallback = valid.isEmpty ? 1 : valid.reduce(0, +) / Double(valid.count)
    self.label = label; self.total = unitCosts.count; self.quiet = quiet
    self.unitCosts = unitCosts.map { $0.isFinite && $0 > 0 ? $0 : fallback }
    totalCost = self.unitCosts.reduce(0, +)
  }

  /// The estimated seconds left after `elapsed` seconds (EVAL-51); 0 before any work is done.
  public func estimatedSecondsLeft(elapsed: Double) -> Double {
    lock.lock()
    defer { lock.unlock() }
    return eta(elapsed: elapsed)
  }

  func eta(elapsed: Double) -> Double {
    doneCost > 0 ? elapsed * Swift.max(0, totalCost - doneCost) / doneCost : 0
  }

  /// Marks `count` more units done.
  public func advance(by count: Int = 1, detail: String = "") {
    lock.lock()
    defer { lock.unlock() }
    for _ in 0..<Swift.max(0, count) {
      if done < unitCosts.count { doneCost += unitCosts[done] }
      done += 1
    }
    let now = Date()
    guard !quiet, now.timeIntervalSince(lastPrint) >= 2 || done == total else { return }
    if done == total && now.timeIntervalSince(start) < 2 { return }
    lastPrint = now
    let elapsed = now.timeIntervalSince(start)
    let left = eta(elapsed: elapsed)
    let line = """
      [\(label)] \(done)/\(total)  elapsed \(Self.clock(elapsed))  ETA \
      \(Self.clock(left))\(detail.isEmpty ? "" : "  " + detail)\n
      """
    FileHandle.standardError.write(line.data(using: .utf8)!)
  }

  public var elapsed: Double { Date().timeIntervalSince(start) }

  static func clock(_ seconds: Double) -> String {
    let s = Int(seconds.rounded())
    return s >= 60 ? "\(s / 60)m\(String(format: "%02d", s % 60))s" : "\(s)s"
  }
}
