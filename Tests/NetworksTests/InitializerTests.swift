import Foundation
import Randomness
import Testing
import Tensors
@testable import Networks

@Suite("Initialisers")
struct InitializerTests {
  @Test("[NET-7] fans as torch's _calculate_fan_in_and_fan_out; gains as calculate_gain")
  func fansAndGains() throws {
    #expect(try fans(of: [3, 5]) == (5, 3))
    #expect(try fans(of: [4, 2, 3, 3]) == (18, 36))
    #expect(throws: NetworkError.fanUndefined(shape: [7])) { try fans(of: [7]) }
    #expect(Nonlinearity.identity.gain == 1 && Nonlinearity.sigmoid.gain == 1 && Nonlinearity.abs.gain == 1)
    #expect(Nonlinearity.tanh.gain == 5.0 / 3)
    #expect(Nonlinearity.relu.gain == sqrt(2.0))
    #expect(Nonlinearity.leakyReLU(slope: 0.01).gain == sqrt(2.0 / (1 + 0.01 * 0.01)))
    #expect(Nonlinearity.leakyReLU(slope: 0).gain == Nonlinearity.relu.gain)
  }

  @Test("[NET-8] bounds and standard deviations are torch.nn.init's formulas (1e-15 relative)")
  func bounds() throws {
    let shape = [7, 11]  // fan_in 11, fan_out 7
    for gain in [1.0, 5.0 / 3, sqrt(2.0)] {
      guard case let .uniform(low, high) = try Initializer.xavierUniform(gain: gain).distribution(for: shape) else {
        Issue.record("xavierUniform"); continue
      }
      #expect(low == -high && relativeError(high, gain * sqrt(6.0 / 18)) <= 1e-15)
      guard case let .normal(0, std) = try Initializer.xavierNormal(gain: gain).distribution(for: shape) else {
        Issue.record("xavierNormal"); continue
      }
      #expect(relativeError(std, gain * sqrt(2.0 / 18)) <= 1e-15)
      for (mode, fan) in [(FanMode.fanIn, 11.0), (.fanOut, 7.0)] {
        guard case let .uniform(kl, kh) = try Initializer.kaimingUniform(mode: mode, gain: gain).distribution(for: shape) else {
          Issue.record("kaimingUniform"); continue
        }
        #expect(kl == -kh && relativeError(kh, gain * sqrt(3.0 / fan)) <= 1e-15)
        guard case let .normal(0, ks) = try Initializer.kaimingNormal(mode: mode, gain: gain).distribution(for: shape) else {
          Issue.record("kaimingNormal"); continue
        }
        #expect(relativeError(ks, gain / sqrt(fan)) <= 1e-15)
      }
    }
    #expect(Initializer.kaimingUniform() == .kaimingUniform(mode: .fanIn, gain: sqrt(2.0)))
    #expect(throws: NetworkError.fanUndefined(shape: [4])) { try Initializer.xavierUniform(gain: 1).distribution(for: [4]) }
  }

  @Test("[NET-8] fills draw one nextDouble per element in row-major order; values stay within bounds")
  func drawOrder() throws {
    var g = Xoshiro256StarStar(seed: 31), twin = Xoshiro256StarStar(seed: 31)
    let t = try Initializer.uniform(low: -0.25, high: 0.75).tensor(shape: [3, 4], using: &g)
    #expect(t.scalars == (0..<12).map { _ in -0.25 + (0.75 - -0.25) * twin.nextDouble() })
    #expect(g.next() == twin.next())
    let c = try Initializer.constant(0.5).tensor(shape: [2, 2], using: &g)
    #expect(c == Tensor(repeating: 0.5, shape: [2, 2]) && g.next() == twin.next())
    let k = try Initializer.kaimingUniform(mode: .fanIn, nonlinearity: .relu).tensor(shape: [50, 20], using: &g)
    let bound = sqrt(3.0) * (sqrt(2.0) / sqrt(20.0))
    #expect(k.scalars.allSatisfy { abs($0) <= bound })
  }

