import Randomness
import Tensors

/// Random matrices and norms for the linear-algebra and statistics tests. Every random case is
/// drawn from `Xoshiro256StarStar(seed:)` with a seed that the failure message prints.
enum LinalgTestSupport {
  /// Uniform on [lo, hi).
  static func uniform(_ rng: inout Xoshiro256StarStar, _ lo: Double = -1, _ hi: Double = 1) -> Double {
    lo + (hi - lo) * rng.nextDouble()
  }

  /// An integer uniform on `range` (modulo bias is irrelevant for test shapes).
  static func integer(_ rng: inout Xoshiro256StarStar, _ range: ClosedRange<Int>) -> Int {
    range.lowerBound + Int(rng.next() % UInt64(range.count))
  }

  /// A rows x columns matrix of uniform [-1, 1) entries.
  static func matrix(_ rows: Int, _ columns: Int, _ rng: inout Xoshiro256StarStar) -> Tensor {
    try! Tensor(shape: [rows, columns], scalars: (0..<(rows * columns)).map { _ in uniform(&rng) })
  }

  /// A random symmetric n x n matrix: (B + B^T) / 2 times `scale`.
  static func symmetric(_ n: Int, _ rng: inout Xoshiro256StarStar, scale: Double = 1) -> Tensor {
    let b = matrix(n, n, &rng)
    return try! ((b + b.transposed()) * (scale / 2))
  }

  /// A random symmetric positive definite matrix B B^T + shift I (eigenvalues >= shift).
  static func spd(_ n: Int, _ rng: inout Xoshiro256StarStar, shift: Double = 0.1) -> Tensor {
    let b = matrix(n, n, &rng)
    return try! (b.matmulReference(b.transposed()) + Tensor.identity(n) * shift)
  }

  /// A random orthogonal matrix: the eigenvectors of a random symmetric matrix.
  static func orthogonal(_ n: Int, _ rng: inout Xoshiro256StarStar) -> Tensor {
    try! symmetric(n, &rng).symmetricEigen().vectors
  }

  /// Q diag(values) Q^T.
  static func compose(_ q: Tensor, _ values: [Double]) -> Tensor {
    let n = values.count
    var scaled = q
    for i in 0..<n { for j in 0..<n { scaled[flat: i * n + j] *= values[j] } }
    return try! scaled.matmulReference(q.transposed())
  }

  static func frobenius(_ a: Tensor) -> Double {
    a.scalars.reduce(0.0) { $0 + $1 * $1 }.squareRoot()
  }

  static func maxAbs(_ a: Tensor) -> Double {
    a.scalars.reduce(0.0) { max($0, abs($1)) }
  }

  /// The values along `axis` for each position of the reduced shape, in row-major order: what a
  /// reduction along `axis` combines, gathered by plain index arithmetic.
  static func lanes(_ x: Tensor, axis: Int) -> [[Double]] {
    let outer = x.shape[..<axis].reduce(1, *), extent = x.shape[axis]
    let inner = x.shape[(axis + 1)...].reduce(1, *)
    var lanes = [[Double]]()
    for o in 0..<outer {
      for i in 0..<inner { lanes.append((0..<extent).map { x.scalars[(o * extent + $0) * inner + i] }) }
    }
    return lanes
  }

  /// ||a - b||_F.
  static func distance(_ a: Tensor, _ b: Tensor) -> Double {
    frobenius(try! a - b)
  }
}
