import Evaluation
import Randomness
import Tensors

/// Oracle functions of randomness and evaluation (ORACLE-2).
enum EvaluationFunctions {
  static var all: [OracleFunction] { [mt19937, kfold] }

  static let mt19937 = OracleFunction(
    name: "random.mt19937", summary: "numpy's legacy RandomState(seed): raw 32-bit outputs and random_sample doubles (RAND-4, RAND-6)",
    arguments: [("seed", "integer in 0...2^32-1"), ("count", "integer in 0...1000000")],
    results: [("raw", "T[count]: the first count 32-bit outputs"),
              ("uniform", "T[count]: random_sample() doubles from a fresh generator with the same seed")]
  ) { arguments, _ in
    let seed = UInt32(try arguments.integer("seed", in: 0...Int(UInt32.max)))
    let count = try arguments.integer("count", in: 0...1_000_000)
    var raw = MT19937(seed: seed), doubles = MT19937(seed: seed)
    return [("raw", JSONValue(Tensor((0..<count).map { _ in Double(raw.nextUInt32()) }))),
            ("uniform", JSONValue(Tensor((0..<count).map { _ in doubles.randomSample() })))]
  }

  static let kfold = OracleFunction(
    name: "eval.kfold", summary: "scikit-learn's KFold(splits, shuffle=True, random_state=seed) test indices (EVAL-1)",
    arguments: [("n", "number of samples"), ("splits", "2...n"), ("seed", "integer in 0...2^32-1")],
    results: [("testIndices", "[[int]]: each fold's test indices, ascending")]
  ) { arguments, _ in
    let folds = try Folds.scikitLearnKFold(count: try arguments.integer("n", in: 0...10_000_000),
                                           splits: try arguments.integer("splits"), seed: try arguments.integer("seed"))
    return [("testIndices", .array(folds.map { .array($0.test.map { .number(Double($0)) }) }))]
  }
}
