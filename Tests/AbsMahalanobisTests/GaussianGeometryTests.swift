import Foundation
import Testing
import Tensors
@testable import AbsMahalanobis

@Suite("Mahalanobis theory (seed 003 section 2)")
struct GaussianGeometryTests {
  @Test("[ABS-1] eigenvalues come in principal-component order, eigenvectors unit with the LINALG-3 sign rule")
  func decomposition() throws {
    let g = try GaussianGeometry(mean: [3, 2], covariance: try Tensor(rows: [[2, -1], [-1, 1]]))
    // Eigenvalues of [[2, -1], [-1, 1]]: (3 +- sqrt(5)) / 2.
    #expect(abs(g.eigenvalues[0] - (3 + 5.0.squareRoot()) / 2) < 1e-14)
    #expect(abs(g.eigenvalues[1] - (3 - 5.0.squareRoot()) / 2) < 1e-14)
    for v in g.eigenvectors {
      #expect(abs(v.reduce(0) { $0 + $1 * $1 } - 1) < 1e-14)
      let lead = v.indices.max { abs(v[$0]) < abs(v[$1]) }!
      #expect(v[lead] > 0)
    }
    for seed: UInt64 in 1...20 {
      var draw = Draw(seed: seed)
      let d = 1 + Int(seed % 6)
      let g = try GaussianGeometry(mean: draw.vector(d), covariance: draw.covariance(d))
      #expect(zip(g.eigenvalues, g.eigenvalues.dropFirst()).allSatisfy { $0 >= $1 }, "seed \(seed)")
    }
  }

