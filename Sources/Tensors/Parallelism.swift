import Dispatch
import Foundation
import Synchronization

/// How many threads the kernels may use (FOUND-31).
///
/// Work is always split so that each output element is computed by exactly one chunk in a fixed
/// order, so results are bit-identical for any setting: the count only changes how many chunks
/// run at once.
///
/// The count in force is, in this order: the value bound by ``withThreads(_:_:)`` for the current
/// task or thread (tests and nested work use this; it never leaks into other tests running in
/// parallel), the process default set once by an executable (``setDefaultThreads(_:)``), the
/// `NN_THREADS` environment variable, the number of active processors. Inside a chunk run by
/// ``forEachChunk(_:threads:_:)`` on more than one worker the count is 1, so nested kernels run
/// serially instead of oversubscribing the cores.
public enum Parallelism {
  @TaskLocal static var bound: Int? = nil
  private static let processDefault = Atomic<Int>(0)

  /// The thread count in force here.
  public static var threads: Int {
    if let value = bound { return value }
    let value = processDefault.load(ordering: .relaxed)
    return value > 0 ? value : environmentThreads ?? processors
  }

  /// The active processor count.
  public static let processors = max(1, ProcessInfo.processInfo.activeProcessorCount)

  /// `NN_THREADS` when it is a positive integer (read once, so hot paths never touch the
  /// environment); nil when unset.
  public static let environmentThreads: Int? = {
    guard let text = ProcessInfo.processInfo.environment["NN_THREADS"] else { return nil }
    guard let n = Int(text), n > 0 else { return nil }
    return n
  }()

  /// Why `NN_THREADS` cannot be used (not a positive integer); nil when unset or valid. The
  /// executables refuse to start on it.
  public static let environmentError: String? = {
    guard let text = ProcessInfo.processInfo.environment["NN_THREADS"] else { return nil }
    return environmentThreads == nil ? "NN_THREADS=\(text) is not a positive integer" : nil
  }()

  /// Runs `body` with the thread count `n` (at least 1) for everything it calls on this task or
  /// thread.
  public static func withThreads<R>(_ n: Int, _ body: () throws -> R) rethrows -> R {
    try $bound.withValue(max(1, n), operation: body)
  }

  /// Sets the process-wide default (what an executable's `--threads` sets once, at start-up).
  /// Values below 1 restore the automatic default. Library code and tests use ``withThreads(_:_:)``.
  public static func setDefaultThreads(_ n: Int) { processDefault.store(max(0, n), ordering: .relaxed) }

  /// Runs `body(chunk)` for chunk in 0..<chunks, at most `threads` at a time. `body` must write
  /// only to memory that belongs to its chunk.
  public static func forEachChunk(_ chunks: Int, threads: Int = Parallelism.threads, _ body: (Int) -> Void) {
    if chunks <= 0 { return }
    let workers = min(threads, chunks)
    if workers <= 1 {
      for chunk in 0..<chunks { body(chunk) }
      return
    }
    // Each worker takes the next chunk not yet taken, so a worker whose chunks ran short (a
    // cross-validation fold that stopped early) takes more instead of idling. Which worker runs
    // a chunk never matters for the results: only the chunk boundaries do.
    withoutActuallyEscaping(body) { body in
      let task = ChunkBody(run: body)
      let next = ChunkCounter()
      DispatchQueue.concurrentPerform(iterations: workers) { _ in
        $bound.withValue(1) {
          while true {
            let chunk = next.take()
            if chunk >= chunks { break }
            task.run(chunk)
          }
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

/// The next chunk index to hand out, shared by the workers of one `forEachChunk` call.
private final class ChunkCounter: Sendable {
  private let next = Atomic<Int>(0)
  /// A chunk index no other caller got (0, 1, 2, ... in the order of the calls).
  func take() -> Int { next.wrappingAdd(1, ordering: .relaxed).oldValue }
}
