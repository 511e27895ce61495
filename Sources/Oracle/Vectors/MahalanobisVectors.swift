/// Conformance vectors of the Mahalanobis functions (VEC-11): the distance in its Cholesky and
/// eigen forms, per-component distances, the L1 approximation and the linear node of a component.
enum MahalanobisVectors {
  typealias T = VectorText

  /// A 3 x 3 symmetric positive definite matrix with distinct eigenvalues.
  static let covariance3 = T.tensor([3, 3], [4, 1, 0.5, 1, 3, -0.25, 0.5, -0.25, 2])
  static let points3 = T.tensor([4, 3], [1, 2, 3, -1, 0.5, 2, 0, 0, 0, 10, -7, 4])

  static let distance = VectorGroup("mahalanobis.distance", tolerance: .init(scaled: 1e-10, exact: []), [
      VectorCase(
        "worked example: diagonal covariance, one point",
        #"{"mean":[0,0],"covariance":{"shape":[2,2],"data":[4,0,0,1]},"x":[2,1]}"#),
      VectorCase(
        "correlated 2-d Gaussian, three points",
        #"{"mean":[1,-1],"covariance":{"shape":[2,2],"data":[2,0.6,0.6,1]},"x":{"shape":[3,2],"data":[0,0,3,1,-2,4]}}"#),
    VectorCase("3-d, four points", #"{"mean":[0.5,-0.5,1],"covariance":\#(covariance3),"x":\#(points3)}"#),
      VectorCase(
        "the mean itself is at distance 0", flags: ["zeroVector"],
        #"{"mean":[0.5,-0.5,1],"covariance":\#(covariance3),"x":[0.5,-0.5,1]}"#),
      VectorCase(
        "a point on the first principal axis: L1 equals the distance",
        #"{"mean":[0,0],"covariance":{"shape":[2,2],"data":[9,0,0,1]},"x":[6,0]}"#),
      VectorCase(
        "one dimension", flags: ["boundarySize"],
        #"{"mean":[2],"covariance":{"shape":[1,1],"data":[0.25]},"x":{"shape":[2,1],"data":[3,1.5]}}"#),
      VectorCase(
        "a singular covariance is refused", #"{"mean":[0,0],"covariance":{"shape":[2,2],"data":[1,1,1,1]},"x":[2,1]}"#,
        error: "badArgument"),
      VectorCase(
        "a covariance of the wrong size is refused", #"{"mean":[0,0],"covariance":{"shape":[1,1],"data":[1]},"x":[1,1]}"#,
        error: "badArgument"),
      VectorCase(
        "a point of the wrong length is refused", #"{"mean":[0,0],"covariance":{"shape":[2,2],"data":[1,0,0,1]},"x":[2,1,3]}"#,
        error: "badArgument")
  ])

  /// Near-singular covariances: the two forms of the distance differ in more digits.
  static let nearSingular = VectorGroup("mahalanobis.distance", tolerance: .init(scaled: 1e-6, exact: []), [
    VectorCase("correlation 1 - 1e-7 (condition number about 2e7)", flags: ["nearSingular"],
        #"{"mean":[0,0],"covariance":{"shape":[2,2],"data":[1,0.9999999,0.9999999,1]},"x":{"shape":[2,2],"data":[1,1,1,-1]}}"#)
  ])

  static let linearNode = VectorGroup("mahalanobis.linearNode", tolerance: .init(scaled: 1e-10, exact: []), [
      VectorCase(
        "worked example: the largest component", #"{"mean":[1,1],"covariance":{"shape":[2,2],"data":[4,0,0,1]},"component":0}"#),
    VectorCase("the smallest component of a 3-d Gaussian", #"{"mean":[0.5,-0.5,1],"covariance":\#(covariance3),"component":2}"#),
    VectorCase("the middle component", #"{"mean":[0.5,-0.5,1],"covariance":\#(covariance3),"component":1}"#),
      VectorCase(
        "a component outside 0..<d is refused", flags: ["boundarySize"],
        #"{"mean":[1,1],"covariance":{"shape":[2,2],"data":[4,0,0,1]},"component":2}"#,
        error: "badArgument")
  ])

  static let family = VectorFamily(
    name: "mahalanobis",
    algorithm:
      """
        Mahalanobis distance (Cholesky and eigen forms), per-component distances, the L1 approximation and the linear node of a \
        component
        """,
    spec: ["ABS-2", "ABS-3", "ABS-4", "ABS-5", "ABS-30", "LINALG-3"], groups: [distance, nearSingular, linearNode])
}
