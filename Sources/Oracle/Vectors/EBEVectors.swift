import EBEDNN
import Evaluation

/// Conformance vectors of EBE-DNN (VEC-19): the cosine kNN vote with its example attribution, and
/// a ResNet18's embeddings at a tap.
enum EBEVectors {
  typealias T = VectorText

  static let train = #""train":{"shape":[4,2],"data":[1,0,2,0.1,0,1,-1,0]},"labels":[0,1,1,0],"classes":2"#

  static let attribution = VectorGroup(
    "ebe.attribution", tolerance: .exact("neighbours", "labels", "prediction", "concentration"),
    [
      VectorCase(
        "two neighbours vote 0 and 1: the tie goes to the lowest class", flags: ["classTie"],
        "{\(train),\"queries\":{\"shape\":[1,2],\"data\":[3,0]},\"k\":2}"),
      VectorCase(
        "the same tie under firstAmongNeighbours: the nearest neighbour's class", flags: ["classTie"],
        "{\(train),\"queries\":{\"shape\":[1,2],\"data\":[3,0]},\"k\":2,\"tieRule\":\"firstAmongNeighbours\"}"),
      VectorCase(
        "three collinear embeddings are all at cosine distance 0: k = 1 under allTiedAtK keeps all three",
        flags: ["tie", "zeroDistance"],
        #"{"train":{"shape":[3,1],"data":[1,2,3]},"labels":[0,1,1],"classes":2,"queries":{"shape":[1,1],"data":[5]},"k":1,"neighbourSet":"allTiedAtK"}"#
      ),
      VectorCase(
        "the same under exactlyK: the lowest index wins the tie", flags: ["tie", "zeroDistance"],
        #"{"train":{"shape":[3,1],"data":[1,2,3]},"labels":[0,1,1],"classes":2,"queries":{"shape":[1,1],"data":[5]},"k":1}"#),
      VectorCase(
        "k = n, several queries with full mantissas", flags: ["boundarySize"],
        "{\"train\":\(T.tensor([5, 3], T.irrational(15, seed: 61))),\"labels\":[0,1,2,1,0],\"classes\":3,\"queries\":\(T.tensor([2, 3], T.irrational(6, seed: 62))),\"k\":5}"
      ),
      VectorCase(
        "k larger than n is refused", "{\(train),\"queries\":{\"shape\":[1,2],\"data\":[3,0]},\"k\":5}", error: "badArgument")
  ])

  /// The `ebe.embed` example's arguments with some members replaced.
  static func embed(_ replacements: [(String, JSONValue)]) -> String {
    let members = (try? JSONValue(parsing: EBEOracleFunctions.embedExample))?["arguments"]?.members ?? []
    let replaced = members.map { member in replacements.first { $0.0 == member.0 } ?? member }
    return JSONValue.object(replaced).serialized()
  }

  static let embedding = VectorGroup("ebe.embed", tolerance: .standard, [
    VectorCase("ResNet18 of widths 1, 2, 4, 8 with constant weights: layer2, globally average-pooled", embed([])),
    VectorCase("the same at fc, flattened", embed([("tap", .string("fc")), ("reduction", .string("flatten"))])),
    VectorCase("a tap the model does not record is refused", embed([("tap", .string("layer9"))]), error: "badArgument"),
  ])

  static let family = VectorFamily(
    name: "ebe",
    algorithm: "EBE-DNN's cosine nearest-neighbour vote with its example attribution, and a ResNet18's embeddings at a tap",
    spec: ["EBE-3", "EBE-4", "EBE-5", "EBE-6", "ORACLE-60", "ORACLE-61"], groups: [attribution, embedding])
}
