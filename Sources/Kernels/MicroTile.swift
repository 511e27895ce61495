/// Register tiles of the matrix-product kernel (FOUND-11).
///
/// A tile computes, for a block of `rows` rows and `columns` = 3 x `Vector.scalarCount` columns of C,
///
///     C[r, c] = fma(A~[p, r], B~[p, c], C[r, c])   for p = 0, 1, ..., depth - 1, in that order,
///
/// where A~ is a packed A panel (for each p, the `rows` values of one column of A, contiguous) and
/// B~ a packed B panel (for each p, the `columns` values of one row of B, contiguous). Every lane of
/// every accumulator is one element of C and receives its products one fused multiply-add at a
/// time in increasing p: exactly the sequence of the reference loop (FOUND-10), so the tile's result
/// does not depend on the vector width, the tile shape or the instruction set.
///
/// The accumulators are written out by name: that is what keeps them in registers. With
/// SIMD8<Double> on AVX-512 the 8 x 3 tile uses 24 of the 32 vector registers; with SIMD4<Double>
/// on AVX2 the 4 x 3 tile uses 12 of 16.
public protocol MicroTile: SendableTileType {
  associatedtype Vector: KernelVector
  /// Rows of C per tile (MR).
  static var rows: Int { get }
  /// Runs the tile on C[0..<rows, 0..<columns] (row stride `rowStride`), which holds the partial
  /// sums so far, or, when `fromZero` is set, starts every chain at +0.0 without reading C (the
  /// first block of products: the same bits as reading a zeroed C, without zeroing it).
  static func accumulate(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, depth: Int,
                         into c: UnsafeMutablePointer<Double>, rowStride: Int, fromZero: Bool)
}

extension MicroTile {
  /// Columns of C per tile (NR): three vectors.
  @inlinable
  public static var columns: Int { 3 &* Vector.scalarCount }
}

/// Tile types are captured by the kernel table's `@Sendable` closures: from Swift 6.2 that asks
/// for a sendable metatype.
#if compiler(>=6.2)
public typealias SendableTileType = SendableMetatype
#else
public protocol SendableTileType {}
#endif

@inlinable @inline(__always)
func load<V: SIMD>(_ p: UnsafePointer<Double>, as _: V.Type = V.self) -> V where V.Scalar == Double {
  UnsafeRawPointer(p).loadUnaligned(as: V.self)
}

@inlinable @inline(__always)
func load<V: SIMD>(_ p: UnsafeMutablePointer<Double>, as _: V.Type = V.self) -> V where V.Scalar == Double {
  UnsafeRawPointer(p).loadUnaligned(as: V.self)
}

/// A tile accumulator's starting value: C's partial sums, or +0.0 for a fresh chain.
@inlinable @inline(__always)
func start<V: SIMD>(_ p: UnsafeMutablePointer<Double>, _ fromZero: Bool) -> V where V.Scalar == Double {
  fromZero ? V() : load(p)
}

@inlinable @inline(__always)
func store<V: SIMD>(_ v: V, _ p: UnsafeMutablePointer<Double>) where V.Scalar == Double {
  UnsafeMutableRawPointer(p).storeBytes(of: v, as: V.self)
}

/// Four rows by three vectors (12 accumulators): AVX2 (SIMD4) and the portable kernel (SIMD2).
public enum Tile4x3<Vector: KernelVector>: MicroTile {
  @inlinable public static var rows: Int { 4 }

  @inlinable @inline(__always)
  public static func accumulate(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, depth: Int,
                                into c: UnsafeMutablePointer<Double>, rowStride ldc: Int, fromZero: Bool) {
    let w = Vector.scalarCount, w2 = 2 &* Vector.scalarCount
    let c0 = c, c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc
    var x00: Vector = start(c0, fromZero), x01: Vector = start(c0 + w, fromZero), x02: Vector = start(c0 + w2, fromZero)
    var x10: Vector = start(c1, fromZero), x11: Vector = start(c1 + w, fromZero), x12: Vector = start(c1 + w2, fromZero)
    var x20: Vector = start(c2, fromZero), x21: Vector = start(c2 + w, fromZero), x22: Vector = start(c2 + w2, fromZero)
    var x30: Vector = start(c3, fromZero), x31: Vector = start(c3 + w, fromZero), x32: Vector = start(c3 + w2, fromZero)
    var pa = a, pb = b
    var p = 0
    while p < depth {
      let b0: Vector = load(pb), b1: Vector = load(pb + w), b2: Vector = load(pb + w2)
      var s = Vector(repeating: pa[0])
      x00.addProduct(s, b0); x01.addProduct(s, b1); x02.addProduct(s, b2)
      s = Vector(repeating: pa[1])
      x10.addProduct(s, b0); x11.addProduct(s, b1); x12.addProduct(s, b2)
      s = Vector(repeating: pa[2])
      x20.addProduct(s, b0); x21.addProduct(s, b1); x22.addProduct(s, b2)
      s = Vector(repeating: pa[3])
      x30.addProduct(s, b0); x31.addProduct(s, b1); x32.addProduct(s, b2)
      pa += 4; pb += 3 &* w; p &+= 1
    }
    store(x00, c0); store(x01, c0 + w); store(x02, c0 + w2)
    store(x10, c1); store(x11, c1 + w); store(x12, c1 + w2)
    store(x20, c2); store(x21, c2 + w); store(x22, c2 + w2)
    store(x30, c3); store(x31, c3 + w); store(x32, c3 + w2)
  }
}