  @Test("[NET-8] sample moments match the distributions on large tensors")
  func moments() throws {
    var g = Xoshiro256StarStar(seed: 32)
    let shape = [300, 200]  // 60 000 values
    let n = 60_000.0
    func stats(_ t: Tensor) -> (mean: Double, variance: Double) {
      let m = t.scalars.reduce(0, +) / n
      return (m, t.scalars.reduce(0) { $0 + ($1 - m) * ($1 - m) } / (n - 1))
    }
    let xn = try Initializer.xavierNormal(gain: 1).tensor(shape: shape, using: &g)
    let xs = stats(xn), xv = 2.0 / 500
    // Sample variance of a normal: relative standard error sqrt(2 / n) = 0.0058; allow 5 of them.
    #expect(abs(xs.variance / xv - 1) < 0.03 && abs(xs.mean) < 5 * sqrt(xv / n), "xavierNormal \(xs)")
    let ku = try Initializer.kaimingUniform(mode: .fanOut, gain: 1).tensor(shape: shape, using: &g)
    let ks = stats(ku), kv = (sqrt(3.0 / 300) * sqrt(3.0 / 300)) / 3
    // Uniform: variance of the sample variance is (4/5) sigma^4 / n, relative error 0.0037; allow 5.
    #expect(abs(ks.variance / kv - 1) < 0.02, "kaimingUniform \(ks)")
  }

  @Test("[NET-9] PyTorch's default Linear init: weight bound 1/sqrt(fan_in), bias bound 1/sqrt(fan_in), weight first")
  func pytorchDefault() throws {
    guard case let .uniform(_, wb) = try LinearInitialization.pytorchDefaultWeight.distribution(for: [6, 9]) else {
      Issue.record("weight"); return
    }
    #expect(relativeError(wb, 1 / 3.0) <= 1e-15, "weight bound \(wb)")
    #expect(LinearInitialization.pytorchDefaultBiasBound(fanIn: 9) == 1 / sqrt(9.0))
    var g = Xoshiro256StarStar(seed: 33), twin = Xoshiro256StarStar(seed: 33)
    let network = try Network(try Linear(9, 6), using: &g)
    let w = try Initializer.uniform(low: -wb, high: wb).tensor(shape: [6, 9], using: &twin)
    let b = try Initializer.uniform(low: -1 / 3.0, high: 1 / 3.0).tensor(shape: [6], using: &twin)
    #expect(network.parameters.values == [w, b])
    // Layers draw in order: an MLP's first Linear gets what a lone Linear gets from the same seed.
    let mlp = try MLP.make(widths: [4, 5, 3], activation: .relu)
    var a = Xoshiro256StarStar(seed: 34), twinA = Xoshiro256StarStar(seed: 34)
    #expect(Array(try Network(mlp, using: &a).parameters.values.prefix(2))
              == (try Network(try Linear(4, 5), using: &twinA).parameters.values))
    var s1 = Xoshiro256StarStar(seed: 35), s2 = Xoshiro256StarStar(seed: 35)
    #expect(try Network(mlp, using: &s1).parameters == Network(mlp, using: &s2).parameters)
    var custom = Xoshiro256StarStar(seed: 36)
    let zeroBias = try Network(mlp, initialization: .custom(weight: .xavierUniform(gain: 1), bias: .constant(0)), using: &custom)
    #expect(try zeroBias.parameters.value("2.bias") == Tensor.zeros([3]))
  }

  @Test("[NET-10] normal fills are Box-Muller pairs from the stream; mean 0 and variance 1")
  func boxMuller() throws {
    var g = Xoshiro256StarStar(seed: 37), twin = Xoshiro256StarStar(seed: 37)
    let z = try Initializer.normal(mean: 2, std: 3).tensor(shape: [5], using: &g)
    var expected: [Double] = []
    for _ in 0..<3 {
      let u1 = 1 - twin.nextDouble(), u2 = twin.nextDouble()
      let r = sqrt(-2 * log(u1))
      expected += [r * cos(2 * Double.pi * u2), r * sin(2 * Double.pi * u2)]
    }
    #expect(z.scalars == expected.prefix(5).map { 2 + 3 * $0 })
    #expect(g.next() == twin.next())
    let many = BoxMuller.fill(count: 100_000, using: &g)
    let mean = many.reduce(0, +) / 1e5
    let variance = many.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (1e5 - 1)
    #expect(abs(mean) < 0.016 && abs(variance - 1) < 0.023, "mean \(mean) variance \(variance)")
  }

  @Test("[NET-8] invalid initialiser parameters are refused")
  func errors() throws {
    var g = Xoshiro256StarStar(seed: 38)
    #expect(throws: NetworkError.self) { try Initializer.uniform(low: 1, high: 0).tensor(shape: [2], using: &g) }
    #expect(throws: NetworkError.self) { try Initializer.normal(mean: 0, std: -1).tensor(shape: [2], using: &g) }
    #expect(throws: NetworkError.self) { try Initializer.constant(.nan).tensor(shape: [2], using: &g) }
    #expect(throws: NetworkError.fanUndefined(shape: [3])) { try Initializer.kaimingNormal().tensor(shape: [3], using: &g) }
    #expect(try Initializer.kaimingNormal().tensor(shape: [0, 3], using: &g).count == 0)
  }
}
