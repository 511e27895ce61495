import Evaluation
import Randomness
import Tensors

/// The PyTorch generator as an oracle function (ORACLE-10).
enum TorchFunctions {
  static var all: [OracleFunction] { [random] }

  static let draws = ["random", "rand", "uniform", "randn", "normal", "randint", "randperm", "bernoulli"]

  static let random = OracleFunction(
    name: "random.torch",
    summary:
      "PyTorch's CPU generator after torch.manual_seed(seed): one draw from a fresh generator, bit for bit (RAND-30 ... RAND-39)",
    arguments: [("seed", "integer in 0...2^53"),
                ("draw", "random (32-bit words) | rand | uniform | randn | normal | randint | randperm | bernoulli"),
                ("count", "number of values, 0...1000000 (randperm: n)"),
                ("dtype", "float32 (default, torch's default dtype) | float64; for rand, uniform, randn, normal"),
                ("capability", "torch.backends.cpu.get_cpu_capability(): avx2 (default), avx512 or default (RAND-31)"),
                ("from", "uniform's lower bound (default 0)"), ("to", "uniform's upper bound (default 1)"),
                ("mean", "normal's mean (default 0)"), ("std", "normal's standard deviation (default 1)"),
                ("low", "randint's lower bound (default 0)"), ("high", "randint's upper bound (exclusive), required for randint"),
                ("p", "bernoulli's probability (default 0.5)")],
    results: [("values", "T[count]: the tensor torch returns, float32 values as their doubles, integers as numbers")],
    cost: .init("scalars 3 count, steps 64 count (randint and randperm may redraw; normal works in blocks of 16)") { a in
      OracleCost(scalars: 3 * a.count("count"), steps: 64 * a.count("count"))
    },
    spec: ["ORACLE-10", "RAND-30"],
    example: #"{"function":"random.torch","arguments":{"seed":3,"draw":"randn","count":17,"dtype":"float64"}}"#
  ) { arguments, _ in
    let seed = UInt64(try arguments.integer("seed", in: 0...(1 << 53)))
    let draw = try arguments.string("draw", oneOf: draws)
    let count = try arguments.integer("count", in: 0...1_000_000)
    let dtype =
      arguments.has("dtype") ? TorchDType(rawValue: try arguments.string("dtype", oneOf: ["float32", "float64"]))! : .float32
    let capability = arguments.has("capability")
      ? TorchCPUCapability(rawValue: try arguments.string("capability", oneOf: TorchCPUCapability.allCases.map(\.rawValue)))!
      : .avx2
    func number(_ name: String, _ fallback: Double) throws(ReportError) -> Double {
      arguments.has(name) ? try arguments.number(name) : fallback
    }
    var g = TorchGenerator(seed: seed, capability: capability)
    let values: [Double]
    do {
      switch draw {
      case "random": values = (0..<count).map { _ in Double(g.random()) }
      case "rand": values = try g.rand(count: count, dtype: dtype)
      case "uniform": values = try g.uniform(count: count, from: try number("from", 0), to: try number("to", 1), dtype: dtype)
      case "randn": values = try g.normal(count: count, dtype: dtype)
      case "normal": values = try g.normal(count: count, mean: try number("mean", 0), std: try number("std", 1), dtype: dtype)
      case "randint":
        let low = arguments.has("low") ? try arguments.integer("low", in: -(1 << 53)...(1 << 53)) : 0
        values = try g.randint(low: low, high: try arguments.integer("high", in: -(1 << 53)...(1 << 53)), count: count).map(
          Double.init)
      case "randperm": values = try g.randperm(count).map(Double.init)
      default: values = try g.bernoulli(count: count, p: try number("p", 0.5))
      }
    } catch let error as RandomnessError {
      throw ReportError.badArgument(draw, error.description)
    }
    return [("values", JSONValue(Tensor(values)))]
  }
}
