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
  public static func keepLargeBlocks() {
    #if canImport(Glibc)
      _ = mallopt(M_MMAP_THRESHOLD, 256 << 20)
      _ = mallopt(M_TRIM_THRESHOLD, 512 << 20)
    #endif
  }
}
