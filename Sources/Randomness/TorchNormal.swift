import Foundation

/// torch's normal draws: `normal_`, `randn` (RAND-33 ... RAND-35).
///
/// torch takes one of two paths by size: fewer than 16 elements (or a non-contiguous tensor)
/// draw one value at a time with a cached partner (RAND-33); 16 or more are filled with uniforms
/// first and transformed in blocks of 16 (RAND-34, and RAND-35 for float32 on AVX2 builds).
extension TorchGenerator {
  /// One value of torch's scalar path, `normal_distribution<double>(mean, std)` (RAND-33).
  ///
  /// If a partner is cached, z is that partner (no draw) and the cache is cleared. Otherwise
  /// u1, u2 = two double uniforms (RAND-32, u1 first); r = sqrt(-2 log1p(-u2));
  /// theta = 2 pi u1; cache r sin(theta); z = r cos(theta). The value is z * std + mean, fused
  /// unless the capability is `default`; the float32 caller rounds it to float.
  mutating func scalarNormal(mean: Double, std: Double) -> Double {
    let z: Double
    if let cached = takeCachedNormal() {
      z = cached
    } else {
      let u1 = uniformDouble(from: 0, to: 1), u2 = uniformDouble(from: 0, to: 1)
      let r = (-2.0 * Foundation.log1p(-u2)).squareRoot()
      let theta = 2.0 * Double.pi * u1
      cacheNormal(r * Foundation.sin(theta))
      z = r * Foundation.cos(theta)
    }
    return capability.fusesMultiplyAdd ? mean.addingProduct(z, std) : z * std + mean
  }

  /// `torch.empty(count, dtype=dtype).normal_(mean, std)`; `randn` is mean 0, std 1 (RAND-33,
  /// RAND-34, RAND-35).
  ///
  /// count < 16: ``scalarNormal(mean:std:)`` per element, in order. count >= 16: the blocked
  /// path: draw `count` uniforms on [0, 1) of the dtype (RAND-32) into the output, transform each
  /// block of 16 starting at 0, 16, 32, ... in place (8 Box-Muller pairs: element j and j + 8);
  /// if count is not a multiple of 16, draw 16 fresh uniforms into the last 16 positions
  /// (overwriting values already made) and transform that block too. So count >= 16 draws
  /// count + (count % 16 == 0 ? 0 : 16) uniforms and never touches the cached partner.
  /// Errors, before any draw: a negative count, a non-finite mean or std, std < 0.
  public mutating func normal(count: Int, mean: Double = 0, std: Double = 1,
                              dtype: TorchDType) throws(RandomnessError) -> [Double] {
    guard count >= 0 else { throw .negativeCount(name: "count", value: count) }
    guard mean.isFinite else { throw .nonFiniteParameter(name: "mean", value: mean) }
    guard std.isFinite else { throw .nonFiniteParameter(name: "std", value: std) }
    guard std >= 0 else { throw .negativeStandardDeviation(std) }
    if count < 16 {
      return (0..<count).map { _ in
        let value = scalarNormal(mean: mean, std: std)
        return dtype == .float64 ? value : Double(Float(value))
      }
    }
    switch dtype {
    case .float64:
      return blockedFill(count: count, uniform: { $0.uniformDouble(from: 0, to: 1) },
                         block: { Self.boxMullerBlock(&$0, at: $1, mean: mean, std: std) })
    case .float32:
      let m = Float(mean), s = Float(std)
      let vectorised = capability.usesVectorisedFloatNormal
      return blockedFill(count: count, uniform: { $0.uniformFloat(from: 0, to: 1) }, block: { data, start in
        vectorised ? CephesAVX.boxMullerBlock(&data, at: start, mean: m, std: s)
                   : Self.boxMullerBlock(&data, at: start, mean: m, std: s)
      }).map { Double($0) }
    }
  }

  /// The blocked path's order of draws and blocks (RAND-34), for either element type.
  mutating func blockedFill<T>(count: Int, uniform: (inout TorchGenerator) -> T,
                               block: (inout [T], Int) -> Void) -> [T] {
    var data = (0..<count).map { _ in uniform(&self) }
    var start = 0
    while start + 16 <= count {
      block(&data, start)
      start += 16
    }
    if count % 16 != 0 {
      for i in (count - 16)..<count { data[i] = uniform(&self) }
      block(&data, count - 16)
    }
    return data
  }

  /// torch's scalar `NormalFill16` on doubles (RAND-34): for j in 0..<8, u1 = 1 - d[j],
  /// u2 = d[j + 8], radius = sqrt(-2 log(u1)), theta = (2 pi) u2, d[j] = fma(radius cos(theta),
  /// std, mean), d[j + 8] = fma(radius sin(theta), std, mean). The fma is explicit in torch, so it
  /// is fused for every capability.
  static func boxMullerBlock(_ d: inout [Double], at start: Int, mean: Double, std: Double) {
    for j in start..<(start + 8) {
      let u1 = 1 - d[j], u2 = d[j + 8]
      let radius = (-2 * Foundation.log(u1)).squareRoot()
      let theta = 2.0 * Double.pi * u2
      d[j] = mean.addingProduct(radius * Foundation.cos(theta), std)
      d[j + 8] = mean.addingProduct(radius * Foundation.sin(theta), std)
    }
  }

  /// The same block in float with glibc's `logf`, `cosf`, `sinf` (RAND-34, capability `default`):
  /// u1 = 1 - d[j] and radius = sqrt(-2 logf(u1)) in float; theta = Float((2 pi) * Double(u2))
  /// (torch multiplies the float by the double 2 pi, then stores a float); outputs
  /// fmaf(radius cosf(theta), std, mean) and fmaf(radius sinf(theta), std, mean).
  static func boxMullerBlock(_ d: inout [Float], at start: Int, mean: Float, std: Float) {
    for j in start..<(start + 8) {
      let u1: Float = 1 - d[j], u2 = d[j + 8]
      let radius = (-2 * logf(u1)).squareRoot()
      let theta = Float(2.0 * Double.pi * Double(u2))
      d[j] = mean.addingProduct(radius * cosf(theta), std)
      d[j + 8] = mean.addingProduct(radius * sinf(theta), std)
    }
  }
}
