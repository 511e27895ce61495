import Evaluation
import Randomness
import Tensors

/// Oracle functions of randomness and evaluation (ORACLE-2).
enum EvaluationFunctions {
  static var all: [OracleFunction] { [mt19937, kfold] }

  static let mt19937 = OracleFunction(
    name: "random.mt19937",
    summary: "numpy's legacy RandomState(seed): raw 32-bit outputs and random_sample doubles (RAND-4, RAND-6)",
    arguments: [("seed", "integer in 0...2^32-1"), ("count", "integer in 0...1000000")],
    results: [("raw", "T[count]: the first count 32-bit outputs"),
              ("uniform", "T[count]: random_sample() doubles from a fresh generator with the same seed")],
    cost: .init("scalars 2 count, steps 3 count") { a in
      OracleCost(scalars: 2 * a.count("count"), steps: 3 * a.count("count"))
    },
    spec: ["ORACLE-2", "RAND-4", "RAND-6"],
    example: #"{"function":"random.mt19937","arguments":{"seed":42,"count":2}}"#
  ) { arguments, _ in
    let seed = UInt32(try arguments.integer("seed", in: 0...Int(UInt32.max)))
    let count = try arguments.integer("count", in: 0...1_000_000)
    var raw = MT19937(seed: seed), doubles = MT19937(seed: seed)
    return [("raw", JSONValue(Tensor((0..<count).map { _ in Double(raw.nextUInt32()) }))),
            ("uniform", JSONValue(Tensor((0..<count).map { _ in doubles.randomSample() })))]
  }

  static let kfold = OracleFunction(
    name: "eval.kfold", summary: "scikit-learn's KFold(splits, shuffle=True, random_state=seed) test indices (EVAL-1)",
    arguments: [("n", "number of samples, 0...10000000"), ("splits", "2...n"), ("seed", "integer in 0...2^32-1")],
    results: [("testIndices", "[[int]]: each fold's test indices, ascending")],
    cost: .init("scalars 2 n + splits, steps 32 n") { a in
      OracleCost(scalars: 2 * a.count("n") + a.count("splits"), steps: 32 * a.count("n"))
    },
    spec: ["ORACLE-2", "EVAL-1"],
    example: #"{"function":"eval.kfold","arguments":{"n":7,"splits":2,"seed":1}}"#
  ) { arguments, _ in
    let n = try arguments.integer("n", in: 0...10_000_000)
    let splits = try arguments.integer("splits")
    let seed = try arguments.integer("seed")
    let testSets: [[Int]]
    do { testSets = try Folds.scikitLearnKFoldTestSets(count: n, splits: splits, seed: seed) } catch {
      throw ReportError.badArgument(error as? EvaluationError == .invalidSeed(seed) ? "seed" : "splits", "\(error)")
    }
    return [("testIndices", .array(testSets.map { .array($0.map { .number(Double($0)) }) }))]
  }
}
