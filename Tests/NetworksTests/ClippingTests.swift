import Foundation
import Testing
import Tensors
@testable import Networks

@Suite("Gradient norm clipping")
struct ClippingTests {
  func gradients(seed: UInt64) throws -> ParameterGradients {
    var d = Draw(seed: seed)
    return try ParameterGradients(names: ["w", "b", "v"],
                                  values: [d.uniform([3, 4], -2, 2), d.uniform([4], -2, 2), d.uniform([2, 2], -2, 2)])
  }

  @Test("[NET-17] total = norm of the per-tensor norms; below the threshold nothing changes", arguments: [UInt64(1), 2, 3])
  func below(seed: UInt64) throws {
    var g = try gradients(seed: seed)
    let original = g
    let all = g.values.flatMap(\.scalars)
    let flat = sqrt(all.reduce(0) { $0 + $1 * $1 })
    let total = try clipGradientNorm(&g, maxNorm: flat * 1.01)
    #expect(relativeError(total, flat) <= 1e-15, "seed \(seed)")
    #expect(g == original, "seed \(seed)")
  }

  @Test("[NET-17] above the threshold every gradient is scaled by maxNorm / (total + 1e-6)", arguments: [UInt64(4), 5, 6])
  func above(seed: UInt64) throws {
    var g = try gradients(seed: seed)
    let original = g
    let norms = original.values.map { sqrt($0.scalars.reduce(0) { $0 + $1 * $1 }) }
    let expectedTotal = sqrt(norms.reduce(0) { $0 + $1 * $1 })
    let maxNorm = 0.5 * expectedTotal
    let total = try clipGradientNorm(&g, maxNorm: maxNorm)
    #expect(total == expectedTotal, "seed \(seed)")
    let coefficient = maxNorm / (expectedTotal + 1e-6)
    for (a, b) in zip(g.values, original.values) { #expect(a.scalars == b.scalars.map { $0 * coefficient }, "seed \(seed)") }
    let after = sqrt(g.values.flatMap(\.scalars).reduce(0) { $0 + $1 * $1 })
    #expect(relativeError(after, maxNorm * expectedTotal / (expectedTotal + 1e-6)) < 1e-14)
    // At exactly maxNorm = total, coef = total / (total + 1e-6) < 1: torch still scales (slightly).
    var h = original
    _ = try clipGradientNorm(&h, maxNorm: expectedTotal)
    #expect(h != original)
  }

  @Test("[NET-17] a negative or NaN maxNorm and a non-finite total are refused")
  func errors() throws {
    var g = try gradients(seed: 7)
    #expect(throws: NetworkError.self) { try clipGradientNorm(&g, maxNorm: -1) }
    #expect(throws: NetworkError.self) { try clipGradientNorm(&g, maxNorm: .nan) }
    g.values[0][flat: 0] = .infinity
    #expect(throws: NetworkError.nonFiniteGradientNorm(.infinity)) { try clipGradientNorm(&g, maxNorm: 1) }
  }
}
