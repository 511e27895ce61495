import Randomness

/// One train/test split: indices into the data set, both ascending.
public struct Fold: Equatable, Sendable {
  public var train: [Int]
  public var test: [Int]
  public init(train: [Int], test: [Int]) { self.train = train; self.test = test }
}

/// Cross-validation folds.
public enum Folds {
  /// scikit-learn's `KFold(n_splits: splits, shuffle: true, random_state: seed).split(range(n))`,
  /// reproduced exactly (EVAL-1): indices 0..<n are shuffled by numpy's legacy
  /// `RandomState(seed).shuffle`; the first n % splits folds take n / splits + 1 consecutive
  /// shuffled indices, the rest n / splits; fold i's test set is its chunk and its training set the
  /// rest. scikit-learn returns both through a boolean mask, so both come out ascending; checked
  /// against scikit-learn's own folds (EVAL-40).
  /// `seed == nil` is `shuffle=False` (consecutive blocks of 0..<n).
  public static func scikitLearnKFold(count n: Int, splits: Int, seed: Int?) throws(EvaluationError) -> [Fold] {
    chunked(try scikitLearnOrder(count: n, splits: splits, seed: seed), splits: splits)
  }

  /// The test sets of ``scikitLearnKFold(count:splits:seed:)`` alone (EVAL-1), each ascending: the
  /// training sets are their complements. O(n) time and memory whatever `splits` is, where the
  /// full folds need O(n splits) (ORACLE-21): each index is labelled with its fold, then 0..<n is
  /// dealt to the folds in increasing order, so each set comes out ascending without a sort.
  public static func scikitLearnKFoldTestSets(count n: Int, splits: Int, seed: Int?) throws(EvaluationError) -> [[Int]] {
    let order = try scikitLearnOrder(count: n, splits: splits, seed: seed)
    let ranges = chunkRanges(count: n, splits: splits)
    var fold = [Int](repeating: 0, count: n)
    for (f, range) in ranges.enumerated() { for position in range { fold[order[position]] = f } }
    var testSets = ranges.map { range -> [Int] in
      var set: [Int] = []
      set.reserveCapacity(range.count)
      return set
    }
    for index in 0..<n { testSets[fold[index]].append(index) }
    return testSets
  }

  /// 0..<n shuffled by numpy's `RandomState(seed).shuffle` (unshuffled when `seed` is nil).
  static func scikitLearnOrder(count n: Int, splits: Int, seed: Int?) throws(EvaluationError) -> [Int] {
    guard splits >= 2, splits <= n else { throw .invalidSplits(splits: splits, samples: n) }
    var order = Array(0..<n)
    if let seed {
      guard seed >= 0, seed <= Int(UInt32.max) else { throw .invalidSeed(seed) }
      var numpy = NumpyRandomState(seed: UInt32(seed))
      numpy.shuffle(&order)
    }
    return order
  }

  /// The project's own shuffled k-fold (EVAL-2): the same chunking as ``scikitLearnKFold``, with the
  /// order from a Fisher-Yates shuffle (RAND-17) of the given stream.
  public static func shuffledKFold(count n: Int, splits: Int, stream: SeedStream) throws(EvaluationError) -> [Fold] {
    guard splits >= 2, splits <= n else { throw .invalidSplits(splits: splits, samples: n) }
    var order = Array(0..<n)
    var generator = stream.generator()
    generator.shuffle(&order)
    return chunked(order, splits: splits)
  }

  /// Stratified k-fold (EVAL-3), the project's own assignment (not scikit-learn's, whose
  /// StratifiedKFold algorithm changed between versions): the indices of each class, in class
  /// order, are shuffled with the stream and dealt to folds round-robin, the deal continuing from
  /// class to class, so every fold's class counts differ by at most one from every other's and
  /// fold sizes differ by at most one.
  public static func stratifiedKFold(labels: [Int], splits: Int, stream: SeedStream) throws(EvaluationError) -> [Fold] {
    let n = labels.count
    guard splits >= 2, splits <= n else { throw .invalidSplits(splits: splits, samples: n) }
    guard let top = labels.max(), labels.min()! >= 0 else { throw .empty("labels") }
    var generator = stream.generator()
    var assignment = [Int](repeating: 0, count: n)
    var next = 0
    for label in 0...top {
      var members = labels.indices.filter { labels[$0] == label }
      generator.shuffle(&members)
      for index in members {
        assignment[index] = next
        next = (next + 1) % splits
      }
    }
    return (0..<splits).map { fold in
      Fold(train: (0..<n).filter { assignment[$0] != fold }, test: (0..<n).filter { assignment[$0] == fold })
    }
  }

  /// A single shuffled split (EVAL-4): ceil(n * testFraction) test indices (scikit-learn's
  /// `train_test_split` rounding), the rest for training, from the stream. 90/10 is testFraction 0.1.
  public static func trainTestSplit(count n: Int, testFraction: Double, stream: SeedStream) throws(EvaluationError) -> Fold {
    guard testFraction > 0, testFraction < 1 else { throw .invalidFraction(testFraction) }
    let testCount = Int((Double(n) * testFraction).rounded(.up))
    guard testCount >= 1, testCount < n else { throw .invalidSplits(splits: 2, samples: n) }
    var order = Array(0..<n)
    var generator = stream.generator()
    generator.shuffle(&order)
    return Fold(train: order[testCount...].sorted(), test: order[..<testCount].sorted())
  }

  /// Consecutive chunks of `order` as test sets; the first n % splits chunks one longer.
  static func chunked(_ order: [Int], splits: Int) -> [Fold] {
    let n = order.count
    return chunkRanges(count: n, splits: splits).map { range in
      var isTest = [Bool](repeating: false, count: n)
      for index in order[range] { isTest[index] = true }
      return Fold(train: (0..<n).filter { !isTest[$0] }, test: (0..<n).filter { isTest[$0] })
    }
  }

  /// The positions of each chunk: the first n % splits hold n / splits + 1, the rest n / splits.
  static func chunkRanges(count n: Int, splits: Int) -> [Range<Int>] {
    var ranges: [Range<Int>] = []
    var start = 0
    for i in 0..<splits {
      let size = n / splits + (i < n % splits ? 1 : 0)
      ranges.append(start..<(start + size))
      start += size
    }
    return ranges
  }
}
