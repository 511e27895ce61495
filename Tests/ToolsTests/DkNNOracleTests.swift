import Foundation
import Testing
@testable import Evaluation

@Suite("oracle: DkNN functions")
struct DkNNOracleTests {
  let oracle = ExecutableRunner(name: "oracle")

  func numbers(_ value: JSONValue?) -> [Double] { value?["data"]?.array?.compactMap(\.number) ?? [] }

  /// One layer of four training points 0, 1, 2, 3 labelled 0, 0, 1, 1; k = 2, raw space.
  static let training =
    #""training":[{"shape":[4,1],"data":[0,1,2,3]}],"trainingLabels":[0,0,1,1],"classes":2,"k":2,"space":"raw""#

  @Test("[ORACLE-50] dknn.calibrate: the worked example, both calibration variants")
  func calibrate() throws {
    let request = #"{"function":"dknn.calibrate","variant":"VARIANT","arguments":{"# + Self.training
      + #","calibration":[{"shape":[2,1],"data":[0.4,2.6]}],"calibrationLabels":[0,0]}}"#
    let (status, r) = try oracle.eval(request.replacingOccurrences(of: "VARIANT", with: "keepZeros"))
    #expect(status == 0)
    #expect(numbers(r["results"]?["neighbors"]) == [0, 1, 3, 2] && numbers(r["results"]?["nonconformity"]) == [0, 2])
    #expect(numbers(r["results"]?["scores"]) == [0, 2])
    let (_, trimmed) = try oracle.eval(request.replacingOccurrences(of: "VARIANT", with: "trimZeros"))
    #expect(numbers(trimmed["results"]?["scores"]) == [2])
  }

