#if arch(x86_64)
import Kernels

/// The x86-64-v3 variant (AVX2 + FMA: Intel Haswell and later, AMD Zen): this module is compiled
/// with `-target-cpu haswell`, so the 4 x 3 tile of SIMD4 vectors uses 12 of the 16 ymm registers
/// with `vfmadd231pd`. Call it only where `KernelSelection` found AVX2 and FMA (FOUND-13).
public let x86V3Kernels = KernelTable.specialised(name: "x86-64-v3", tile: Tile4x3<SIMD4<Double>>.self, depthBlock: 256,
                                                  rowTiles: 24, columnTiles: 128, smallProductLimit: 32 * 32 * 32)
#endif