/// Eight rows by three vectors (24 accumulators): AVX-512 (SIMD8) and arm64 (SIMD2, 32 registers).
public enum Tile8x3<Vector: KernelVector>: MicroTile {
  @inlinable public static var rows: Int { 8 }

  @inlinable @inline(__always)
  public static func accumulate(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, depth: Int,
                                into c: UnsafeMutablePointer<Double>, rowStride ldc: Int, fromZero: Bool) {
    let w = Vector.scalarCount, w2 = 2 &* Vector.scalarCount
    let c0 = c, c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc, c4 = c3 + ldc, c5 = c4 + ldc, c6 = c5 + ldc, c7 = c6 + ldc
    var x00: Vector = start(c0, fromZero), x01: Vector = start(c0 + w, fromZero), x02: Vector = start(c0 + w2, fromZero)
    var x10: Vector = start(c1, fromZero), x11: Vector = start(c1 + w, fromZero), x12: Vector = start(c1 + w2, fromZero)
    var x20: Vector = start(c2, fromZero), x21: Vector = start(c2 + w, fromZero), x22: Vector = start(c2 + w2, fromZero)
    var x30: Vector = start(c3, fromZero), x31: Vector = start(c3 + w, fromZero), x32: Vector = start(c3 + w2, fromZero)
    var x40: Vector = start(c4, fromZero), x41: Vector = start(c4 + w, fromZero), x42: Vector = start(c4 + w2, fromZero)
    var x50: Vector = start(c5, fromZero), x51: Vector = start(c5 + w, fromZero), x52: Vector = start(c5 + w2, fromZero)
    var x60: Vector = start(c6, fromZero), x61: Vector = start(c6 + w, fromZero), x62: Vector = start(c6 + w2, fromZero)
    var x70: Vector = start(c7, fromZero), x71: Vector = start(c7 + w, fromZero), x72: Vector = start(c7 + w2, fromZero)
    var pa = a, pb = b
    var p = 0
    while p < depth {
      let b0: Vector = load(pb), b1: Vector = load(pb + w), b2: Vector = load(pb + w2)
      var s = Vector(repeating: pa[0])
      x00.addProduct(s, b0); x01.addProduct(s, b1); x02.addProduct(s, b2)
      s = Vector(repeating: pa[1])
      x10.addProduct(s, b0); x11.addProduct(s, b1); x12.addProduct(s, b2)
      s = Vector(repeating: pa[2])
      x20.addProduct(s, b0); x21.addProduct(s, b1); x22.addProduct(s, b2)
      s = Vector(repeating: pa[3])
      x30.addProduct(s, b0); x31.addProduct(s, b1); x32.addProduct(s, b2)
      s = Vector(repeating: pa[4])
      x40.addProduct(s, b0); x41.addProduct(s, b1); x42.addProduct(s, b2)
      s = Vector(repeating: pa[5])
      x50.addProduct(s, b0); x51.addProduct(s, b1); x52.addProduct(s, b2)
      s = Vector(repeating: pa[6])
      x60.addProduct(s, b0); x61.addProduct(s, b1); x62.addProduct(s, b2)
      s = Vector(repeating: pa[7])
      x70.addProduct(s, b0); x71.addProduct(s, b1); x72.addProduct(s, b2)
      pa += 8; pb += 3 &* w; p &+= 1
    }
    store(x00, c0); store(x01, c0 + w); store(x02, c0 + w2)
    store(x10, c1); store(x11, c1 + w); store(x12, c1 + w2)
    store(x20, c2); store(x21, c2 + w); store(x22, c2 + w2)
    store(x30, c3); store(x31, c3 + w); store(x32, c3 + w2)
    store(x40, c4); store(x41, c4 + w); store(x42, c4 + w2)
    store(x50, c5); store(x51, c5 + w); store(x52, c5 + w2)
    store(x60, c6); store(x61, c6 + w); store(x62, c6 + w2)
    store(x70, c7); store(x71, c7 + w); store(x72, c7 + w2)
  }
}