  @Test("[ORACLE-51] dknn.predict: the worked example; an all-zero calibration under trimZeros is a badArgument")
  func predict() throws {
    let request = #"{"function":"dknn.predict","variant":"VARIANT","arguments":{"# + Self.training
      + #","calibration":[{"shape":[2,1],"data":[0.4,2.6]}],"calibrationLabels":[0,0],"queries":[{"shape":[2,1],"data":[1.4,0]}]}}"#
    let (status, r) = try oracle.eval(request.replacingOccurrences(of: "VARIANT", with: "keepZeros"))
    #expect(status == 0)
    let results = try #require(r["results"])
    #expect(numbers(results["nonconformity"]) == [1, 1, 0, 2] && numbers(results["pValues"]) == [0.5, 0.5, 1, 0.5])
    #expect(
      numbers(results["prediction"]) == [0, 0] && numbers(results["credibility"]) == [0.5, 1]
        && numbers(results["confidence"]) == [0.5, 0.5])
    #expect(numbers(results["distances"]) == [0.3999999999999999, 0.6000000000000001, 0, 1])
    let zeros = request.replacingOccurrences(of: "[0.4,2.6]", with: "[0.4,0.6]").replacingOccurrences(
      of: "VARIANT", with: "trimZeros")
    let (bad, error) = try oracle.eval(zeros)
    #expect(
      bad == 1 && error["error"]?["kind"]?.string == "badArgument"
        && error["error"]?["message"]?.string?.contains("calibration") == true)
  }

  @Test("[ORACLE-52] dknn.conformity: pooled over both layers against the last layer only")
  func conformity() throws {
    // Layer 0 puts the query at 0.1 beside points 0, 1 (labels 0, 0); layer 1 beside points 2, 3 (labels 1, 1).
    let request =
      #"{"function":"dknn.conformity","variant":"VARIANT","arguments":{"training":[{"shape":[4,1],"data":[0,1,2,3]},{"shape":[4,1],"data":[3,2,1,0]}],"trainingLabels":[0,0,1,1],"classes":2,"k":2,"queries":[{"shape":[1,1],"data":[0.1]},{"shape":[1,1],"data":[0.1]}]}}"#
    let (status, pooled) = try oracle.eval(request.replacingOccurrences(of: "VARIANT", with: "allLayers"))
    #expect(status == 0)
    #expect(numbers(pooled["results"]?["conformity"]) == [0.5, 0.5] && numbers(pooled["results"]?["prediction"]) == [0])
    #expect(numbers(pooled["results"]?["credibility"]) == [0.5] && numbers(pooled["results"]?["confidence"]) == [0.5])
    let (_, last) = try oracle.eval(request.replacingOccurrences(of: "VARIANT", with: "lastLayer"))
    #expect(numbers(last["results"]?["conformity"]) == [0, 1] && numbers(last["results"]?["prediction"]) == [1])
    let oneLayer = request.replacingOccurrences(of: "VARIANT", with: "allLayers")
      .replacingOccurrences(
        of: #""queries":[{"shape":[1,1],"data":[0.1]},{"shape":[1,1],"data":[0.1]}]"#,
        with: #""queries":[{"shape":[1,1],"data":[0.1]}]"#)
    let (bad, error) = try oracle.eval(oneLayer)
    #expect(bad == 1 && error["error"]?["kind"]?.string == "badArgument", "\(error)")
  }

  @Test(
    """
      [ORACLE-53] dknn.leaveOneOut: confidence and gradient by hand, conformity from representations; arguments of another \
      method are refused
      """
  )
  func leaveOneOut() throws {
    // Confidence: logits of the whole sequence (0, ln 3): p(1) = 0.75; without word 0: (0, 0), p = 0.5; without word 1: (0, ln
    // 9), p = 0.9.
    let confidence =
      #"{"function":"dknn.leaveOneOut","variant":"confidence","arguments":{"logits":{"shape":[3,2],"data":[0,1.0986122886681098,0,0,0,2.1972245773362196]}}}"#
    let (status, r) = try oracle.eval(confidence)
    #expect(status == 0)
    let results = try #require(r["results"])
    let scores = numbers(results["scores"])
    #expect(results["prediction"]?.number == 1 && abs((results["original"]?.number ?? 0) - 0.75) < 1e-12)
    #expect(scores.count == 2 && abs(scores[0] + 0.25) < 1e-12 && abs(scores[1] - 0.15) < 1e-12)
    // Prediction 1 flips the signs: (0.25, -0.15) -> normalised (0.5, -0.5) up to the 1e-6 guards.
    let normalized = numbers(results["normalized"])
    #expect(abs(normalized[0] - 0.5) < 1e-5 && abs(normalized[1] + 0.5) < 1e-5)
    #expect(
      numbers(results["highlighted"]) == [1, 1] && numbers(results["ranks"]) == [2, 1]
        && numbers(results["supportRanks"]) == [1, 2])
    let gradient =
      #"{"function":"dknn.leaveOneOut","variant":"gradient","arguments":{"logits":[2,1],"embeddings":{"shape":[2,2],"data":[1,2,3,4]},"embeddingGradients":{"shape":[2,2],"data":[0.5,0,-1,1]}}}"#
    let (gStatus, g) = try oracle.eval(gradient)
    #expect(gStatus == 0 && numbers(g["results"]?["scores"]) == [0.5, 1] && g["results"]?["prediction"]?.number == 0)
    let conformity = #"{"function":"dknn.leaveOneOut","arguments":{"# + Self.training
      + #","queries":[{"shape":[3,1],"data":[0.2,2.6,0.4]}]}}"#
    let (cStatus, c) = try oracle.eval(conformity)
    // Whole sequence at 0.2: neighbours 0, 1 (label 0): conformity 1; without word 0 at 2.6: 0 (score -1); without word 1 at 0.4:
    // 1 (score 0).
    #expect(cStatus == 0 && numbers(c["results"]?["scores"]) == [-1, 0] && c["results"]?["prediction"]?.number == 0)
    let (bad, error) = try oracle.eval(confidence.replacingOccurrences(of: "\"logits\"", with: "\"k\":2,\"logits\""))
    #expect(bad == 1 && error["error"]?["message"]?.string?.contains("not used by the confidence variant") == true, "\(error)")
  }

  @Test("[ORACLE-21] the DkNN functions refuse searches beyond the cost bound before doing any work")
  func tooLarge() throws {
    let huge =
      #"{"function":"dknn.conformity","arguments":{"training":[{"shape":[100000,1000],"data":[]}],"trainingLabels":[],"classes":2,"queries":[{"shape":[1000,1000],"data":[]}]}}"#
    let (status, r) = try oracle.eval(huge)
    #expect(status == 1 && r["error"]?["kind"]?.string == "tooLarge", "\(r)")
  }
}
