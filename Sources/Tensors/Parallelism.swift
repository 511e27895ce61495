import Dispatch
import Foundation
import Synchronization

/// How many threads the kernels may use (FOUND-31).
///
/// Work is always split into the same chunks whatever the thread count, and each output element is
/// computed by exactly one chunk in a fixed order, so results are bit-identical for any setting.
/// The count only changes how many chunks run at once.
public enum Parallelism {
  private static let configured = Atomic<Int>(0)

  /// The thread count in force: set by ``setThreads(_:)``, else the `NN_THREADS` environment
  /// variable, else the number of active processors.
  public static var threads: Int {
    let value = configured.load(ordering: .relaxed)
    return value > 0 ? value : defaultThreads
  }

  /// `NN_THREADS` if set to a positive integer, else the active processor count; read once, so the
  /// hot paths that ask for `threads` never touch the environment.
  static let defaultThreads: Int = {
    if let text = ProcessInfo.processInfo.environment["NN_THREADS"], let n = Int(text), n > 0 { return n }
    return max(1, ProcessInfo.processInfo.activeProcessorCount)
  }()

  /// Sets the thread count (1 = serial). Values below 1 restore the default.
  public static func setThreads(_ n: Int) { configured.store(max(0, n), ordering: .relaxed) }

  /// Runs `body(chunk)` for chunk in 0..<chunks, at most `threads` at a time. `body` must write
  /// only to memory that belongs to its chunk.
  public static func forEachChunk(_ chunks: Int, threads: Int = Parallelism.threads, _ body: (Int) -> Void) {
    if chunks <= 0 { return }
    let workers = min(threads, chunks)
    if workers <= 1 {
      for chunk in 0..<chunks { body(chunk) }
      return
    }
    // Worker w takes chunks w, w + workers, ...: a fixed assignment, though only the chunk
    // boundaries matter for the results.
    withoutActuallyEscaping(body) { body in
      let task = ChunkBody(run: body)
      DispatchQueue.concurrentPerform(iterations: workers) { worker in
        var chunk = worker
        while chunk < chunks {
          task.run(chunk)
          chunk += workers
        }
      }
    }
  }
}

/// The chunk body handed to worker threads. Sendable by contract: each chunk touches only its own
/// output memory (the caller's obligation, stated on `forEachChunk`).
private struct ChunkBody: @unchecked Sendable {
  let run: (Int) -> Void
}
