import Foundation
import Testing
@testable import Evaluation

/// `nn.conv2d` and `nn.batchnorm` through the oracle executable (NET-48).
@Suite("oracle: deep-network functions")
struct DeepNetworkOracleTests {
  let oracle = ExecutableRunner(name: "oracle")

  @Test("""
    [NET-48] nn.conv2d answers the worked example of Spec/Oracle.md (stride 2, padding 1, bias) \
    with its VJP; both variants agree; bad shapes are badArgument
    """)
  func conv2d() throws {
    let request =
      #"{"function":"nn.conv2d",VARIANT"arguments":{"input":{"shape":[1,1,3,3],"data":[1,2,3,4,5,6,7,8,9]},"weight":{"shape":[1,1,2,2],"data":[1,10,100,1000]},"bias":[0.5],"stride":2,"padding":1,"cotangent":{"shape":[1,1,2,2],"data":[1,0,0,0]}}}"#
    let expected =
      #"{"output":{"shape":[1,1,2,2],"data":[1000.5,3200.5,7040.5,9865.5]},"gradients":{"input":{"shape":[1,1,3,3],"data":[1000,0,0,0,0,0,0,0,0]},"weight":{"shape":[1,1,2,2],"data":[0,0,0,1]},"bias":{"shape":[1],"data":[1]}}}"#
    for variant in ["", #""variant":"reference","#, #""variant":"fast","#] {
      let (status, response) = try oracle.eval(request.replacingOccurrences(of: "VARIANT", with: variant))
      #expect(status == 0)
      #expect(response["results"]?.serialized() == expected, "\(variant): \(response.serialized())")
    }
    let (same, sameResponse) = try oracle.eval(
      #"{"function":"nn.conv2d","arguments":{"input":{"shape":[1,1,28,28],"data":[0]},"weight":{"shape":[2,1,8,8],"data":[0]},"stride":[2,2],"padding":"tensorflowSame"}}"#
    )
    #expect(same == 1 && sameResponse["error"]?["kind"]?.string == "badArgument")  // data of the wrong length
    let zeros = Array(repeating: "0", count: 784).joined(separator: ",")
    let weights = Array(repeating: "0", count: 128).joined(separator: ",")
    let (ok, tf) = try oracle.eval(
      #"{"function":"nn.conv2d","arguments":{"input":{"shape":[1,1,28,28],"data":["# + zeros
        + #"]},"weight":{"shape":[2,1,8,8],"data":["# + weights + #"]},"stride":2,"padding":"tensorflowSame"}}"#)
    #expect(ok == 0 && tf["results"]?["output"]?["shape"]?.serialized() == "[1,2,14,14]")
    let (bad, error) = try oracle.eval(
      #"{"function":"nn.conv2d","arguments":{"input":{"shape":[1,2,3,3],"data":[1,2,3,4,5,6,7,8,9,1,2,3,4,5,6,7,8,9]},"weight":{"shape":[1,1,2,2],"data":[1,1,1,1]}}}"#
    )
    #expect(bad == 1 && error["error"]?["kind"]?.string == "badArgument")
  }

  @Test("""
    [NET-48] nn.batchnorm answers the worked example (training, two values: output -1, 1; running \
    mean 0.2, var 1.1; input gradient 0) and evaluation mode
    """)
  func batchnorm() throws {
    let (status, response) = try oracle.eval(
      #"{"function":"nn.batchnorm","arguments":{"input":{"shape":[2,1],"data":[1,3]},"weight":[1],"bias":[0],"runningMean":[0],"runningVar":[1],"mode":"training","eps":0,"cotangent":{"shape":[2,1],"data":[1,0]}}}"#
    )
    #expect(status == 0)
    #expect(
      response["results"]?.serialized()
        == #"{"output":{"shape":[2,1],"data":[-1,1]},"runningMean":{"shape":[1],"data":[0.2]},"runningVar":{"shape":[1],"data":[1.1]},"numBatchesTracked":1,"gradients":{"input":{"shape":[2,1],"data":[0,0]},"weight":{"shape":[1],"data":[-1]},"bias":{"shape":[1],"data":[1]}}}"#
    )
    let (evalStatus, evaluation) = try oracle.eval(
      #"{"function":"nn.batchnorm","arguments":{"input":{"shape":[1,1,1,2],"data":[1,3]},"weight":[2],"bias":[1],"runningMean":[1],"runningVar":[4],"mode":"evaluation","eps":0}}"#
    )
    #expect(evalStatus == 0 && evaluation["results"]?["output"]?["data"]?.serialized() == "[1,3]")  // (x - 1) / 2 * 2 + 1
    #expect(evaluation["results"]?["runningVar"]?["data"]?.serialized() == "[4]")
    let (bad, error) = try oracle.eval(
      #"{"function":"nn.batchnorm","arguments":{"input":{"shape":[1,2],"data":[1,3]},"weight":[1,1],"bias":[0,0],"runningMean":[0,0],"runningVar":[1,1],"mode":"training"}}"#
    )
    #expect(bad == 1 && error["error"]?["kind"]?.string == "badArgument")  // one value per channel in training
  }
}
