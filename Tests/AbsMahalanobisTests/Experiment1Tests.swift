import Datasets
import Foundation
import Randomness
import Testing
import Tensors
@testable import AbsMahalanobis

@Suite("Experiment 1: data, initialisation, runs")
struct Experiment1Tests {
  func small(_ models: Int = 6) throws -> Experiment1 {
    var c = Experiment1Configuration.paper
    c.modelsPerCondition = models
    c.pointCount = 256
    c.steps = 40
    return try Experiment1(configuration: c, stream: SeedStream(seed: 9))
  }

  @Test("[ABS-10] the configuration holds Table 1's values; smoke reduces only the model count; bad values are errors")
  func configuration() throws {
    let c = Experiment1Configuration.paper
    #expect(c.learningRate == 0.001 && c.steps == 200 && c.momentum == 0.9 && c.modelsPerCondition == 300)
    #expect(c.pointCount == 1024 && c.mean == [3, 2] && c.covariance == [[2, -1], [-1, 1]] && c.uniformHalfWidth == 8)
    #expect(c.coherenceThreshold == 1.0 && c.deadLossThreshold == 1.7 && c.deadRule == .reluOnly)
    var smoke = Experiment1Configuration.forScale(.smoke)
    #expect(smoke.modelsPerCondition == 30)
    smoke.modelsPerCondition = 300
    #expect(smoke == c && Experiment1Configuration.forScale(.default) == c)
    var bad = c
    bad.steps = 0
    #expect(throws: AbsMahalanobisError.self) { try bad.validate() }
    bad = c
    bad.covariance = [[1, 0], [0, 0]]
    #expect(throws: AbsMahalanobisError.self) { try Experiment1(configuration: bad, stream: SeedStream(seed: 1)) }
  }

  @Test("[ABS-11] the data set: numpy-exact Gaussian from the stream, targets are the true distances")
  func data() throws {
    let e = try small()
    #expect(e.points.shape == [256, 2])
    let seed = UInt32(truncatingIfNeeded: SeedStream(seed: 9).child("data").seed)
    let reference = try Dataset.gaussian(count: 256, mean: [3, 2], covariance: try Tensor(rows: [[2, -1], [-1, 1]]), seed: seed)
    #expect(e.points == reference.features)
    // Worked by hand: Sigma = [[2, -1], [-1, 1]] has determinant 1 and inverse [[1, 1], [1, 2]], so
    // y^2 = a^2 + 2 a b + 2 b^2 with (a, b) = x - (3, 2). (The code solves with Cholesky instead.)
    for i in [0, 17, 255] {
      let (a, b) = (e.points[i, 0] - 3, e.points[i, 1] - 2)
      let y = (a * a + 2 * a * b + 2 * b * b).squareRoot()
      #expect(abs(e.targets[i] - y) <= 1e-14 * y, "point \(i): \(e.targets[i]) vs \(y)")
    }
    // Sample moments: y^2 is chi-square with 2 degrees of freedom (mean 2, standard deviation 2),
    // so the mean of 256 values has standard error 2 / 16 = 0.125; allow 5 of them.
    let meanSquare = e.targets.reduce(0) { $0 + $1 * $1 } / 256
    #expect(abs(meanSquare - 2) < 5 * 0.125, "mean y^2 \(meanSquare)")
  }

