import Foundation
import Testing
@testable import Evaluation

@Suite("oracle: Abs-node Mahalanobis functions")
struct AbsMahalanobisOracleTests {
  let oracle = ExecutableRunner(name: "oracle")

  func numbers(_ value: JSONValue?) -> [Double] { value?["data"]?.array?.compactMap(\.number) ?? [] }

  @Test("[ABS-30] mahalanobis.distance answers the worked example of Spec/AbsMahalanobis.md; bad covariances are badArgument")
  func distance() throws {
    let (status, r) = try oracle.eval(
      #"{"function":"mahalanobis.distance","arguments":{"mean":[0,0],"covariance":{"shape":[2,2],"data":[4,0,0,1]},"x":[2,1]}}"#)
    #expect(status == 0)
    #expect(numbers(r["results"]?["distance"]) == [Double(2).squareRoot()])
    #expect(numbers(r["results"]?["componentDistances"]) == [1, 1] && numbers(r["results"]?["l1"]) == [2])
    let (bad, error) = try oracle.eval(
      #"{"function":"mahalanobis.distance","arguments":{"mean":[0,0],"covariance":{"shape":[2,2],"data":[1,1,1,1]},"x":[2,1]}}"#)
    #expect(bad == 1 && error["error"]?["kind"]?.string == "badArgument")
    let (wrong, shape) = try oracle.eval(
      #"{"function":"mahalanobis.distance","arguments":{"mean":[0,0],"covariance":{"shape":[2,2],"data":[1,0,0,1]},"x":[2,1,3]}}"#
    )
    #expect(wrong == 1 && shape["error"]?["kind"]?.string == "badArgument")
  }

  @Test("[ABS-30] mahalanobis.linearNode gives W = v / sqrt(lambda), b = -v . mu / sqrt(lambda)")
  func linearNode() throws {
    let (status, r) = try oracle.eval(
      #"{"function":"mahalanobis.linearNode","arguments":{"mean":[1,1],"covariance":{"shape":[2,2],"data":[4,0,0,1]},"component":0}}"#
    )
    #expect(status == 0)
    #expect(numbers(r["results"]?["weight"]) == [0.5, 0] && r["results"]?["bias"]?.number == -0.5
        && r["results"]?["eigenvalue"]?.number == 4)
    let (bad, _) = try oracle.eval(
      #"{"function":"mahalanobis.linearNode","arguments":{"mean":[1,1],"covariance":{"shape":[2,2],"data":[4,0,0,1]},"component":2}}"#
    )
    #expect(bad == 1)
  }

  @Test("[ABS-30] abs.experiment1.model: one hand-computed SGD step, the class, the dead-rule variants")
  func experiment1Model() throws {
    let request =
      #"{"function":"abs.experiment1.model","variant":"VARIANT","arguments":{"x":{"shape":[2,2],"data":[1,0,0,1]},"y":[1,1],"weight":[0.5,0.5],"bias":0,"activation":"abs","mean":[0,0],"steps":1,"learningRate":0.1,"deadLossThreshold":0.1}}"#
    let (status, r) = try oracle.eval(request.replacingOccurrences(of: "VARIANT", with: "reluOnly"))
    #expect(status == 0)
    // s = [0.5, 0.5], r = -0.5, loss 0.25; g = r * 2 / 2 = -0.5 per point: dW = [-0.5, -0.5], db = -1.
    #expect(numbers(r["results"]?["losses"]) == [0.25])
    #expect(numbers(r["results"]?["weight"]) == [0.5 + (-0.1) * -0.5, 0.5 + (-0.1) * -0.5]
        && r["results"]?["bias"]?.number == (-0.1) * -1.0)
    #expect(r["results"]?["class"]?.string == "coherent" && r["results"]?["geometricClass"]?.string == "coherent")
    let (_, all) = try oracle.eval(request.replacingOccurrences(of: "VARIANT", with: "all"))
    #expect(all["results"]?["class"]?.string == "dead")
    let (bad, error) = try oracle.eval(request.replacingOccurrences(of: "VARIANT", with: "sometimes"))
    #expect(bad == 1 && error["error"]?["kind"]?.string == "unknownVariant")
  }

  @Test("[ABS-30] abs.mlp.metrics counts unique, consistent, voting and L2 errors")
  func mlpMetrics() throws {
    let (status, r) = try oracle.eval(
      #"{"function":"abs.mlp.metrics","arguments":{"logits":{"shape":[3,4,2],"data":[1,0,0,1,0,1,1,0, 0,1,0,1,0,1,0,1, 0,1,1,0,0,1,1,0]},"labels":[0,1,1,0]}}"#
    )
    #expect(status == 0)
    let results = try #require(r["results"])
    #expect(numbers(results["accuracies"]) == [1, 0.5, 0.5] && numbers(results["errorsPerPoint"]) == [2, 1, 0, 1])
    #expect(results["uniqueErrors"]?.number == 3 && results["consistentErrors"]?.number == 0
        && results["votingErrors"]?.number == 1)
    #expect(results["accuracyMin"]?.number == 0.5 && results["accuracyMax"]?.number == 1)
    let (bad, _) = try oracle.eval(
      #"{"function":"abs.mlp.metrics","arguments":{"logits":{"shape":[1,2,2],"data":[1,0,0,1]},"labels":[0,1,1]}}"#)
    #expect(bad == 1)
  }
}
