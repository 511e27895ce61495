import Foundation
import Testing
@testable import Evaluation
@testable import oracle

/// `optim.sgd`, `optim.adam` and `optim.adamw` (ORACLE-76) asked, through requests, for the
/// trajectories torch wrote with fixed gradients (Fixtures/golden/torch_networks.json, NET-110):
/// each parameter tensor of the model is one request, its 20 gradients the `gradients` argument.
@Suite("oracle: optimiser functions against torch's trajectories")
struct OptimizerFunctionGoldenTests {
  static let golden = Result {
    try JSONValue(
      parsing: [UInt8](try Data(contentsOf: VectorTests.root.appendingPathComponent("Fixtures/golden/torch_networks.json"))))
  }

  /// torch's keyword arguments as the oracle's argument names.
  static func arguments(_ hyperparameters: JSONValue) -> [(String, JSONValue)] {
    let names = ["lr": "learningRate", "weight_decay": "weightDecay", "momentum": "momentum", "dampening": "dampening",
                 "nesterov": "nesterov", "betas": "betas", "eps": "eps", "amsgrad": "amsgrad"]
    return (hyperparameters.members ?? []).map { (names[$0.0] ?? $0.0, $0.1) }
  }

  /// The largest difference over the trajectory in ulps of the largest value torch's tensor takes
  /// (NET-110's measure); `ours` is T[steps, shape], `theirs` one {shape, data} per step.
  static func ulps(_ ours: JSONValue?, _ theirs: [JSONValue?]) -> Double {
    let mine = ours?["data"]?.array?.compactMap(\.number) ?? []
    let torch = theirs.flatMap { $0?["data"]?.array?.compactMap(\.number) ?? [] }
    guard mine.count == torch.count, !torch.isEmpty else { return .infinity }
    let error = zip(mine, torch).map { abs($0 - $1) }.max() ?? 0
    let scale = torch.map(abs).max() ?? 0
    return scale == 0 ? (error == 0 ? 0 : .infinity) : error / scale.ulp
  }

  @Test(
    """
      [ORACLE-76] [NET-110] optim.sgd, optim.adam and optim.adamw reproduce torch's fixed-gradient trajectories, parameters and \
      state, within NET-110's 8 ulps
      """
  )
  func torchTrajectories() throws {
    let golden = try Self.golden.get()
    let names = (golden["model"]?["parameterNames"]?.array ?? []).compactMap(\.string)
    let fixed = golden["fixedGradients"]?.array ?? []
    let cases = (golden["optimizers"]?.array ?? []).filter { $0["gradients"]?.string == "fixed" }
    #expect(cases.count == 16 && names.count == 4 && fixed.count == 20)
    var worst = 0.0
    for c in cases {
      let caseName = c["name"]?.string ?? "?", steps = c["steps"]?.array ?? []
      for name in names {
        let initial = try #require(golden["model"]?["initial"]?[name])
        let shape = initial["shape"]?.array ?? []
        let gradients = JSONValue.object([("shape", .array([.number(Double(fixed.count))] + shape)),
                                          ("data", .array(fixed.flatMap { $0[name]?["data"]?.array ?? [] }))])
        let request = JSONValue.object([
          ("function", .string("optim." + (c["optimizer"]?.string ?? "?"))),
          (
            "arguments",
            .object([("parameters", initial), ("gradients", gradients)] + Self.arguments(c["hyperparameters"] ?? .object([])))
          )
        ])
        let (status, response) = OracleCommand.respond(to: Array(request.serialized().utf8), functions: OracleRegistry.functions)
        #expect(status == 0, "\(caseName) \(name): \(response.serialized().prefix(300))")
        let results = response["results"]
        var compared = ["parameters": Self.ulps(results?["parameters"], steps.map { $0["parameters"]?[name] })]
        for key in (steps.first?["state"]?[name]?.members ?? []).map(\.0) where key != "step" {
          compared[key] = Self.ulps(results?[key], steps.map { $0["state"]?[name]?[key] })
        }
        for (key, error) in compared {
          #expect(error <= 8, "\(caseName) \(name) \(key): \(error) ulps of its largest value")
          worst = max(worst, error)
        }
      }
    }
    print("optim.* against torch's fixed-gradient trajectories: worst \(worst) ulps")
  }
}
