/// Conformance vectors of the data functions (VEC-17): scikit-learn's KFold and the generated and
/// tabulated data sets.
enum DataVectors {
  static let kfold = VectorGroup("eval.kfold", tolerance: .exact("testIndices"), [
    VectorCase("worked example of ORACLE-2", #"{"n":7,"splits":2,"seed":1}"#),
    VectorCase("Iris's KFold(10, shuffle=True, random_state=42)", #"{"n":150,"splits":10,"seed":42}"#),
    VectorCase("n not divisible by splits: the first n % splits folds are one larger", #"{"n":23,"splits":5,"seed":0}"#),
    VectorCase("n = splits: leave one out", flags: ["boundarySize"], #"{"n":6,"splits":6,"seed":3}"#),
    VectorCase("the largest seed, 2^32 - 1", flags: ["boundarySize"], #"{"n":25,"splits":5,"seed":4294967295}"#),
      VectorCase(
        "more splits than samples is refused", flags: ["boundarySize"], #"{"n":3,"splits":5,"seed":1}"#, error: "badArgument")
  ])

  static let datasets = VectorGroup("dataset.zebra", tolerance: .exact("x", "labels"), [
    VectorCase("Zebra (a): 110 points", #"{"variant":"a"}"#),
    VectorCase("Zebra (b): 220 points", #"{"variant":"b"}"#),
  ])

  static let balance = VectorGroup("dataset.balance", tolerance: .exact("x", "labels"), [
    VectorCase("the 625 Balance Scale rows", "{}"),
  ])

  static let family = VectorFamily(
    name: "data", algorithm: "scikit-learn's shuffled KFold test sets; the Zebra and Balance Scale data sets",
    spec: ["EVAL-1", "DATA-13", "DATA-17", "ORACLE-3"], groups: [kfold, datasets, balance])
}
