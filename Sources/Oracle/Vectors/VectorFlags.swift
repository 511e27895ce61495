/// The flags a vector may carry, each with the note written into every file that uses it (VEC-5).
/// A flag says which edge of the definition a test sits on, so that a consumer's failure report
/// ("tcId 7 [tie]") points at the rule it broke.
enum VectorFlags {
  static let notes: [String: String] = [
    "tie":
      """
        Two or more candidates are equally good (equal distances, activations or votes). Coordinates are small integers or \
        dyadic fractions, so every summation order gives the same values and the tie is exact; the Spec's tie rule decides \
        (lower index, lower class).
        """,
    "classTie": "Two classes have the same vote; the tie rule (lowestClass or firstAmongNeighbours) decides the label.",
    "kink":
      """
        An input sits exactly at a non-differentiable point (relu or abs at 0, leakyReLU at 0, sqrt(relu(s)) at s = 0); the \
        expected gradient is the convention of FOUND-24 (PyTorch's): relu'(0) = 0, |x|'(0) = 0, leakyReLU'(0) = slope.
        """,
    "selfMatch":
      """
        A query is also a case or training point: its distance to itself is exactly 0. NN-kNN's gradient through sqrt(relu(S)) \
        at S = 0 is 0 (NNKNN-8); codeExcludeIdentical masks such cases out of the class activation.
        """,
    "zeroDistance":
      "A distance is exactly 0 (a duplicate point), which the distance-weighted vote treats by its d = 0 rule (NBR-11).",
    "zeroVector":
      """
        A zero vector: cosine distance is 0 to another zero vector and 1 to any other vector (NBR-1); a point at the mean has \
        Mahalanobis distance 0.
        """,
    "duplicateCase":
      """
        Two training points or cases are identical; they are distinct by index (NBR-8: exclusion is by index, a duplicate \
        counts at distance 0).
        """,
    "emptyClass":
      "A class has no training point or case. kNN votes give it fraction 0; the NN-kNN functions refuse it (ORACLE-20).",
    "nearSingular":
      """
        A covariance or matrix with a condition number near 1e8 or more: forms that differ only by rounding can differ in the \
        last digits, so the tolerance is looser.
        """,
    "repeatedEigenvalue":
      """
        Two equal eigenvalues; the matrix is diagonal, so the eigenvectors are still determined (axis vectors) under the sign \
        rule of LINALG-3.
        """,
    "negativeWeights": "Parameters take negative values, exercising the other branch of leakyReLU and relu in the weights.",
    "boundarySize": "A size at the edge of its range: k = n, one query, one feature, n = splits, a single step.",
    "signedZero": "Signed zeros in the inputs; results follow IEEE arithmetic (a product chain starting at +0.0, FOUND-10).",
    "largeValues": "Inputs far from the origin or of large magnitude, where cancellation decides the last digits.",
    "variantDifference":
      """
        The same inputs under a named variant whose result differs from the default's (paper versus code readings, torch 1.x \
        versus 2.x forms).
        """,
    "invalidArgument":
      "The oracle refuses the request (result 'invalid'); a conforming implementation raises an error rather than answering."
  ]
}
