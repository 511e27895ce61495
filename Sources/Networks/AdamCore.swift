import Foundation

/// How Adam updates its first moment m toward the gradient g with weight w = 1 - beta1 (NET-14).
public enum AdamFirstMoment: Sendable, Equatable {
  /// PyTorch 2.x: `exp_avg.lerp_(grad, 1 - beta1)`, torch's lerp:
  /// m + w (g - m) when |w| < 0.5, else g - (g - m)(1 - w). The default.
  case lerp
  /// PyTorch 1.x: `exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1)`: m beta1 + (1 - beta1) g.
  /// Equal in exact arithmetic; the last bits differ.
  case multiplyAdd
}

/// The per-parameter state of Adam and AdamW: step count and the moments (NET-14).
public struct AdamMoments: Sendable, Equatable {
  /// Number of updates this parameter has received.
  public internal(set) var step: Int
  /// m, the running mean of the gradients.
  public internal(set) var firstMoment: [Double]
  /// v, the running mean of the squared gradients.
  public internal(set) var secondMoment: [Double]
  /// max over steps of v (AMSGrad only; zeros otherwise).
  public internal(set) var maxSecondMoment: [Double]

  init(count: Int) {
    step = 0
    firstMoment = [Double](repeating: 0, count: count)
    secondMoment = firstMoment
    maxSecondMoment = firstMoment
  }
}

/// The update shared by ``Adam`` (L2 weight decay added to the gradient) and ``AdamW``
/// (decoupled weight decay), written in torch's `_single_tensor_adam`/`_adamw` operation order.
struct AdamCore {
  let learningRate: Double
  let beta1: Double
  let beta2: Double
  let eps: Double
  let weightDecay: Double
  let amsgrad: Bool
  let decoupled: Bool
  let firstMomentForm: AdamFirstMoment
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
    (beta1, beta2) = betas
    self.eps = eps
    self.weightDecay = weightDecay
    self.amsgrad = amsgrad
    self.decoupled = decoupled
    self.firstMomentForm = firstMoment
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
        // nothing is copied (each array is uniquely referenced while the loop writes it).
        var s = state.removeValue(forKey: name) ?? AdamMoments(count: parameters.parameters[i].value.count)
        parameters.parameters[i].value.withUnsafeMutableScalars { p in
          update(p, &s, gradient: checked[i], lr: group.learningRate, wd: group.weightDecay)
        }
        state[name] = s
      }
    }
  }

  /// One step for one parameter, element by element.
  func update(_ p: UnsafeMutableBufferPointer<Double>, _ s: inout AdamMoments, gradient: [Double], lr: Double, wd: Double) {
    s.step += 1
    let bias1 = 1 - Foundation.pow(beta1, Double(s.step))
    let bias2 = 1 - Foundation.pow(beta2, Double(s.step))
    let stepSize = lr / bias1
    let bias2Root = Foundation.sqrt(bias2)
    let decay = 1 - lr * wd          // AdamW: `param.mul_(1 - lr * weight_decay)`
    let w = 1 - beta1                // the lerp weight
    for k in 0..<p.count {
      var g = gradient[k]
      if wd != 0 {
        if decoupled { p[k] = p[k] * decay } else { g = g + wd * p[k] }
      }
      let m = s.firstMoment[k]
      switch firstMomentForm {
      case .lerp: s.firstMoment[k] = Swift.abs(w) < 0.5 ? m + w * (g - m) : g - (g - m) * (1 - w)
      case .multiplyAdd: s.firstMoment[k] = m * beta1 + (1 - beta1) * g
      }
      s.secondMoment[k] = s.secondMoment[k] * beta2 + (1 - beta2) * g * g
      var v = s.secondMoment[k]
      if amsgrad {
        s.maxSecondMoment[k] = Swift.max(s.maxSecondMoment[k], v)
        v = s.maxSecondMoment[k]
      }
      let denominator = Foundation.sqrt(v) / bias2Root + eps
      p[k] = p[k] + (-stepSize) * s.firstMoment[k] / denominator
    }
  }
}
