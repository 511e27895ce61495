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

  static func resolve(_ groups: [ParameterGroup], in store: ParameterStore,
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