  @Test("""
    [ABS-12] initial nodes: Xavier-uniform W, boundary through z, data z is a data point, \
    reproducible, dead starts re-drawn
    """)
  func initialisation() throws {
    let e = try small(40)
    let bound = (6.0 / 3).squareRoot()
    for activation in NodeActivation.allCases {
      for condition in BiasCondition.allCases {
        for m in 0..<40 {
          let (node, z, re) = try e.initialNode(activation, condition, index: m)
          #expect(node.weight.allSatisfy { abs($0) < bound })
          #expect(node.bias == Experiment1.biasThrough(z, weight: node.weight))
          #expect(abs(node.preactivation(z)) <= 1e-12 * (1 + abs(node.bias)))
          if condition == .data && re == 0 {
            #expect((0..<256).contains { e.points.row($0) == z }, "data z must be a data point")
          }
          if condition == .uniform || re > 0 { #expect(z.allSatisfy { $0 >= -8 && $0 < 8 }) }
          #expect(!node.isDead(points: e.points.scalars))
          let again = try e.initialNode(activation, condition, index: m)
          #expect(again.node == node && again.z == z)
        }
      }
    }
    // A dead ReLU start exists among the uniform ones and was re-drawn (seed fixed above).
    let reinitialised = try (0..<40).map { try e.initialNode(.relu, .uniform, index: $0).reinitializations }
    #expect(reinitialised.contains { $0 > 0 })
    #expect(SingleNode(weight: [1, 1], bias: -100, activation: .relu).isDead(points: e.points.scalars))
  }

  @Test("[ABS-12] the run is deterministic and independent of the thread count")
  func threadInvariance() throws {
    let e = try small(8)
    let serial = try Parallelism.withThreads(1) { try e.run(.abs, .uniform) }
    let parallel = try Parallelism.withThreads(2) { try e.run(.abs, .uniform) }
    #expect(serial == parallel)
    #expect(serial.count == 8)
  }

  @Test("[ABS-16] the summary: error over all models, per-class errors and counts, geometric counts")
  func summary() throws {
    let e = try small(10)
    let outcomes = try e.run(.relu, .data)
    let s = Experiment1Summary(outcomes)
    #expect(NodeClass.allCases.map { s.count($0) }.reduce(0, +) == 10)
    #expect(abs(s.error - outcomes.map(\.finalLoss).reduce(0, +) / 10) < 1e-15)
    for c in NodeClass.allCases where s.count(c) > 0 {
      let members = outcomes.filter { $0.nodeClass == c }.map(\.finalLoss)
      #expect(s.error(c) == members.reduce(0, +) / Double(members.count))
    }
    #expect(Experiment1Summary([]).error.isNaN)
    #expect(s.geometricCounts.values.reduce(0, +) == 10)
    for o in outcomes {
      #expect(o.losses.count == 40 && o.finalLoss == o.losses[39])
      #expect(o.preactivationAtMean == abs(o.final.preactivation([3, 2])))
    }
  }

  @Test("""
    [ABS-17] figure 1: the arrow starts on the boundary at the projection of mu and has length 1 / \
    norm(W); the SVG is well formed
    """)
  func figure() throws {
    let node = SingleNode(weight: [3, 4], bias: -2, activation: .abs)
    let (start, end) = try #require(Figure1.arrow(node, mean: [3, 2]))
    #expect(abs(node.preactivation(start)) < 1e-12)
    // start - mu is parallel to W.
    #expect(abs((start[0] - 3) * 4 - (start[1] - 2) * 3) < 1e-12)
    #expect(
      abs(((end[0] - start[0]) * (end[0] - start[0]) + (end[1] - start[1]) * (end[1] - start[1])).squareRoot() - 0.2) < 1e-12)
    #expect(Figure1.arrow(SingleNode(weight: [0, 0], bias: 1, activation: .abs), mean: [3, 2]) == nil)
    let e = try small(3)
    let panels = try BiasCondition.allCases.flatMap { c in
      try NodeActivation.allCases.map { a in Figure1.Panel(activation: a, condition: c, outcomes: try e.run(a, c)) }
    }
    let svg = Figure1.svg(points: e.points, geometry: e.geometry, panels: panels, title: "test <1>")
    #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>\n") && svg.contains("test &lt;1&gt;"))
    #expect(svg.components(separatedBy: "<polygon").count - 1 >= 12 + 3)  // 12 arrows + legend
    #expect(svg.components(separatedBy: "<circle").count - 1 == 4 * 256)
  }
}
