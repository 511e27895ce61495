#if canImport(Glibc)
  import Glibc
#endif

/// Process-wide allocator settings for the long-running executables (FOUND-32).
///
/// Every tensor operation allocates its result. With glibc's defaults, blocks above 128 KiB come
/// straight from mmap and go back to the kernel when freed, so each [32 x 1617] intermediate of an
/// NN-kNN step costs fresh, zero-filled pages: a quarter of an epoch went to page faults. Raising
/// the mmap and trim thresholds keeps such blocks in the heap for reuse. Results are unaffected;
/// only `reproduce` and `bench` call this (tests keep the defaults).
public enum AllocatorTuning {
  /// glibc's `mallopt` parameters (malloc.h, which Swift's Glibc module does not export).
  static let trimThreshold: Int32 = -1, mmapThreshold: Int32 = -3

  /// Returns whether the allocator accepted both settings (false where there is no glibc).
  @discardableResult
  public static func keepLargeBlocks() -> Bool {
    #if canImport(Glibc)
      typealias MallOpt = @convention(c) (Int32, Int32) -> Int32
      guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return false }
      let mallopt = unsafeBitCast(symbol, to: MallOpt.self)
      return mallopt(mmapThreshold, 256 << 20) == 1 && mallopt(trimThreshold, 512 << 20) == 1
    #else
      return false
    #endif
  }

  /// Returns the heap's free memory to the system (glibc's `malloc_trim(0)`, found at run time like
  /// `mallopt`); false where there is no glibc. `bench` calls it between workloads so that each
  /// one's peak resident memory excludes the blocks an earlier workload left free in the heap.
  @discardableResult
  public static func releaseFreeMemory() -> Bool {
    #if canImport(Glibc)
      typealias MallocTrim = @convention(c) (Int) -> Int32
      guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return false }
      return unsafeBitCast(symbol, to: MallocTrim.self)(0) == 1
    #else
      return false
    #endif
  }
}
