import Dispatch
import Foundation

/// Wall-clock and processor time since a start (EBE-12's cost notes). On a shared machine the
/// wall clock grows with the other processes' load; the processor time of this process (all its
/// threads, CLOCK_PROCESS_CPUTIME_ID) does not, so projections of cost are made from it.
struct Stopwatch {
  private let wallStart = DispatchTime.now().uptimeNanoseconds
  private let processorStart = Stopwatch.processorSeconds()

  /// Seconds of wall clock since the start.
  var wallSeconds: Double { Double(DispatchTime.now().uptimeNanoseconds - wallStart) / 1e9 }
  /// Seconds of processor time (all threads of the process) since the start.
  var processorSeconds: Double { Stopwatch.processorSeconds() - processorStart }

  static func processorSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
  }
}
