#if arch(x86_64)
import Kernels

/// The x86-64-v4 variant (AVX-512 F/BW/CD/DQ/VL: Intel Skylake-SP and later, AMD Zen 4): this
/// module is compiled with `-target-cpu skylake-avx512`, so the 8 x 3 tile of SIMD8 vectors uses
/// 24 of the 32 zmm registers with `vfmadd231pd`. Call it only where `KernelSelection` found
/// AVX-512 (FOUND-13).
public let x86V4Kernels = KernelTable.specialised(name: "x86-64-v4", tile: Tile8x3<SIMD8<Double>>.self, depthBlock: 256,
                                                  rowTiles: 16, columnTiles: 128, smallProductLimit: 32 * 32 * 32)
#endif
