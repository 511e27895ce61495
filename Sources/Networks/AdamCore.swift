import UpdateRules

/// What ``Adam`` (L2 weight decay added to the gradient) and ``AdamW`` (decoupled weight decay)
/// share: groups, per-name state and schedules around the one Adam step, UpdateRules'
/// ``AdamRule`` (NET-14, NET-15, NET-120).
struct AdamCore {
  let learningRate: Double
  let weightDecay: Double
  let rule: AdamRule
  let groups: [ParameterGroup]
  var state: [String: AdamMoments] = [:]
  /// Rates set by a schedule (NET-43), one per group; nil: the configured ones.
  var scheduledRates: [Double]?

  var learningRates: [Double] { scheduledRates ?? ParameterGroups.learningRates(groups, default: learningRate) }

  mutating func setLearningRates(_ rates: [Double]) throws(NetworkError) {
    try ParameterGroups.validateScheduled(rates, groups: groups)
    scheduledRates = rates
  }

  init(learningRate: Double, betas: (Double, Double), eps: Double, weightDecay: Double, amsgrad: Bool,
       decoupled: Bool, firstMoment: AdamFirstMoment, groups: [ParameterGroup]) throws(NetworkError) {
    try Hyperparameter.nonNegative("learningRate", learningRate)
    try Hyperparameter.unitInterval("beta1", betas.0)
    try Hyperparameter.unitInterval("beta2", betas.1)
    try Hyperparameter.nonNegative("eps", eps)
    try Hyperparameter.nonNegative("weightDecay", weightDecay)
    try ParameterGroups.validate(groups)
    self.learningRate = learningRate
    self.weightDecay = weightDecay
    rule = AdamRule(betas: betas, eps: eps, amsgrad: amsgrad, decoupled: decoupled, firstMoment: firstMoment)
    self.groups = groups
  }

  mutating func step(_ parameters: inout ParameterStore, gradients: ParameterGradients) throws(NetworkError) {
    let resolved = try ParameterGroups.resolve(groups, in: parameters, learningRate: learningRate, weightDecay: weightDecay,
                                               scheduled: scheduledRates)
    let checked = try CheckedGradients(resolved, parameters, gradients, state: state) { $0.firstMoment.count }
    for group in resolved {
      for i in group.positions {
        let name = parameters.parameters[i].name
        // The moments are taken out of the dictionary and the parameter updated in place, so that
        // nothing is copied (each array is uniquely referenced while the rule writes it).
        var s = state.removeValue(forKey: name) ?? AdamMoments(count: parameters.parameters[i].value.count)
        parameters.parameters[i].value.withUnsafeMutableScalars { p in
          rule.update(p, &s, gradient: checked[i], learningRate: group.learningRate, weightDecay: group.weightDecay)
        }
        state[name] = s
      }
    }
  }
}
