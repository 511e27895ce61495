import Evaluation
import Tensors

/// Oracle functions of the foundation layer (ORACLE-2).
enum FoundationFunctions {
  static var all: [OracleFunction] { [matmul] }

  static let matmul = OracleFunction(
    name: "tensor.matmul", summary: "matrix product C = A B (FOUND-10), summed in increasing inner index",
    arguments: [("a", "T[m,k]"), ("b", "T[k,n]")], results: [("product", "T[m,n]")],
    cost: .init("scalars m k + k n + m n, steps m k n") { a in
      let (m, k, n) = (a.extent("a", 0), a.extent("a", 1), a.extent("b", 1))
      return OracleCost(scalars: m * k + k * n + m * n, steps: m * k * n)
    },
    spec: ["ORACLE-2", "FOUND-10"],
    example: #"{"function":"tensor.matmul","arguments":{"a":{"shape":[1,2],"data":[1,2]},"b":{"shape":[2,1],"data":[3,0.1]}}}"#
  ) { arguments, _ in
    let (a, b) = (try arguments.tensor("a"), try arguments.tensor("b"))
    return [("product", JSONValue(try a.matmul(b)))]
  }
}

/// Linear algebra, statistics and network oracle functions (ORACLE-2).
extension FoundationFunctions {
  static var linearAlgebra: [OracleFunction] { [eigh, cholesky, covariance, NetworkFunctions.mlp] }

  static let eigh = OracleFunction(
    name: "linalg.eigh", summary: "symmetric eigendecomposition by cyclic Jacobi (LINALG-2, LINALG-3)",
    arguments: [("matrix", "T[d,d] symmetric")],
    results: [
      ("eigenvalues", "T[d] ascending"), ("eigenvectors", "T[d,d], column i for eigenvalue i, largest-|component| positive")
    ],
    cost: .init("scalars 4 d^2, steps 60 d^3 (at most 60 Jacobi sweeps)") { a in
      let d = a.extent("matrix", 0)
      return OracleCost(scalars: 4 * d * d, steps: 60 * d * d * d)
    },
    spec: ["LINALG-2", "LINALG-3"],
    example: #"{"function":"linalg.eigh","arguments":{"matrix":{"shape":[2,2],"data":[2,1,1,2]}}}"#
  ) { arguments, _ in
    let e = try arguments.tensor("matrix").symmetricEigen()
    return [("eigenvalues", JSONValue(Tensor(e.values))), ("eigenvectors", JSONValue(e.vectors))]
  }

  static let cholesky = OracleFunction(
    name: "linalg.cholesky", summary: "lower Cholesky factor L with A = L L^T (LINALG-4)",
    arguments: [("matrix", "T[d,d] symmetric positive definite")], results: [("factor", "T[d,d] lower triangular")],
    cost: .init("scalars 2 d^2, steps d^3") { a in
      let d = a.extent("matrix", 0)
      return OracleCost(scalars: 2 * d * d, steps: d * d * d)
    },
    spec: ["LINALG-4"],
    example: #"{"function":"linalg.cholesky","arguments":{"matrix":{"shape":[2,2],"data":[4,2,2,5]}}}"#
  ) { arguments, _ in
    [("factor", JSONValue(try arguments.tensor("matrix").cholesky()))]
  }

  static let covariance = OracleFunction(
    name: "stats.covariance", summary: "covariance matrix of observations in rows (STATS-2)",
    arguments: [("x", "T[n,d]"), ("ddof", "optional, default 1 (denominator n - ddof, as np.cov)")],
    results: [("covariance", "T[d,d]")],
    cost: .init("scalars 2 n d + d^2, steps n d^2") { a in
      let (n, d) = (a.extent("x", 0), a.extent("x", 1))
      return OracleCost(scalars: 2 * n * d + d * d, steps: n * d * d)
    },
    spec: ["STATS-2"],
    example: #"{"function":"stats.covariance","arguments":{"x":{"shape":[3,2],"data":[1,0,2,1,3,5]},"ddof":1}}"#
  ) { arguments, _ in
    let ddof = arguments.has("ddof") ? try arguments.integer("ddof", in: 0...1_000_000) : 1
    return [("covariance", JSONValue(try arguments.tensor("x").covariance(ddof: ddof)))]
  }
}
