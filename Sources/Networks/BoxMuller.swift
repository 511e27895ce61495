import Foundation
import Randomness

/// Standard normal draws for the initialisers (NET-10): the basic Box-Muller transform.
///
/// Values are produced in pairs from two uniforms: u1 = 1 - nextDouble() in (0, 1] (so the
/// logarithm is finite), u2 = nextDouble(); r = sqrt(-2 ln u1), z0 = r cos(2 pi u2),
/// z1 = r sin(2 pi u2). A tensor is filled in row-major order, z0 then z1 for each pair; an odd
/// count discards the last z1. Deliberately private to Networks and small: the Randomness
/// module's own normal distribution may differ, and initialisation stays defined by this.
enum BoxMuller {
  static func fill<G: RandomSource>(count: Int, using generator: inout G) -> [Double] {
    var values = [Double](repeating: 0, count: count)
    var i = 0
    while i < count {
      let u1 = 1 - generator.nextDouble(), u2 = generator.nextDouble()
      let r = Foundation.sqrt(-2 * Foundation.log(u1))
      values[i] = r * Foundation.cos(2 * Double.pi * u2)
      if i + 1 < count { values[i + 1] = r * Foundation.sin(2 * Double.pi * u2) }
      i += 2
    }
    return values
  }
}
