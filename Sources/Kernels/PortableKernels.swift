/// The portable variant: compiled for the toolchain's default target (baseline x86-64, or arm64).
///
/// On arm64 the 8 x 3 tile of SIMD2 vectors fills 24 of NEON's 32 registers with hardware fused
/// multiply-adds. On a baseline x86-64 build there is no FMA instruction, so each `addProduct`
/// becomes a call to the C library's correctly rounded `fma`: the same bits, at a small fraction of
/// the speed (the x86-64-v3 and v4 variants exist for that reason).
#if arch(arm64)
public let portableKernels = KernelTable.specialised(name: "portable", tile: Tile8x3<SIMD2<Double>>.self, depthBlock: 256,
                                                     rowTiles: 8, columnTiles: 64, smallProductLimit: 32 * 32 * 32)
#else
public let portableKernels = KernelTable.specialised(name: "portable", tile: Tile4x3<SIMD2<Double>>.self, depthBlock: 256,
                                                     rowTiles: 16, columnTiles: 128, smallProductLimit: 32 * 32 * 32)
#endif
