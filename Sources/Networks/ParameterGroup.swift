/// A set of parameters sharing a learning rate and weight decay, as torch's `param_groups`
/// (NET-12). A nil field takes the optimiser's default.
public struct ParameterGroup: Sendable, Equatable {
  /// Full parameter names (store names such as "0.weight").
  public var names: [String]
  public var learningRate: Double?
  public var weightDecay: Double?

  public init(_ names: [String], learningRate: Double? = nil, weightDecay: Double? = nil) {
    self.names = names
    self.learningRate = learningRate
    self.weightDecay = weightDecay
  }
}

/// One group resolved against a store: positions and the effective hyperparameters.
struct ResolvedGroup {
  let positions: [Int]
  let learningRate: Double
  let weightDecay: Double
}

/// Group rules (NET-12): with no groups, one group holds every parameter of the store, with the
/// optimiser's defaults. With groups, each parameter may appear in at most one group and only
/// listed parameters are updated; a name the store lacks is ``NetworkError/unknownParameter(_:)``.
/// Learning rates and weight decays must be >= 0 (checked when the optimiser is made).
enum ParameterGroups {
  static func validate(_ groups: [ParameterGroup]) throws(NetworkError) {
    for g in groups {
      if let lr = g.learningRate { try Hyperparameter.nonNegative("learningRate", lr) }
      if let wd = g.weightDecay { try Hyperparameter.nonNegative("weightDecay", wd) }
    }
  }

  /// The groups resolved against `store`; `scheduled` (one rate per group, NET-43) replaces the
  /// groups' learning rates when a schedule has set them.
  static func resolve(_ groups: [ParameterGroup], in store: ParameterStore, learningRate: Double, weightDecay: Double,
                      scheduled: [Double]? = nil) throws(NetworkError) -> [ResolvedGroup] {
    let resolved = try resolveConfigured(groups, in: store, learningRate: learningRate, weightDecay: weightDecay)
    guard let scheduled else { return resolved }
    return zip(resolved, scheduled).map { ResolvedGroup(positions: $0.positions, learningRate: $1, weightDecay: $0.weightDecay) }
  }

  /// The configured learning rate of each group (one entry when there are no groups).
  static func learningRates(_ groups: [ParameterGroup], default learningRate: Double) -> [Double] {
    groups.isEmpty ? [learningRate] : groups.map { $0.learningRate ?? learningRate }
  }

  /// Checks rates a schedule proposes: one per group, each finite and >= 0.
  static func validateScheduled(_ rates: [Double], groups: [ParameterGroup]) throws(NetworkError) {
    let expected = Swift.max(1, groups.count)
    guard rates.count == expected else { throw .invalidSchedule("\(rates.count) learning rates for \(expected) groups") }
    for r in rates { try Hyperparameter.nonNegative("learningRate", r) }
  }

  static func resolveConfigured(_ groups: [ParameterGroup], in store: ParameterStore,
                                learningRate: Double, weightDecay: Double) throws(NetworkError) -> [ResolvedGroup] {
    if groups.isEmpty {
      return [ResolvedGroup(positions: Array(0..<store.count), learningRate: learningRate, weightDecay: weightDecay)]
    }
    var seen = Set<String>()
    var result: [ResolvedGroup] = []
    for g in groups {
      var positions: [Int] = []
      for name in g.names {
        guard seen.insert(name).inserted else { throw .parameterInSeveralGroups(name) }
        positions.append(try store.position(of: name))
      }
      result.append(ResolvedGroup(positions: positions, learningRate: g.learningRate ?? learningRate,
                                  weightDecay: g.weightDecay ?? weightDecay))
    }
    return result
  }
}

/// Domain checks shared by the optimisers; the accepted range is named in the error.
enum Hyperparameter {
  static func nonNegative(_ name: String, _ value: Double) throws(NetworkError) {
    guard value.isFinite, value >= 0 else { throw .invalidHyperparameter(name: name, value: value, accepted: "finite and >= 0") }
  }

  static func unitInterval(_ name: String, _ value: Double) throws(NetworkError) {
    guard value >= 0, value < 1 else { throw .invalidHyperparameter(name: name, value: value, accepted: "in [0, 1)") }
  }
}
