import Foundation
import Randomness
import Testing
@testable import Evaluation

@Suite("Folds")
struct FoldTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  @Test("[EVAL-1] scikit-learn's shuffled KFold test indices match the numpy-made golden file exactly")
  func scikitLearnGolden() throws {
    let text = try String(contentsOf: Self.root.appendingPathComponent("Fixtures/golden/kfold.json"), encoding: .utf8)
    let cases = try #require(try JSONValue(parsing: text)["cases"]?.array)
    #expect(cases.count == 10)
    for c in cases {
      let (n, splits, seed) = (Int(c["n"]!.number!), Int(c["splits"]!.number!), Int(c["seed"]!.number!))
      let expected = c["testIndices"]!.array!.map { $0.array!.map { Int($0.number!) } }
      let folds = try Folds.scikitLearnKFold(count: n, splits: splits, seed: seed)
      #expect(folds.map(\.test) == expected, "n \(n) splits \(splits) seed \(seed)")
      for fold in folds { #expect(Set(fold.train).union(fold.test) == Set(0..<n) && Set(fold.train).isDisjoint(with: fold.test)) }
    }
  }

  @Test("[EVAL-1] without a seed the folds are consecutive blocks, the first n % k one longer")
  func unshuffled() throws {
    let folds = try Folds.scikitLearnKFold(count: 7, splits: 3, seed: nil)
    #expect(folds.map(\.test) == [[0, 1, 2], [3, 4], [5, 6]])
    #expect(folds[1].train == [0, 1, 2, 5, 6])
  }

  @Test("[EVAL-2] the project's own shuffled folds partition the data, deterministically per stream",
        arguments: [UInt64(1), 2, 3])
  func ownFolds(seed: UInt64) throws {
    let a = try Folds.shuffledKFold(count: 23, splits: 4, stream: SeedStream(seed: seed))
    let b = try Folds.shuffledKFold(count: 23, splits: 4, stream: SeedStream(seed: seed))
    #expect(a == b)
    #expect(a.map(\.test.count) == [6, 6, 6, 5])
    #expect(Set(a.flatMap(\.test)) == Set(0..<23), "seed \(seed)")
  }

  @Test("[EVAL-3] stratified folds balance every class to within one per fold", arguments: [UInt64(1), 2, 3, 4])
  func stratified(seed: UInt64) throws {
    var g = Xoshiro256StarStar(seed: seed)
    let labels = (0..<97).map { _ in Int(g.next() % 4) }
    let folds = try Folds.stratifiedKFold(labels: labels, splits: 5, stream: SeedStream(seed: seed))
    #expect(Set(folds.flatMap(\.test)) == Set(0..<97) && folds.map(\.test.count).reduce(0, +) == 97)
    let sizes = folds.map(\.test.count)
    #expect(sizes.max()! - sizes.min()! <= 1, "seed \(seed)")
    for c in 0..<4 {
      let counts = folds.map { f in f.test.filter { labels[$0] == c }.count }
      #expect(counts.max()! - counts.min()! <= 1, "seed \(seed) class \(c): \(counts)")
    }
  }

  @Test("[EVAL-4] a 90/10 split takes ceil(n / 10) test indices; [EVAL-19] bad splits, seeds and fractions are typed errors")
  func splitsAndErrors() throws {
    let split = try Folds.trainTestSplit(count: 101, testFraction: 0.1, stream: SeedStream(seed: 9))
    #expect(split.test.count == 11 && split.train.count == 90 && Set(split.test + split.train) == Set(0..<101))
    #expect(throws: EvaluationError.invalidSplits(splits: 11, samples: 10)) {
      _ = try Folds.scikitLearnKFold(count: 10, splits: 11, seed: 1)
    }
    #expect(throws: EvaluationError.invalidSplits(splits: 1, samples: 10)) {
      _ = try Folds.scikitLearnKFold(count: 10, splits: 1, seed: 1)
    }
    #expect(throws: EvaluationError.invalidSeed(-1)) { _ = try Folds.scikitLearnKFold(count: 10, splits: 2, seed: -1) }
    #expect(throws: EvaluationError.invalidFraction(1.5)) {
      _ = try Folds.trainTestSplit(count: 10, testFraction: 1.5, stream: SeedStream(seed: 1))
    }
  }
}
