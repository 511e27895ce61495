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
  associatedtype Vector: SIMD where Vector.Scalar == Double
  /// Rows of C per tile (MR).
  static var rows: Int { get }
  /// Runs the tile on C[0..<rows, 0..<columns] (row stride `rowStride`), which holds the partial
  /// sums so far.
  static func accumulate(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, depth: Int,
                         into c: UnsafeMutablePointer<Double>, rowStride: Int)
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

@inlinable @inline(__always)
func store<V: SIMD>(_ v: V, _ p: UnsafeMutablePointer<Double>) where V.Scalar == Double {
  UnsafeMutableRawPointer(p).storeBytes(of: v, as: V.self)
}

/// Four rows by three vectors (12 accumulators): AVX2 (SIMD4) and the portable kernel (SIMD2).
public enum Tile4x3<Vector: SIMD>: MicroTile where Vector.Scalar == Double {
  @inlinable public static var rows: Int { 4 }

  @inlinable @inline(__always)
  public static func accumulate(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, depth: Int,
                                into c: UnsafeMutablePointer<Double>, rowStride ldc: Int) {
    let w = Vector.scalarCount, w2 = 2 &* Vector.scalarCount
    let c0 = c, c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc
    var x00: Vector = load(c0), x01: Vector = load(c0 + w), x02: Vector = load(c0 + w2)
    var x10: Vector = load(c1), x11: Vector = load(c1 + w), x12: Vector = load(c1 + w2)
    var x20: Vector = load(c2), x21: Vector = load(c2 + w), x22: Vector = load(c2 + w2)
    var x30: Vector = load(c3), x31: Vector = load(c3 + w), x32: Vector = load(c3 + w2)
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
public enum Tile8x3<Vector: SIMD>: MicroTile where Vector.Scalar == Double {
  @inlinable public static var rows: Int { 8 }

  @inlinable @inline(__always)
  public static func accumulate(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, depth: Int,
                                into c: UnsafeMutablePointer<Double>, rowStride ldc: Int) {
    let w = Vector.scalarCount, w2 = 2 &* Vector.scalarCount
    let c0 = c, c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc, c4 = c3 + ldc, c5 = c4 + ldc, c6 = c5 + ldc, c7 = c6 + ldc
    var x00: Vector = load(c0), x01: Vector = load(c0 + w), x02: Vector = load(c0 + w2)
    var x10: Vector = load(c1), x11: Vector = load(c1 + w), x12: Vector = load(c1 + w2)
    var x20: Vector = load(c2), x21: Vector = load(c2 + w), x22: Vector = load(c2 + w2)
    var x30: Vector = load(c3), x31: Vector = load(c3 + w), x32: Vector = load(c3 + w2)
    var x40: Vector = load(c4), x41: Vector = load(c4 + w), x42: Vector = load(c4 + w2)
    var x50: Vector = load(c5), x51: Vector = load(c5 + w), x52: Vector = load(c5 + w2)
    var x60: Vector = load(c6), x61: Vector = load(c6 + w), x62: Vector = load(c6 + w2)
    var x70: Vector = load(c7), x71: Vector = load(c7 + w), x72: Vector = load(c7 + w2)
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
