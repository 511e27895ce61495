import Evaluation
import Tensors

/// Oracle functions of the foundation layer (ORACLE-2).
enum FoundationFunctions {
  static var all: [OracleFunction] { [matmul] }

  static let matmul = OracleFunction(
    name: "tensor.matmul", summary: "matrix product C = A B (FOUND-10), summed in increasing inner index",
    arguments: [("a", "T[m,k]"), ("b", "T[k,n]")], results: [("product", "T[m,n]")]
  ) { arguments, _ in
    let (a, b) = (try arguments.tensor("a"), try arguments.tensor("b"))
    return [("product", JSONValue(try a.matmul(b)))]
  }
}
