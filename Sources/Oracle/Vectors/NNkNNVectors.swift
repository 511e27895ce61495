/// Conformance vectors of NN-kNN (VEC-12): every variant's forward pass, loss and gradients, the
/// default bias, explanations, and NN-kNN_O.
enum NNkNNVectors {
  typealias T = VectorText

  static let worked =
    #""queries":{"shape":[1,1],"data":[0]},"cases":{"shape":[2,1],"data":[0,1]},"caseLabels":[0,1],"classes":2,"GW":{"shape":[1,1],"data":[1]},"cW":{"shape":[2,1],"data":[1,1]},"bias":[1,1],"caseWeight":[1,1],"B":1"#
  static let cases2d = T.tensor([5, 2], [0, 0, 1, 0.5, -1, 1, 2, -1, 0.5, 2])
  static let base2d = #""cases":\#(cases2d),"caseLabels":[0,1,0,1,1],"classes":2,"B":2"#
  static let fresh = #""queries":\#(T.tensor([3, 2], [0.25, 0.75, 1.5, -0.5, -0.5, 1.25]))"#
  static let plain =
    #""GW":{"shape":[1,2],"data":[1,0.5]},"cW":{"shape":[5,1],"data":[1,0.75,1.25,1,0.5]},"bias":[2,1.5,2.5,2,1.75],"caseWeight":[1,0.5,1.5,1,1.25]"#
  static let negative =
    #""GW":{"shape":[2,2],"data":[0.75,-0.5,-0.25,1.25]},"cW":{"shape":[5,2],"data":[0.5,-0.25,-0.5,0.75,0.25,0.25,1,-1,0.125,0.5]},"bias":[2,1.5,2.5,2,1.75],"caseWeight":[1,-0.5,1.5,-1,1.25]"#

