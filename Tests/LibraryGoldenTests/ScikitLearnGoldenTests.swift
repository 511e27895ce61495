import Datasets
import Evaluation
import Formats
import Neighbors
import Testing
import Tensors

/// KFold and KNeighborsClassifier against scikit-learn's own answers (Fixtures/golden/sklearn.json,
/// make_sklearn.py): EVAL-40 and NBR-31.
@Suite("scikit-learn goldens: KFold, KNeighborsClassifier")
struct ScikitLearnGoldenTests {
  @Test("[EVAL-40] scikit-learn's KFold test sets for every shipped data set's size, seed 42, and the edge cases, exactly")
  func kfold() throws {
    let cases = try Golden.sklearn.get()["kfold"]?.array ?? []
    #expect(cases.count == 10)
    for c in cases {
      let (n, splits, seed) = (Int(c["n"]?.number ?? 0), Int(c["splits"]?.number ?? 0), Int(c["seed"]?.number ?? 0))
      let ours = try Folds.scikitLearnKFoldTestSets(count: n, splits: splits, seed: seed)
      let theirs = try (c["testIndices"]?.array ?? []).map { try Golden.integers($0, "testIndices") }
      #expect(ours == theirs, "KFold(\(splits), seed \(seed)) of \(n)")
    }
  }

  static func dataset(_ name: String) throws -> Dataset {
    switch name {
    case "iris": return try Dataset.iris()
    case "wine_data": return try Dataset.wine()
    case "breast_cancer": return try Dataset.breastCancer()
    default: return try Dataset.digits()
    }
  }

  /// NBR-31: labels always agree. Fractions agree to 1e-12 for majority votes; distance-weighted
  /// fractions inherit the rounding of scikit-learn's distances (formed as |x|^2 - 2 x.y + |y|^2,
  /// NBR-4): bound 1e-11, measured 1.0e-12. Queries whose k-th and (k+1)-th nearest distances are equal are
  /// not compared: scikit-learn's choice among them is unspecified (argpartition), ours is the
  /// lower index (NBR-5).
  @Test(
    """
      [NBR-31] KNeighborsClassifier on the shipped tables (two folds, k 1, 4, 5, 15, uniform and distance): the same labels and \
      fractions
      """
  )
  func kNeighbors() throws {
    let cases = try Golden.sklearn.get()["knn"]?.array ?? []
    #expect(cases.count == 64)
    var compared = 0, boundaryTies: [String: Int] = [:]
    var worst: [String: Double] = [:]
    var tables: [String: Dataset] = [:]
    for c in cases {
      let name = c["data"]?.string ?? "?", weights = c["weights"]?.string ?? "?"
      if tables[name] == nil { tables[name] = try Self.dataset(name) }
      let data = try #require(tables[name])
      let (train, test) = (try Golden.integers(c["train"], "train"), try Golden.integers(c["test"], "test"))
      let k = Int(c["k"]?.number ?? 0)
      let classifier = try KNNClassifier(training: try data.features.rows(at: train), labels: train.map { data.labels[$0] },
                                         classCount: Int(c["classes"]?.number ?? 0), k: k,
                                         vote: weights == "distance" ? .distanceWeighted : .majority)
      let queries = try data.features.rows(at: test)
      let predictions = try classifier.predict(queries)
      let labels = try Golden.integers(c["labels"], "labels")
      let context = "\(name) fold \(c["fold"]?.number ?? -1) k \(k) \(weights)"
      #expect(predictions.map(\.label) == labels, "\(context): labels")
      // The (k+1)-th neighbour tells whether the k-th distance is tied at the boundary.
      let wider =
        k < train.count ? try BruteForceSearch(training: try data.features.rows(at: train)).query(queries, k: k + 1) : []
      for (row, prediction) in predictions.enumerated() {
        if !wider.isEmpty && wider[row][k - 1].distance == wider[row][k].distance {
          boundaryTies[name, default: 0] += 1; continue
        }
        let theirs = try Golden.numbers(c["fractions"]?.array?[row], "fractions")
        let error = zip(prediction.fractions, theirs).map { abs($0 - $1) }.max() ?? 0
        worst[weights] = max(worst[weights] ?? 0, error)
        compared += 1
        #expect(
          error <= (weights == "distance" ? 1e-11 : 1e-12),
          "\(context) query \(row): fractions \(prediction.fractions) vs \(theirs)")
      }
    }
    print(
      """
        scikit-learn golden kNN: \(compared) queries compared, \(boundaryTies.values.reduce(0, +)) with a tie at the k-th \
        distance skipped \(boundaryTies.sorted { $0.key < $1.key }); worst fraction error \(worst)
        """
    )
    #expect(compared > 4000)
  }
}
