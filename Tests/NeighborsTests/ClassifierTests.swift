import Foundation
import Testing
import Tensors
@testable import Neighbors

@Suite("Neighbors: kNN classifier, regression and attributions")
struct ClassifierTests {
  static func neighbors(_ distances: [Double]) -> [Neighbor] {
    distances.enumerated().map { Neighbor(index: $0.offset, distance: $0.element) }
  }

  @Test("[NBR-10] majority vote; ties: lowest class, or first among the distance-sorted neighbours")
  func tieRules() {
    let labels = [2, 0, 0, 2, 1]
    let four = Self.neighbors([0.5, 1, 2, 3])
    let lowest = KNNClassifier.decide(four, labels: labels, classCount: 3, vote: .majority, tieRule: .lowestClass)
    let first = KNNClassifier.decide(four, labels: labels, classCount: 3, vote: .majority, tieRule: .firstAmongNeighbours)
    #expect(lowest.label == 0 && first.label == 2)
    #expect(lowest.fractions == [0.5, 0, 0.5])
    // No tie: both rules agree with the plain majority.
    let three = Self.neighbors([0.5, 1, 2])
    for rule in [TieRule.lowestClass, .firstAmongNeighbours] {
      #expect(KNNClassifier.decide(three, labels: labels, classCount: 3, vote: .majority, tieRule: rule).label == 0)
    }
  }

  /// Python's `collections.Counter(labels).most_common(1)[0][0]` (the DkNN text code's vote):
  /// the largest count, ties to the label seen first.
  static func counterMostCommon(_ labels: [Int]) -> Int {
    var order: [Int] = [], counts: [Int: Int] = [:]
    for l in labels {
      if counts[l] == nil { order.append(l) }
      counts[l, default: 0] += 1
    }
    let best = counts.values.max()!
    return order.first { counts[$0] == best }!  // Python's max() keeps the first maximal item
  }

  @Test("[NBR-10] the firstAmongNeighbours rule equals Counter.most_common(1) on random votes")
  func dknnVariant() {
    var p = Points(seed: 31)
    for _ in 0..<500 {
      let k = p.int(1...9)
      let labels = (0..<k).map { _ in p.int(0...3) }
      let prediction = KNNClassifier.decide(Self.neighbors((0..<k).map(Double.init)), labels: labels, classCount: 4,
                                            vote: .majority, tieRule: .firstAmongNeighbours)
      #expect(prediction.label == Self.counterMostCommon(labels), "seed 31: \(labels)")
    }
  }

  @Test("[NBR-11] distance-weighted vote: weights 1/d normalised; exact matches take the whole vote")
  func weightedVote() {
    let labels = [0, 1, 1]
    let weighted = KNNClassifier.decide(Self.neighbors([1, 2, 4]), labels: labels, classCount: 2,
                                        vote: .distanceWeighted, tieRule: .lowestClass)
    #expect(weighted.attribution.weights == [1 / 1.75, 0.5 / 1.75, 0.25 / 1.75])
    #expect(weighted.label == 0 && abs(weighted.fractions[0] - 4.0 / 7) <= 1e-16)
    #expect(KNNClassifier.decide(Self.neighbors([1, 2, 4]), labels: labels, classCount: 2, vote: .majority,
                                 tieRule: .lowestClass).label == 1)
    let exact = ExampleAttribution(neighbors: Self.neighbors([0, 0, 1e-300]), vote: .distanceWeighted)
    #expect(exact.weights == [0.5, 0.5, 0] && exact.concentration == 2)
    let tiny = ExampleAttribution(neighbors: Self.neighbors([1e-320, 2e-320, 1e-300]), vote: .distanceWeighted)
    #expect(tiny.weights.allSatisfy(\.isFinite) && tiny.weights[0] > tiny.weights[1])
  }

  @Test("[NBR-12] [NBR-14] vote fractions sum to 1 and equal attribution weights . one-hot labels")
  func fractionsAndAttributions() throws {
    for seed in propertySeeds {
      var p = Points(seed: seed)
      let (n, d, classes) = (p.int(5...120), p.int(1...4), p.int(1...5))
      let training = p.grid(n, d)
      let labels = (0..<n).map { _ in p.int(0...(classes - 1)) }
      for vote in [Vote.majority, .distanceWeighted] {
        let k = p.int(1...n)
        let model = try KNNClassifier(training: training, labels: labels, classCount: classes, k: k, vote: vote)
        for prediction in try model.predict(p.grid(15, d)) {
          let tolerance = Double(k) * 0x1p-52
          #expect(abs(prediction.fractions.reduce(0, +) - 1) <= tolerance, "seed \(seed) \(vote)")
          let dense = prediction.attribution.dense(trainingCount: n)
          for c in 0..<classes {
            let product = (0..<n).reduce(0.0) { $0 + dense[$1] * (labels[$1] == c ? 1 : 0) }
            #expect(abs(product - prediction.fractions[c]) <= tolerance, "seed \(seed) \(vote) class \(c)")
          }
          #expect(prediction.label == prediction.fractions.firstIndex(of: prediction.fractions.max()!)!)
          let nonZero = dense.filter { $0 != 0 }.count
          #expect(prediction.attribution.concentration == nonZero)
          if vote == .majority { #expect(nonZero == k) }
          let top = prediction.attribution.top(3)
          #expect(zip(top, top.dropFirst()).allSatisfy { $0.weight >= $1.weight })
          #expect(top.first?.index == prediction.neighbors.first?.index, "seed \(seed): nearest is the top example")
        }
      }
    }
  }

  @Test("[NBR-10] classifier by brute force and by k-d tree agree; leave-one-out excludes self")
  func classifierSearches() throws {
    var p = Points(seed: 41)
    let training = p.grid(150, 3)
    let labels = (0..<150).map { _ in p.int(0...2) }
    let queries = p.grid(40, 3)
    for vote in [Vote.majority, .distanceWeighted] {
      let a = try KNNClassifier(training: training, labels: labels, classCount: 3, k: 5, vote: vote)
      let b = try KNNClassifier(training: training, labels: labels, classCount: 3, k: 5, vote: vote, method: .kdTree)
      #expect(try a.predict(queries).map(\.label) == b.predict(queries).map(\.label))
      let loo = try a.predictLeavingOneOut()
      for (i, prediction) in loo.enumerated() { #expect(!prediction.neighbors.contains { $0.index == i }) }
    }
  }

  @Test("[NBR-13] regression: mean of the neighbours' targets, or the 1/d-weighted mean")
  func regression() throws {
    let training = try Tensor(rows: [[0], [1], [3], [10]])
    let targets = [1.0, 2, 6, 100]
    let plain = try KNNRegressor(training: training, targets: targets, k: 3)
    #expect(try plain.predict(Tensor(rows: [[0.5]])) == [3])
    let weighted = try KNNRegressor(training: training, targets: targets, k: 2, vote: .distanceWeighted)
    // Query 0.5: neighbours 0 and 1 both at 0.5, equal weights.
    #expect(try weighted.predict(Tensor(rows: [[0.5], [1], [2]])) == [1.5, 2, 4])
  }
}
