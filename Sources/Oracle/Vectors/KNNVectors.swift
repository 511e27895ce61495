/// Conformance vectors of the neighbour functions (VEC-10): exact search with its tie rule, votes,
/// attributions and the naive pairwise distances.
enum KNNVectors {
  typealias T = VectorText

  static let workedTrain = T.tensor([3, 1], [0, 2, 1])
  static let grid = T.tensor([6, 2], [0, 0, 1, 0, 0, 1, 1, 1, 3, 2, -1, 2])
  static let gridQueries = T.tensor([3, 2], [0.25, 0.5, 2.5, 1.75, -0.75, 1.125])
  static let gridLabels = "[0,0,1,1,2,2]"

  static let query = VectorGroup("knn.query", tolerance: .exact("indices"), [
    VectorCase("worked example of NBR-20: two neighbours at 0.5, the lower index first", flags: ["tie"],
               #"{"train":\#(workedTrain),"queries":{"shape":[1,1],"data":[1.5]},"k":2}"#),
    VectorCase("six 2-d points, three queries, k = 3", #"{"train":\#(grid),"queries":\#(gridQueries),"k":3}"#),
    VectorCase("a query equal to a training point: that point first at distance 0", flags: ["selfMatch"],
               #"{"train":\#(grid),"queries":{"shape":[2,2],"data":[1,1,3,2]},"k":2}"#),
    VectorCase("duplicate training rows 1 and 4: equal distances, the lower index first", flags: ["duplicateCase", "tie"],
               #"{"train":{"shape":[5,2],"data":[0,0,2,1,5,5,-1,3,2,1]},"queries":{"shape":[1,2],"data":[2,1.5]},"k":3}"#),
    VectorCase("the centre of a square: four corners at the same distance", flags: ["tie"],
               #"{"train":{"shape":[5,2],"data":[1,1,-1,1,1,-1,-1,-1,3,0]},"queries":{"shape":[1,2],"data":[0,0]},"k":3}"#),
    VectorCase("k = n returns every point in (distance, index) order", flags: ["boundarySize", "tie"],
               #"{"train":\#(grid),"queries":{"shape":[1,2],"data":[0.5,0.5]},"k":6}"#),
      VectorCase(
        "one feature, one training point", flags: ["boundarySize"],
        #"{"train":{"shape":[1,1],"data":[3]},"queries":{"shape":[2,1],"data":[1,4]},"k":1}"#),
    VectorCase("points near 1e8: the differences are taken before squaring", flags: ["largeValues"],
        #"{"train":{"shape":[4,2],"data":[100000000,100000000,100000001,100000000,100000000,100000002,99999999,99999999]},"queries":{"shape":[1,2],"data":[100000000.25,100000000.5]},"k":4}"#
      ),
    VectorCase("squared Euclidean: the same order, squared distances", flags: ["tie"],
               #"{"train":\#(grid),"queries":{"shape":[1,2],"data":[0.5,0.5]},"k":4,"metric":"sqeuclidean"}"#),
    VectorCase("Manhattan: a diamond of equal distances", flags: ["tie"],
        #"{"train":{"shape":[5,2],"data":[1,0,0,1,-1,0,0,-1,1,1]},"queries":{"shape":[1,2],"data":[0,0]},"k":5,"metric":"manhattan"}"#
      ),
    VectorCase("cosine: a zero query is at 0 from a zero row and 1 from the others", flags: ["zeroVector", "tie"],
        #"{"train":{"shape":[4,2],"data":[1,0,0,0,0,2,3,3]},"queries":{"shape":[2,2],"data":[0,0,2,0]},"k":4,"metric":"cosine"}"#),
      VectorCase(
        "k = 0 is refused", #"{"train":\#(workedTrain),"queries":{"shape":[1,1],"data":[1.5]},"k":0}"#, error: "badArgument"),
      VectorCase(
        "k > n is refused", flags: ["boundarySize"], #"{"train":\#(workedTrain),"queries":{"shape":[1,1],"data":[1.5]},"k":4}"#,
        error: "badArgument"),
      VectorCase(
        "a NaN in the queries is refused", #"{"train":\#(workedTrain),"queries":{"shape":[1,1],"data":["nan"]},"k":1}"#,
        error: "badArgument"),
      VectorCase(
        "queries of another width are refused", #"{"train":\#(grid),"queries":{"shape":[1,3],"data":[0,0,0]},"k":1}"#,
        error: "badArgument")
  ])

  static let classify = VectorGroup("knn.classify", tolerance: .exact("labels"), [
      VectorCase(
        "majority vote of three", #"{"train":\#(grid),"labels":\#(gridLabels),"classes":3,"queries":\#(gridQueries),"k":3}"#),
    VectorCase("two classes with one vote each: the lower class wins", flags: ["classTie"],
               #"{"train":\#(grid),"labels":[1,0,0,0,2,2],"classes":3,"queries":{"shape":[1,2],"data":[0.25,0]},"k":2}"#),
      VectorCase(
        "the same tie under firstAmongNeighbours: the nearest neighbour's class wins", flags: ["classTie", "variantDifference"],
        #"{"train":\#(grid),"labels":[1,0,0,0,2,2],"classes":3,"queries":{"shape":[1,2],"data":[0.25,0]},"k":2,"tieRule":"firstAmongNeighbours"}"#
      ),
      VectorCase(
        "distance-weighted vote",
        #"{"train":\#(grid),"labels":\#(gridLabels),"classes":3,"queries":\#(gridQueries),"k":4,"vote":"distanceWeighted"}"#),
      VectorCase(
        "distance-weighted with two copies of the query: the exact matches share the vote",
        flags: ["zeroDistance", "duplicateCase"],
        #"{"train":{"shape":[4,1],"data":[1,1,2,0]},"labels":[0,1,1,0],"classes":2,"queries":{"shape":[1,1],"data":[1]},"k":3,"vote":"distanceWeighted"}"#
      ),
    VectorCase("class 2 has no training point: its fraction is 0", flags: ["emptyClass"],
               #"{"train":\#(workedTrain),"labels":[0,1,1],"classes":3,"queries":{"shape":[1,1],"data":[1.5]},"k":3}"#),
      VectorCase(
        "squared-Euclidean distance weights: 1 / d^2",
        #"{"train":\#(grid),"labels":\#(gridLabels),"classes":3,"queries":\#(gridQueries),"k":3,"vote":"distanceWeighted","metric":"sqeuclidean"}"#
      ),
      VectorCase(
        "a label outside 0..<classes is refused",
        #"{"train":\#(workedTrain),"labels":[0,5,1],"classes":2,"queries":{"shape":[1,1],"data":[1.5]},"k":1}"#,
        error: "badArgument")
  ])

  static let attribution = VectorGroup("knn.attribution", tolerance: .exact("concentration"), [
    VectorCase("worked example: half the weight on each neighbour", flags: ["tie"],
               #"{"train":\#(workedTrain),"labels":[0,1,1],"classes":2,"queries":{"shape":[1,1],"data":[1.5]},"k":2}"#),
    VectorCase("distance-weighted with exact matches: only they carry weight", flags: ["zeroDistance", "duplicateCase"],
        #"{"train":{"shape":[4,1],"data":[1,1,2,0]},"labels":[0,1,1,0],"classes":2,"queries":{"shape":[2,1],"data":[1,0.5]},"k":3,"vote":"distanceWeighted"}"#
      )
  ])

  static let pairwise = VectorGroup("distance.pairwise", [
    VectorCase("Euclidean", #"{"x":\#(gridQueries),"y":\#(grid)}"#),
    VectorCase("identical rows are exactly 0 apart", flags: ["selfMatch"], #"{"x":\#(grid),"y":\#(grid)}"#),
    VectorCase("cosine with zero vectors", flags: ["zeroVector"],
               #"{"x":{"shape":[3,2],"data":[0,0,1,0,-2,0]},"y":{"shape":[3,2],"data":[0,0,3,0,0,1]},"metric":"cosine"}"#),
    VectorCase("Manhattan", #"{"x":\#(gridQueries),"y":\#(grid),"metric":"manhattan"}"#),
    VectorCase("squared Euclidean", #"{"x":\#(gridQueries),"y":\#(grid),"metric":"sqeuclidean"}"#),
  ])

  static let family = VectorFamily(
    name: "knn",
    algorithm:
      """
        k nearest neighbours: exact search ranked by (distance, index), votes with their tie rules, attributions, pairwise \
        distances
        """,
    spec: ["NBR-1", "NBR-3", "NBR-5", "NBR-6", "NBR-10", "NBR-11", "NBR-12", "NBR-14", "NBR-20"],
    groups: [query, classify, attribution, pairwise])
}
