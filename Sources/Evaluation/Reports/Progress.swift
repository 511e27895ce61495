import Foundation

/// Progress on standard error for long work (EVAL-26): what is running, done/total, elapsed time
/// and an estimate of the time left (elapsed * (total - done) / done). Lines are printed at most
/// every two seconds, plus the last one, so short runs stay quiet.
public final class Progress: @unchecked Sendable {
  public let label: String
  public let total: Int
  let start = Date()
  let lock = NSLock()
  var done = 0
  var lastPrint = Date.distantPast
  let quiet: Bool

  public init(_ label: String, total: Int, quiet: Bool = false) {
    self.label = label; self.total = total; self.quiet = quiet
  }

  /// Marks `count` more units done.
  public func advance(by count: Int = 1, detail: String = "") {
    lock.lock()
    defer { lock.unlock() }
    done += count
    let now = Date()
    guard !quiet, now.timeIntervalSince(lastPrint) >= 2 || done == total else { return }
    if done == total && now.timeIntervalSince(start) < 2 { return }
    lastPrint = now
    let elapsed = now.timeIntervalSince(start)
    let eta = done > 0 ? elapsed * Double(total - done) / Double(done) : 0
    let line = "[\(label)] \(done)/\(total)  elapsed \(Self.clock(elapsed))  ETA \(Self.clock(eta))\(detail.isEmpty ? "" : "  " + detail)\n"
    FileHandle.standardError.write(line.data(using: .utf8)!)
  }

  public var elapsed: Double { Date().timeIntervalSince(start) }

  static func clock(_ seconds: Double) -> String {
    let s = Int(seconds.rounded())
    return s >= 60 ? "\(s / 60)m\(String(format: "%02d", s % 60))s" : "\(s)s"
  }
}
