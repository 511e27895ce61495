import Datasets
import Evaluation
import Tensors

/// Oracle functions of the data layer (ORACLE-3).
enum DatasetFunctions {
  static var all: [OracleFunction] { [zebra, balance] }

  static let zebra = OracleFunction(
    name: "dataset.zebra", summary: "the Zebra data sets of the original NN-kNN paper, numpy-exact (DATA-17)",
    arguments: [("variant", "\"a\" (110 points) or \"b\" (220 points)")],
    results: [("x", "T[n,2]: the points (x, y)"), ("labels", "T[n]: classes 0/1")],
    cost: .init("scalars 660, steps 660") { _ in OracleCost(scalars: 660, steps: 660) },
    spec: ["ORACLE-3", "DATA-17"],
    example: #"{"function":"dataset.zebra","arguments":{"variant":"a"}}"#
  ) { arguments, _ in
    let variant = try arguments.string("variant", oneOf: ["a", "b"])
    let data = Dataset.zebra(variant == "a" ? .a : .b)
    return [("x", JSONValue(data.features)), ("labels", JSONValue(Tensor(data.labels.map(Double.init))))]
  }

  static let balance = OracleFunction(
    name: "dataset.balance", summary: "the 625 Balance Scale rows in UCI order, classes B, L, R = 0, 1, 2 (DATA-13)",
    arguments: [], results: [("x", "T[625,4]: left weight, left distance, right weight, right distance"), ("labels", "T[625]")],
    cost: .init("scalars 3125, steps 3125") { _ in OracleCost(scalars: 3125, steps: 3125) },
    spec: ["ORACLE-3", "DATA-13"],
    example: #"{"function":"dataset.balance","arguments":{}}"#
  ) { _, _ in
    let data = Dataset.balanceScale()
    return [("x", JSONValue(data.features)), ("labels", JSONValue(Tensor(data.labels.map(Double.init))))]
  }
}
