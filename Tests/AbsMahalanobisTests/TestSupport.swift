import Foundation
import Randomness
import Tensors
@testable import AbsMahalanobis

/// Random test data from printed seeds: every failure message names its seed.
struct Draw {
  var generator: Xoshiro256StarStar
  init(seed: UInt64) { generator = Xoshiro256StarStar(seed: seed) }

  mutating func uniform(_ low: Double = -1, _ high: Double = 1) -> Double { low + (high - low) * generator.nextDouble() }

  mutating func vector(_ n: Int, _ low: Double = -1, _ high: Double = 1) -> [Double] { (0..<n).map { _ in uniform(low, high) } }

  mutating func tensor(_ shape: [Int], _ low: Double = -1, _ high: Double = 1) -> Tensor {
    try! Tensor(shape: shape, scalars: vector(shape.reduce(1, *), low, high))
  }

  /// A random SPD matrix Q diag(lambda) Q^T with eigenvalues spread over `condition` (Q from the
  /// eigenvectors of a random symmetric matrix).
  mutating func covariance(_ d: Int, condition: Double = 100) -> Tensor {
    var a = tensor([d, d])
    for i in 0..<d { for j in 0..<i { a[flat: j * d + i] = a.scalars[i * d + j] } }
    let q = try! a.symmetricEigen().vectors
    let lambdas = (0..<d).map { i in d == 1 ? 2.0 : Foundation.pow(condition, -Double(i) / Double(d - 1)) * uniform(0.5, 2) }
    var s = Tensor.zeros([d, d])
    for i in 0..<d {
      for j in 0..<d {
        var sum = 0.0
        for k in 0..<d { sum += q.scalars[i * d + k] * lambdas[k] * q.scalars[j * d + k] }
        s[flat: i * d + j] = sum
      }
    }
    // Exactly symmetric.
    for i in 0..<d { for j in 0..<i { s[flat: j * d + i] = s.scalars[i * d + j] } }
    return s
  }
}

/// |a - b| / max(|a|, |b|, floor).
func relativeError(_ a: Double, _ b: Double, floor: Double = 1e-300) -> Double {
  Swift.abs(a - b) / Swift.max(Swift.abs(a), Swift.abs(b), floor)
}

/// The repository root (Tests/AbsMahalanobisTests/TestSupport.swift -> three levels up).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent()
