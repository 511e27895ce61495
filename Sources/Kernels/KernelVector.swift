/// The vector types the kernels are written over, with the two lane-wise selections they need.
///
/// Swift's SIMD comparisons (`.<`, `.>`) become single vector instructions only when the compiler
/// sees the concrete vector type; inside generic code they fall back to a loop over the lanes. So
/// the selections live here, implemented once per concrete type (each body is the same formula,
/// compiled against that type), and the generic kernels call them.
public protocol KernelVector: SIMD where Scalar == Double {
  /// |t| lane-wise, as the scalar `t < 0 ? -t : t` (so -0 stays -0).
  static func absolute(_ t: Self) -> Self
  /// sign(t) lane-wise: 1, -1, or 0 for t = +-0 (FOUND-24's convention).
  static func sign(_ t: Self) -> Self
}

extension SIMD2: KernelVector where Scalar == Double {
  @inlinable @inline(__always)
  public static func absolute(_ t: Self) -> Self { t.replacing(with: -t, where: t .< 0) }
  @inlinable @inline(__always)
  public static func sign(_ t: Self) -> Self { Self().replacing(with: 1, where: t .> 0).replacing(with: -1, where: t .< 0) }
}

extension SIMD4: KernelVector where Scalar == Double {
  @inlinable @inline(__always)
  public static func absolute(_ t: Self) -> Self { t.replacing(with: -t, where: t .< 0) }
  @inlinable @inline(__always)
  public static func sign(_ t: Self) -> Self { Self().replacing(with: 1, where: t .> 0).replacing(with: -1, where: t .< 0) }
}

extension SIMD8: KernelVector where Scalar == Double {
  @inlinable @inline(__always)
  public static func absolute(_ t: Self) -> Self { t.replacing(with: -t, where: t .< 0) }
  @inlinable @inline(__always)
  public static func sign(_ t: Self) -> Self { Self().replacing(with: 1, where: t .> 0).replacing(with: -1, where: t .< 0) }
}
