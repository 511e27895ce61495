/// What one oracle evaluation may cost (ORACLE-21): `scalars`, the doubles it holds at once
/// (inputs, intermediates and results, each counted once; the process holds a small constant
/// multiple of this), and `steps`, its inner-loop iterations (multiply-adds, comparisons, draws).
/// Both are computed from the request's shapes and counts alone, in `Double` so that no product
/// of untrusted extents can overflow, and checked against ``limits`` before any work is done.
public struct OracleCost: Sendable, Equatable {
  public var scalars: Double
  public var steps: Double

  public init(scalars: Double, steps: Double) { self.scalars = scalars; self.steps = steps }

  /// The oracle's bounds (ORACLE-21): 2^23 scalars (64 MiB of doubles) and 10^10 steps per
  /// evaluation; requests of at most 32 MiB (see ORACLE-23 for the memory budget they imply).
  public static let limits = OracleCost(scalars: Double(1 << 23), steps: 1e10)
  public static let maximumRequestBytes = 32 << 20
  /// The resident memory an `oracle eval` process stays within for any request (ORACLE-23).
  public static let memoryBudgetBytes = 2 << 30

  /// A function's cost bound: its formula as documentation and its estimate from the arguments.
  public struct Bound: Sendable {
    /// The bound as a formula in the documented argument shapes, e.g. "scalars m k + k n + m n, steps m k n".
    public var formula: String
    public var estimate: @Sendable (OracleArguments) -> OracleCost

    public init(_ formula: String, estimate: @escaping @Sendable (OracleArguments) -> OracleCost) {
      self.formula = formula
      self.estimate = estimate
    }

    /// Throws ``ReportError/tooLarge(function:quantity:estimate:limit:formula:)`` when the estimate
    /// exceeds a limit.
    public func check(_ arguments: OracleArguments, function: String) throws(ReportError) {
      let cost = estimate(arguments)
      for (quantity, value, limit) in [("scalars", cost.scalars, OracleCost.limits.scalars),
                                       ("steps", cost.steps, OracleCost.limits.steps)]
      where !(value <= limit) {
        throw .tooLarge(function: function, quantity: quantity, estimate: value, limit: limit, formula: formula)
      }
    }
  }
}

/// Shapes and counts read for cost estimates only: they never throw (a malformed argument is
/// reported by the evaluation itself, after the estimate let it through), and every extent is a
/// non-negative `Double`.
extension OracleArguments {
  /// The shape of tensor argument `name` as written in the request: `shape` of a
  /// `{"shape", "data"}` object, [count] of a plain array, [] of a number or anything else.
  public func extents(_ name: String) -> [Double] {
    values[name].map(Self.extents) ?? []
  }

  static func extents(_ value: JSONValue) -> [Double] {
    if let items = value.array { return [Double(items.count)] }
    guard let shape = value["shape"]?.array else { return [] }
    return shape.map { item in item.number.map { $0.isNaN ? 0 : Swift.max(0, $0) } ?? 0 }
  }

  /// Extent `axis` of tensor argument `name` (1 when the tensor has fewer axes).
  public func extent(_ name: String, _ axis: Int) -> Double {
    let shape = extents(name)
    return axis < shape.count ? shape[axis] : 1
  }

  /// The element count of tensor argument `name` as its shape states it.
  public func size(_ name: String) -> Double { extents(name).reduce(1, *) }

  /// The shapes of an array of tensors (e.g. `nn.mlp`'s weights).
  public func extentsOfEach(_ name: String) -> [[Double]] { values[name]?.array?.map(Self.extents) ?? [] }

  /// A count argument as a non-negative number (`fallback` when absent or not a number).
  public func count(_ name: String, default fallback: Double = 1) -> Double {
    guard let x = values[name]?.number, !x.isNaN else { return fallback }
    return Swift.max(0, x)
  }
}

extension OracleCost {
  /// A count as an integer below 10^15, else in scientific notation.
  static func readable(_ x: Double) -> String {
    x < 1e15 ? String(Int64(x)) : "\(x)"
  }
}
