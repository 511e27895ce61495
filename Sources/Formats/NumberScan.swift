/// The decimal digits of a JSON number, gathered while the parser scans them, and Clinger's fast
/// path (FMT-25): a decimal m x 10^e whose significand m is at most 2^53 and whose exponent
/// satisfies |e| <= 22 is `Double(m) * 10^e` or `Double(m) / 10^-e`. Both operands are exact
/// doubles (every integer up to 2^53, every power of ten up to 10^22), so the one multiplication
/// or division rounds the exact decimal value correctly, which is what `Double(String)` returns.
/// Every other number (long significands, large exponents) returns nil and takes `Double(String)`.
/// Property: for every text the parser accepts, `fastValue` is nil or bit-identical to
/// `Double(text)` (signed zeros included); tested against the reference on many random decimals.
struct NumberScan {
  var negative = false
  /// The significant digits read so far as an integer (leading zeros add nothing).
  var significand: UInt64 = 0
  /// Digits after the decimal point.
  var fractionDigits = 0
  /// The explicit exponent after 'e' (capped in magnitude by the parser).
  var exponent = 0
  /// False once the significand passes 2^53: the fast path no longer applies.
  var exact = true

  static let limit: UInt64 = 1 << 53
  /// 10^0 ... 10^22, each exactly representable as a double.
  static let powers: [Double] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22]

  mutating func append(digit: UInt8, fraction: Bool) {
    if fraction { fractionDigits += 1 }
    guard exact else { return }
    let next = significand &* 10 &+ UInt64(digit)
    if next > Self.limit { exact = false } else { significand = next }
  }

  /// The correctly rounded double, when Clinger's fast path applies; nil otherwise.
  var fastValue: Double? {
    guard exact else { return nil }
    let e = exponent - fractionDigits
    guard e >= -22, e <= 22 else { return nil }
    let m = Double(significand)
    let magnitude = e >= 0 ? m * Self.powers[e] : m / Self.powers[-e]
    return negative ? -magnitude : magnitude
  }
}
