/// torch's float32 Box-Muller block on AVX2 builds (RAND-35): the cephes-style polynomials of
/// `ATen/native/cpu/avx_mathfun.h` (`log256_ps`, `sincos256_ps`), evaluated here one lane at a
/// time in float with the same operations in the same order.
///
/// The compiler that built torch fused every multiply whose only use is an addition into a
/// fused multiply-add (GCC's `-ffp-contract=fast` with FMA available); the goldens decide which
/// products are fused and agree with exactly the choices below (written `fma(a, b, c)` =
/// a * b + c with one rounding). Results are not the correctly rounded log, sin and cos; they
/// are what torch stores.
enum CephesAVX {
  static let sqrtHalf = Float(0.707106781186547524)
  static let logP: [Float] = [7.0376836292E-2, -1.1514610310E-1, 1.1676998740E-1, -1.2420140846E-1, 1.4249322787E-1,
                              -1.6668057665E-1, 2.0000714765E-1, -2.4999993993E-1, 3.3333331174E-1]
  static let logQ1 = Float(-2.12194440e-4), logQ2 = Float(0.693359375)
  static let minusDP: [Float] = [-0.78515625, -2.4187564849853515625e-4, -3.77489497744594108e-8]
  static let sinP: [Float] = [-1.9515295891E-4, 8.3321608736E-3, -1.6666654611E-1]
  static let cosP: [Float] = [2.443315711809948E-005, -1.388731625493765E-003, 4.166664568298827E-002]
  static let fourOverPi = Float(1.27323954473516)

  /// `log256_ps` for one lane (RAND-35). x <= 0 gives the all-ones NaN the vector code ORs in.
  ///
  /// Split x = m 2^e with m in [0.5, 1) (bit operations; subnormals first raised to the
  /// smallest normal); e += 1; if m < sqrt(1/2) then e -= 1 and m = (m - 1) + m, else m = m - 1.
  /// With z = m^2: y = Horner(p0 ... p8; m) (fused), y = y * m, y = fma(y, z, e q1),
  /// y = fma(-z, 0.5, y), result = fma(e, q2, m + y).
  static func log(_ input: Float) -> Float {
    if !(input > 0) { return Float(bitPattern: 0xFFFF_FFFF) }
    var x = Swift.max(input, Float(bitPattern: 0x0080_0000))
    let biasedExponent = Int32(bitPattern: x.bitPattern >> 23)
    x = Float(bitPattern: (x.bitPattern & ~0x7F80_0000) | Float(0.5).bitPattern)
    var e = Float(biasedExponent - 0x7F) + 1
    let below = x < sqrtHalf
    let tmp: Float = below ? x : 0
    x = x - 1
    e = e - (below ? 1 : 0)
    x = x + tmp
    let z = x * x
    var y = logP[0]
    for p in logP.dropFirst() { y = p.addingProduct(y, x) }
    y = y * x
    y = (e * logQ1).addingProduct(y, z)
    y = y.addingProduct(-z, 0.5)
    return (x + y).addingProduct(e, logQ2)
  }

  /// `sincos256_ps` for one lane (RAND-35): (sin x, cos x) by cephes' octant reduction.
  ///
  /// j = trunc(|x| 4/pi), j = (j + 1) & ~1, y = Float(j); r = |x| reduced by y pi/4 in three
  /// fused steps (DP1, DP2, DP3); z = r^2. Cosine polynomial: c = fma(fma(fma(c0, z, c1), z, c2)
  /// * z, z, -(z * 0.5)) + 1; sine polynomial: s = fma(fma(fma(s0, z, s1), z, s2) * z, r, r).
  /// When j & 2 == 0 the sine is s and the cosine c, otherwise swapped; the signs come from
  /// bit j & 4 (sine, with the sign of x) and from ~(j - 2) & 4 (cosine). The selection is done
  /// with the vector code's additions of +0 (so a -0 result becomes +0 where it does).
  /// Precondition: |x| 4/pi fits in Int32 (the vector code's conversion); the Box-Muller caller
  /// passes theta in [0, 2 pi).
  static func sincos(_ input: Float) -> (sin: Float, cos: Float) {
    var signSine = input.bitPattern & 0x8000_0000
    var x = Float(bitPattern: input.bitPattern & 0x7FFF_FFFF)
    var j = Int32(truncatingIfNeeded: Int64(x * fourOverPi))
    j = (j &+ 1) & ~1
    let y = Float(j)
    let swapSign = UInt32(bitPattern: (j & 4) << 29)
    let sinePolynomialFirst = (j & 2) == 0
    for dp in minusDP { x = x.addingProduct(y, dp) }
    let signCosine = UInt32(bitPattern: (~(j &- 2) & 4) << 29)
    signSine ^= swapSign
    let z = x * x
    var c = cosP[0]
    c = cosP[1].addingProduct(c, z)
    c = cosP[2].addingProduct(c, z)
    c = c * z
    c = (-(z * 0.5)).addingProduct(c, z)
    c = c + 1
    var s = sinP[0]
    s = sinP[1].addingProduct(s, z)
    s = sinP[2].addingProduct(s, z)
    s = s * z
    s = x.addingProduct(s, x)
    // The vector code's select: masked parts are +0.0, then subtracted and added back.
    let sineTaken: Float = sinePolynomialFirst ? s : 0, cosineTaken: Float = sinePolynomialFirst ? 0 : c
    let sine = cosineTaken + sineTaken
    let cosine = (c - cosineTaken) + (s - sineTaken)
    return (Float(bitPattern: sine.bitPattern ^ signSine), Float(bitPattern: cosine.bitPattern ^ signCosine))
  }

  /// torch's AVX2 `NormalFill16<float>` (RAND-35): for the 8 lanes j, u1 = 1 - d[j],
  /// u2 = d[j + 8], radius = sqrt(-2 log(u1)) with ``log(_:)``, theta = Float(2 pi) u2,
  /// (s, c) = ``sincos(_:)``; d[j] = fma(radius c, std, mean), d[j + 8] = fma(radius s, std, mean).
  static func boxMullerBlock(_ d: inout [Float], at start: Int, mean: Float, std: Float) {
    let twoPi = Float(2.0 * Double.pi)
    for j in start..<(start + 8) {
      let u1: Float = 1 - d[j], u2 = d[j + 8]
      let radius = (-2 * log(u1)).squareRoot()
      let (sine, cosine) = sincos(twoPi * u2)
      d[j] = mean.addingProduct(radius * cosine, std)
      d[j + 8] = mean.addingProduct(radius * sine, std)
    }
  }
}
