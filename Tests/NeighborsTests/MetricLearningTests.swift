import Foundation
import Testing
import Autodiff
import Networks
import Tensors
@testable import Neighbors

@Suite("Neighbors: NCA and LMNN")
struct MetricLearningTests {
  /// Full-Jacobian and direction checks, with the worst relative error printed (grep "gradcheck").
  static func check(_ family: String, seed: UInt64, _ transform: Tensor, _ f: @escaping CheckedFunction) throws -> Bool {
    let checker = GradientChecker()
    let full = try checker.checkJacobian([transform], f)
    let directions = try checker.checkDirections([transform], trials: 4, seed: seed, f)
    let worst = max(full.maxError, directions.maxError)
    print("gradcheck family=\(family) seed=\(seed) worst=\(worst)")
    return full.passed && directions.passed && worst < 1e-6
  }

  @Test("[NBR-15] NCA objective gradient passes the checker (square and rectangular maps)")
  func ncaGradient() throws {
    for seed in propertySeeds.prefix(4) {
      var p = Points(seed: seed)
      let (n, d) = (p.int(4...10), p.int(2...4))
      let points = p.uniform(n, d)
      let labels = (0..<n).map { _ in p.int(0...2) }
      for rows in [d, 2] {
        let transform = p.uniform(rows, d, -1.5, 1.5)
        let passed = try Self.check("nca", seed: seed, transform) { _, v in
          try NCA.objective(v[0], points: points, labels: labels)
        }
        #expect(passed, "seed \(seed) [\(rows), \(d)]")
      }
    }
  }

  @Test("[NBR-16] LMNN objective gradient passes the checker")
  func lmnnGradient() throws {
    for seed in propertySeeds.prefix(4) {
      var p = Points(seed: seed)
      let (n, d) = (p.int(8...12), p.int(2...4))
      let points = p.uniform(n, d)
      let labels = (0..<n).map { $0 % 2 }
      let targets = try LMNN.targetNeighbors(points: points, labels: labels, k: 2)
      for rows in [d, 2] {
        let transform = p.uniform(rows, d, -1.5, 1.5)
        let passed = try Self.check("lmnn", seed: seed, transform) { _, v in
          try LMNN.objective(v[0], points: points, labels: labels, targets: targets, mu: 0.5, margin: 1)
        }
        #expect(passed, "seed \(seed) [\(rows), \(d)]")
      }
    }
  }