  @Test("[ABS-1] bad covariances are typed errors: wrong shape, non-symmetric, singular, indefinite, NaN")
  func badCovariances() throws {
    #expect(throws: AbsMahalanobisError.self) { try GaussianGeometry(mean: [0, 0], covariance: Tensor.identity(3)) }
    #expect { try GaussianGeometry(mean: [0, 0], covariance: try Tensor(rows: [[2, 1], [0, 2]])) } throws: { error in
      if case .invalidCovariance = error as? AbsMahalanobisError { return true }
      return false
    }
    for bad in [[[1.0, 1.0], [1.0, 1.0]], [[1.0, 0.0], [0.0, 0.0]], [[1.0, 0.0], [0.0, -1.0]]] {
      #expect { try GaussianGeometry(mean: [0, 0], covariance: try Tensor(rows: bad)) } throws: { error in
        if case .singularCovariance = error as? AbsMahalanobisError { return true }
        return false
      }
    }
    #expect(throws: AbsMahalanobisError.nonFinite(what: "mean", index: 1, value: .infinity)) {
      try GaussianGeometry(mean: [0, .infinity], covariance: Tensor.identity(2))
    }
    #expect(throws: AbsMahalanobisError.self) {
      try GaussianGeometry(mean: [0, 0], covariance: try Tensor(rows: [[1, .nan], [.nan, 1]]))
    }
    #expect(throws: AbsMahalanobisError.dimensionMismatch(what: "mean length", expected: 1, got: 0)) {
      try GaussianGeometry(mean: [], covariance: Tensor.zeros([0, 0]))
    }
  }

  @Test("[ABS-2] direct (Cholesky) and eigendecomposition forms agree; D(mu) = 0; D along an axis is |t|")
  func distanceForms() throws {
    for seed: UInt64 in 1...60 {
      var draw = Draw(seed: seed)
      let d = 1 + Int(seed % 6)
      let g = try GaussianGeometry(mean: draw.vector(d, -5, 5), covariance: draw.covariance(d, condition: 1000))
      for _ in 0..<5 {
        let x = draw.vector(d, -10, 10)
        let (a, b) = (try g.distance(x), try g.distanceByComponents(x))
        #expect(relativeError(a, b) < 1e-10, "seed \(seed): \(a) vs \(b)")
      }
      #expect(try g.distance(g.mean) == 0, "seed \(seed)")
      let i = Int(seed) % d, t = draw.uniform(-3, 3)
      let x = (0..<d).map { g.mean[$0] + t * g.eigenvalues[i].squareRoot() * g.eigenvectors[i][$0] }
      #expect(abs(try g.distance(x) - abs(t)) < 1e-10 * max(1, abs(t)), "seed \(seed)")
    }
  }

  @Test("[ABS-2] points of the wrong length or with NaN are typed errors")
  func badPoints() throws {
    let g = try GaussianGeometry(mean: [0, 0], covariance: Tensor.identity(2))
    #expect(throws: AbsMahalanobisError.dimensionMismatch(what: "point dimension", expected: 2, got: 3)) {
      try g.distance([1, 2, 3])
    }
    #expect { try g.distance([.nan, 2]) } throws: { error in
      if case let .nonFinite(what, index, value) = error as? AbsMahalanobisError {
        return what == "point" && index == 0 && value.isNaN
      }
      return false
    }
    #expect(throws: AbsMahalanobisError.self) { try g.distances(Tensor.zeros([3, 3])) }
  }

  @Test("[ABS-3] per-component distances are |y_i| and their squares sum to D^2")
  func components() throws {
    for seed: UInt64 in 100...140 {
      var draw = Draw(seed: seed)
      let d = 1 + Int(seed % 5)
      let g = try GaussianGeometry(mean: draw.vector(d, -3, 3), covariance: draw.covariance(d))
      let x = draw.vector(d, -6, 6)
      let y = try g.standardizedCoordinates(x)
      #expect(try g.componentDistances(x) == y.map { abs($0) })
      let d2 = try g.distance(x)
      #expect(relativeError(y.reduce(0) { $0 + $1 * $1 }, d2 * d2) < 1e-10, "seed \(seed)")
    }
  }

  @Test("[ABS-4] the linear node W = v^T / sqrt(lambda), b = -v^T mu / sqrt(lambda) computes the standardised coordinate")
  func linearNode() throws {
    for seed: UInt64 in 200...260 {
      var draw = Draw(seed: seed)
      let d = 1 + Int(seed % 6)
      let g = try GaussianGeometry(mean: draw.vector(d, -8, 8), covariance: draw.covariance(d, condition: 500))
      let x = draw.vector(d, -10, 10)
      let y = try g.standardizedCoordinates(x)
      for i in 0..<d {
        let node = try g.linearNode(component: i)
        var s = node.bias
        for j in 0..<d { s += node.weight[j] * x[j] }
        let scale = zip(node.weight, x).reduce(0) { $0 + abs($1.0 * $1.1) } + abs(node.bias) + 1
        #expect(abs(s - y[i]) <= 1e-10 * scale, "seed \(seed) component \(i): \(s) vs \(y[i])")
        #expect(abs(abs(s) - (try g.componentDistances(x))[i]) <= 1e-10 * scale)
      }
    }
    let g = try GaussianGeometry(mean: [3, 2], covariance: try Tensor(rows: [[2, -1], [-1, 1]]))
    #expect(throws: AbsMahalanobisError.componentOutOfRange(component: 2, dimension: 2)) { try g.linearNode(component: 2) }
    // The node of component 0 is zero at the mean and 1 one standard deviation along v_0.
    let node = try g.linearNode(component: 0)
    #expect(abs(node.weight[0] * 3 + node.weight[1] * 2 + node.bias) < 1e-14)
  }

  @Test("[ABS-5] the L1 approximation lies between D and sqrt(d) D, with equality on the axes and the diagonals")
  func l1Bounds() throws {
    for seed: UInt64 in 300...400 {
      var draw = Draw(seed: seed)
      let d = 1 + Int(seed % 7)
      let g = try GaussianGeometry(mean: draw.vector(d, -4, 4), covariance: draw.covariance(d))
      let x = draw.vector(d, -8, 8)
      let (l1, distance) = (try g.l1Distance(x), try g.distance(x))
      #expect(l1 >= distance * (1 - 1e-10), "seed \(seed): l1 \(l1) < D \(distance)")
      #expect(l1 <= Double(d).squareRoot() * distance * (1 + 1e-10), "seed \(seed): l1 \(l1) > sqrt(d) D")
      // Equality cases: along a principal axis (left) and with all |y_i| equal (right).
      let i = Int(seed) % d
      let onAxis = (0..<d).map { g.mean[$0] + 2 * g.eigenvalues[i].squareRoot() * g.eigenvectors[i][$0] }
      #expect(relativeError(try g.l1Distance(onAxis), try g.distance(onAxis)) < 1e-9, "seed \(seed)")
      let diagonal = (0..<d).map { j in
        g.mean[j] + (0..<d).reduce(0.0) { $0 + g.eigenvalues[$1].squareRoot() * g.eigenvectors[$1][j] }
      }
      #expect(relativeError(try g.l1Distance(diagonal), Double(d).squareRoot() * (try g.distance(diagonal))) < 1e-9,
              "seed \(seed)")
    }
  }

  @Test("[ABS-6] whitening with the sample's own mean and covariance gives mean 0, covariance I, and D = norm(z)")
  func whitening() throws {
    for seed: UInt64 in 500...520 {
      var draw = Draw(seed: seed)
      let d = 1 + Int(seed % 5), n = 40
      let mean = draw.vector(d, -3, 3), cov = draw.covariance(d, condition: 50)
      let l = try cov.cholesky()
      var points = Tensor.zeros([n, d])
      for r in 0..<n {
        let z = draw.vector(d, -1.7, 1.7)
        for i in 0..<d { points[flat: r * d + i] = mean[i] + (0..<d).reduce(0.0) { $0 + l.scalars[i * d + $1] * z[$1] } }
      }
      let g = try GaussianGeometry.fitted(to: points)
      let white = try g.whiten(points)
      let m = try white.mean(axis: 0).scalars, c = try white.covariance()
      #expect(m.allSatisfy { abs($0) < 1e-9 }, "seed \(seed): mean \(m)")
      for i in 0..<d { for j in 0..<d { #expect(abs(c.scalars[i * d + j] - (i == j ? 1 : 0)) < 1e-9, "seed \(seed)") } }
      for r in 0..<n {
        let norm = white.row(r).reduce(0) { $0 + $1 * $1 }.squareRoot()
        #expect(relativeError(norm, try g.distance(points.row(r)), floor: 1e-12) < 1e-10, "seed \(seed)")
      }
      // The layer of ABS-4 applied to a point is the whitened point.
      let layer = g.linearLayer()
      let x = points.row(0)
      for i in 0..<d {
        let s = layer.bias[i] + (0..<d).reduce(0.0) { $0 + layer.weight.scalars[i * d + $1] * x[$1] }
        #expect(abs(s - white.scalars[i]) < 1e-9, "seed \(seed)")
      }
    }
  }

  @Test("[ABS-7] error messages name the problem")
  func messages() {
    #expect(AbsMahalanobisError.nonFiniteLoss(model: 3, step: 17, value: .nan).description == "model 3, step 17: loss is nan")
    #expect(AbsMahalanobisError.singularCovariance(smallestEigenvalue: 0, largestEigenvalue: 2).description.contains("singular"))
    #expect(AbsMahalanobisError.componentOutOfRange(component: 5, dimension: 2).description == "component 5 is outside 0..<2")
  }
}
