/// Conformance vectors of the foundation functions (VEC-13): the matrix product, the symmetric
/// eigendecomposition with its sign rule, Cholesky and the covariance.
enum LinalgVectors {
  typealias T = VectorText

  static let matmul = VectorGroup("tensor.matmul", [
    VectorCase("worked example of ORACLE-2", #"{"a":{"shape":[1,2],"data":[1,2]},"b":{"shape":[2,1],"data":[3,0.1]}}"#),
      VectorCase(
        "3 x 4 times 4 x 2, full-mantissa values",
        "{\"a\":\(T.tensor([3, 4], T.irrational(12, seed: 1))),\"b\":\(T.tensor([4, 2], T.irrational(8, seed: 2)))}"),
    VectorCase("signed zeros: -0 * 1 summed from +0.0 gives +0", flags: ["signedZero"],
               #"{"a":{"shape":[2,2],"data":[-0.0,-0.0,0,-1]},"b":{"shape":[2,2],"data":[1,1,0,0]}}"#),
      VectorCase(
        "inner dimension 0: a zero matrix", flags: ["boundarySize"],
        #"{"a":{"shape":[2,0],"data":[]},"b":{"shape":[0,3],"data":[]}}"#),
      VectorCase(
        "inner dimensions that differ are refused", #"{"a":{"shape":[1,2],"data":[1,2]},"b":{"shape":[3,1],"data":[1,2,3]}}"#,
        error: "badArgument")
  ])

  static let eigh = VectorGroup("linalg.eigh", [
      VectorCase(
        "worked example: eigenvalues 1 and 3, the largest |component| of each vector positive",
        #"{"matrix":{"shape":[2,2],"data":[2,1,1,2]}}"#),
    VectorCase("a 3 x 3 matrix with distinct eigenvalues", #"{"matrix":{"shape":[3,3],"data":[4,1,0.5,1,3,-0.25,0.5,-0.25,2]}}"#),
      VectorCase(
        "a diagonal matrix with a repeated eigenvalue", flags: ["repeatedEigenvalue"],
        #"{"matrix":{"shape":[3,3],"data":[2,0,0,0,5,0,0,0,2]}}"#),
    VectorCase("1 x 1", flags: ["boundarySize"], #"{"matrix":{"shape":[1,1],"data":[-3]}}"#),
  ])

  static let cholesky = VectorGroup("linalg.cholesky", [
    VectorCase("worked example", #"{"matrix":{"shape":[2,2],"data":[4,2,2,5]}}"#),
    VectorCase("3 x 3", #"{"matrix":{"shape":[3,3],"data":[4,1,0.5,1,3,-0.25,0.5,-0.25,2]}}"#),
      VectorCase(
        "a matrix that is not positive definite is refused", #"{"matrix":{"shape":[2,2],"data":[1,2,2,1]}}"#, error: "badArgument"
      )
  ])

  static let nearSingularCholesky = VectorGroup("linalg.cholesky", tolerance: .init(scaled: 1e-8, exact: []), [
    VectorCase("correlation 1 - 1e-10: the last diagonal entry is about 1.4e-5", flags: ["nearSingular"],
               #"{"matrix":{"shape":[2,2],"data":[1,0.9999999999,0.9999999999,1]}}"#),
  ])

  static let covariance = VectorGroup("stats.covariance", [
    VectorCase("worked example, denominator n - 1", #"{"x":{"shape":[3,2],"data":[1,0,2,1,3,5]}}"#),
    VectorCase("ddof 0: denominator n", #"{"x":{"shape":[3,2],"data":[1,0,2,1,3,5]},"ddof":0}"#),
    VectorCase("a constant feature has variance 0", flags: ["zeroVector"], #"{"x":{"shape":[4,2],"data":[1,7,2,7,4,7,8,7]}}"#),
    VectorCase("values near 1e9: the mean is removed first", flags: ["largeValues"],
               #"{"x":{"shape":[3,1],"data":[1000000001,1000000002,1000000003]}}"#),
  ])

  static let family = VectorFamily(
    name: "linalg", algorithm: "matrix product, symmetric eigendecomposition (ascending, sign rule), Cholesky factor, covariance",
    spec: ["FOUND-10", "LINALG-2", "LINALG-3", "LINALG-4", "STATS-2", "ORACLE-2"],
    groups: [matmul, eigh, cholesky, nearSingularCholesky, covariance])
}