  @Test("[NBR-15] [NBR-16] the objectives equal a direct loop evaluation of their formulas")
  func objectivesMatchFormulas() throws {
    for seed in propertySeeds.prefix(4) {
      var p = Points(seed: seed)
      let (n, d, rows) = (p.int(8...20), p.int(2...4), p.int(1...3))
      let (points, transform) = (p.uniform(n, d), p.uniform(rows, d))
      let labels = (0..<n).map { $0 % 3 }
      let z = (0..<n).map { i in (0..<rows).map { r in (0..<d).reduce(0.0) { $0 + transform[r, $1] * points[i, $1] } } }
      let dist = (0..<n).map { i in (0..<n).map { j in zip(z[i], z[j]).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } } }
      var nca = 0.0
      for i in 0..<n {
        let denominator = (0..<n).filter { $0 != i }.reduce(0.0) { $0 + exp(-dist[i][$1]) }
        nca += (0..<n).filter { $0 != i && labels[$0] == labels[i] }.reduce(0.0) { $0 + exp(-dist[i][$1]) } / denominator
      }
      let targets = try LMNN.targetNeighbors(points: points, labels: labels, k: 2)
      var (pull, push) = (0.0, 0.0)
      for i in 0..<n {
        for j in targets[i] {
          pull += dist[i][j]
          for l in 0..<n where labels[l] != labels[i] { push += max(0, 1 + dist[i][j] - dist[i][l]) }
        }
      }
      let tape = Tape()
      let l = tape.variable(transform)
      let ncaValue = try NCA.objective(l, points: points, labels: labels).value.scalar
      let lmnnValue = try LMNN.objective(l, points: points, labels: labels, targets: targets, mu: 0.25, margin: 1).value.scalar
      #expect(abs(ncaValue - nca) <= 1e-12 * nca, "seed \(seed): NCA \(ncaValue) vs \(nca)")
      let lmnn = 0.75 * pull + 0.25 * push
      #expect(abs(lmnnValue - lmnn) <= 1e-12 * lmnn, "seed \(seed): LMNN \(lmnnValue) vs \(lmnn)")
    }
  }

  @Test("[NBR-17] [NET-120] NCA's and LMNN's steps are Networks' Adam (torch's update) on the same gradients, bit for bit")
  func stepsAreNetworksAdam() throws {
    for seed in propertySeeds.prefix(3) {
      var p = Points(seed: seed)
      let (n, d) = (p.int(8...12), p.int(2...3))
      let points = p.uniform(n, d)
      let labels = (0..<n).map { $0 % 2 }
      let targets = try LMNN.targetNeighbors(points: points, labels: labels, k: 2)
      let objectives: [(String, (Variable) throws(TensorError) -> Variable)] = [
        ("NCA",
         { (l: Variable) throws(TensorError) -> Variable in
           -(try NCA.objective(l, points: points, labels: labels)) / Double(n)
         }),
        ("LMNN", { (l: Variable) throws(TensorError) -> Variable in
          try LMNN.objective(l, points: points, labels: labels, targets: targets, mu: 0.5, margin: 1) }),
      ]
      for (name, objective) in objectives {
        let start = p.uniform(d, d, -1.5, 1.5)
        let fitted = try minimise(start, iterations: 4, learningRate: 0.01, objective)
        // The same four steps with torch.optim.Adam's rule as Networks implements it (NET-14).
        var store = try ParameterStore([Parameter(name: "L", value: start)])
        var adam = try Adam(learningRate: 0.01)
        for _ in 0..<4 {
          let tape = Tape()
          let l = tape.variable(try store.value("L"))
          let gradient = try tape.gradients(of: try objective(l), withRespectTo: l)[0]
          try adam.step(&store, gradients: try ParameterGradients(names: ["L"], values: [gradient]))
        }
        #expect(fitted.transform == (try store.value("L")), "\(name) seed \(seed)")
        #expect(fitted.transform != start, "\(name) seed \(seed): the steps moved L")
      }
    }
  }

  /// Leave-one-out nearest neighbour of every point after the map shares its class.
  static func nearestSharesClass(_ points: Tensor, _ labels: [Int]) throws -> Bool {
    let nearest = try BruteForceSearch(training: points).leaveOneOut(k: 1)
    return nearest.enumerated().allSatisfy { labels[$0.element[0].index] == labels[$0.offset] }
  }

  static let toy = try! Tensor(rows: [[0, 0], [0, 1], [2, 0], [2, 1]])
  static let toyLabels = [1, 0, 1, 0]

  @Test("[NBR-15] [NBR-17] NCA on the 4-point toy learns a map under which each nearest neighbour shares the class")
  func ncaToy() throws {
    #expect(try !Self.nearestSharesClass(Self.toy, Self.toyLabels))
    let learned = try NCA.fit(points: Self.toy, labels: Self.toyLabels)
    // f at L = I, worked by hand: each point has distances 1 (other class), 4 (its class) and 5, so
    // p_i = e^-4 / (e^-1 + e^-4 + e^-5) and f = 4 / (e^3 + 1 + e^-1) = 0.186. The supremum is 4
    // (every point's stochastic neighbour in its class); 200 steps must take f above 3.5.
    let start = 4 / (Foundation.exp(3.0) + 1 + Foundation.exp(-1.0))
    #expect(learned.history.count == 201 && abs(learned.history.first! - start) <= 1e-15 * 4, "\(learned.history.first!)")
    #expect(learned.history.last! > 3.5, "f = \(learned.history.last!)")
    #expect(try Self.nearestSharesClass(learned.apply(Self.toy), Self.toyLabels), "L = \(learned.transform)")
  }

  @Test("[NBR-16] [NBR-17] LMNN lowers its loss and fixes the 4-point toy (k = 1 target neighbour)")
  func lmnnToy() throws {
    var configuration = LMNN.Configuration()
    configuration.targetNeighbors = 1
    let learned = try LMNN.fit(points: Self.toy, labels: Self.toyLabels, configuration: configuration)
    // The loss at L = I, worked by hand: each point's target neighbour is at squared distance 4 and
    // the other class at 1 and 5, so pull = 4 * 4 = 16, push = 4 * [1 + 4 - 1]_+ = 16 and
    // eps = 0.5 * 16 + 0.5 * 16 = 16. Its infimum is 0 (L = diag(0, 1)); 200 steps must reach below 1.
    #expect(learned.history.first! == 16 && learned.history.last! < 1, "\(learned.history.first!) -> \(learned.history.last!)")
    #expect(try Self.nearestSharesClass(learned.apply(Self.toy), Self.toyLabels), "L = \(learned.transform)")
    #expect(try LMNN.targetNeighbors(points: Self.toy, labels: Self.toyLabels, k: 1) == [[2], [3], [0], [1]])
  }
}