  /// The same tests under every variant, so that a consumer sees each reading's differences.
  static func forward(_ variant: String) -> VectorGroup {
    VectorGroup("nnknn.forward", variant: variant, [
        VectorCase(
          "worked example of NNKNN-15: the query is case 0 (the self-match of NNKNN-8)", flags: ["selfMatch", "kink"],
          "{\(worked),\"labels\":[0]}"),
      VectorCase("two features, five cases, three fresh queries, w = 1", "{\(fresh),\(base2d),\(plain),\"labels\":[0,1,1]}"),
        VectorCase(
          "w = 2 with negative weights and case weights", flags: ["negativeWeights"],
          "{\(fresh),\(base2d),\(negative),\"labels\":[1,0,1]}"),
      VectorCase("queries equal to cases 1 and 3", flags: ["selfMatch", "kink"],
                 "{\"queries\":\(T.tensor([2, 2], [1, 0.5, 2, -1])),\(base2d),\(plain),\"labels\":[1,1]}"),
        VectorCase(
          "slope 0.1 for the glocal leakyReLU", flags: ["negativeWeights"],
          "{\(fresh),\(base2d),\(negative),\"slope\":0.1,\"labels\":[0,0,1]}"),
      VectorCase("forward values only (no labels: no loss, no gradients)", "{\(fresh),\(base2d),\(plain)}"),
        VectorCase(
          "a class without cases is refused", flags: ["emptyClass"],
          "{\(worked.replacingOccurrences(of: "\"classes\":2", with: "\"classes\":3"))}",
          error: "badArgument"),
      VectorCase("B = 0 is refused", "{\(worked.replacingOccurrences(of: "\"B\":1", with: "\"B\":0"))}", error: "badArgument"),
    ])
  }

  static let defaultBias = VectorGroup("nnknn.defaultBias", [
      VectorCase(
        "worked example of ORACLE-2's test: nearest others at 1, 1, 2", #"{"cases":{"shape":[3,1],"data":[0,1,3]},"k":1}"#),
      VectorCase(
        "a duplicate case is another case at distance 0", flags: ["duplicateCase", "selfMatch"],
        #"{"cases":{"shape":[4,1],"data":[0,1,1,3]},"k":1}"#),
    VectorCase("k = 2 with duplicates", flags: ["duplicateCase"], #"{"cases":{"shape":[4,1],"data":[0,1,1,3]},"k":2}"#),
    VectorCase("k = n - 1: the farthest other case", flags: ["boundarySize"], "{\"cases\":\(cases2d),\"k\":4}"),
    VectorCase("two features, k = 2", "{\"cases\":\(cases2d),\"k\":2}"),
      VectorCase(
        "k = n is refused", flags: ["boundarySize"], #"{"cases":{"shape":[3,1],"data":[0,1,3]},"k":3}"#, error: "badArgument")
  ])

  static let explain = VectorGroup("nnknn.explain", tolerance: .exact("predicted", "index", "label", "topCaseAgrees"), [
    VectorCase("two features, top 3 cases", "{\(fresh),\(base2d),\(plain),\"top\":3}"),
    VectorCase("two identical cases activate equally: the lower index first", flags: ["tie", "duplicateCase"],
        #"{"queries":{"shape":[1,1],"data":[0.5]},"cases":{"shape":[3,1],"data":[1,1,0]},"caseLabels":[1,0,0],"classes":2,"GW":{"shape":[1,1],"data":[1]},"cW":{"shape":[3,1],"data":[1,1,1]},"bias":[1,1,1],"caseWeight":[1,1,1],"B":1,"top":2}"#
      )
  ])

  static let original =
    #""cases":\#(cases2d),"caseLabels":[0,1,0,1,1],"classes":2,"f":[1,0.5],"bias":[1,0.5,1.5,1,0.75],"classWeight":[1,0.5,-0.25,1,2],"classBias":[0.25,-0.5]"#

  static let originalForward = VectorGroup("nnknnO.forward", [
      VectorCase(
        "individual weights W [n, d]",
        "{\(fresh),\(original),\"W\":\(T.tensor([5, 2], [1, 0.5, -0.5, 1, 0.25, 0.75, 1, 1, -1, 2])),\"labels\":[0,1,1]}"),
    VectorCase("shared weights W [1, d]", "{\(fresh),\(original),\"W\":\(T.tensor([1, 2], [0.5, -1])),\"labels\":[1,0,0]}"),
      VectorCase(
        "top-2 cases kept in evaluation mode",
        "{\(fresh),\(original),\"W\":\(T.tensor([1, 2], [0.5, 1])),\"topK\":2,\"labels\":[1,0,0]}"),
    VectorCase("top-k with two equally activated (identical) cases: the lower index is kept", flags: ["tie", "duplicateCase"],
        #"{"queries":{"shape":[1,1],"data":[0]},"cases":{"shape":[3,1],"data":[1,1,3]},"caseLabels":[0,1,1],"classes":2,"f":[1],"W":{"shape":[1,1],"data":[1]},"bias":[1,1,1],"classWeight":[1,1,1],"classBias":[0,0],"topK":1,"labels":[1]}"#
      ),
    VectorCase("training mode ignores topK", flags: ["variantDifference"],
               "{\(fresh),\(original),\"W\":\(T.tensor([1, 2], [0.5, 1])),\"topK\":2,\"mode\":\"training\",\"labels\":[1,0,0]}"),
    VectorCase("a query that is a case (distance 0)", flags: ["selfMatch"],
               "{\"queries\":\(T.tensor([1, 2], [2, -1])),\(original),\"W\":\(T.tensor([1, 2], [0.5, 1])),\"labels\":[1]}"),
  ])

  static let family = VectorFamily(
    name: "nnknn",
    algorithm:
      """
        NN-kNN (every variant) and NN-kNN_O: distances, case and class activations, cross-entropy loss and every gradient; the \
        default bias; explanations
        """,
    spec: ["NNKNN-2", "NNKNN-3", "NNKNN-4", "NNKNN-5", "NNKNN-8", "NNKNN-9", "NNKNN-12", "NNKNN-13", "NNKNN-15"],
    groups: ["code", "paper", "paperSquared", "codeReluCaseWeights", "codeExcludeIdentical"].map(forward)
      + [defaultBias, explain, originalForward])
}
