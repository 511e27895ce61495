/// Adam with PyTorch's `torch.optim.Adam` update rule (NET-14).
///
/// Per parameter: t = t + 1; then per element, in torch's `_single_tensor_adam` order:
///   g = g + wd * p                                   if wd != 0 (L2, added to the gradient)
///   m = lerp(m, g, 1 - beta1)                        (or m beta1 + (1 - beta1) g: ``AdamFirstMoment``)
///   v = v * beta2 + (1 - beta2) * g * g              (`mul_(beta2).addcmul_(g, g, value=1-beta2)`)
///   bc1 = 1 - beta1^t, bc2 = 1 - beta2^t, stepSize = lr / bc1
///   denom = sqrt(v) / sqrt(bc2) + eps                (eps after the square root)
///   p = p + (-stepSize) * m / denom                  (`param.addcdiv_(m, denom, value=-stepSize)`)
/// With `amsgrad`, vmax = max(vmax, v) (from 0) replaces v in denom. Defaults as torch: lr 1e-3,
/// betas (0.9, 0.999), eps 1e-8, no weight decay, no AMSGrad. See NET-16 on last-bit agreement.
public struct Adam: Optimizer {
  var core: AdamCore

  public init(learningRate: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8,
              weightDecay: Double = 0, amsgrad: Bool = false, firstMoment: AdamFirstMoment = .lerp,
              groups: [ParameterGroup] = []) throws(NetworkError) {
    core = try AdamCore(learningRate: learningRate, betas: betas, eps: eps, weightDecay: weightDecay,
                        amsgrad: amsgrad, decoupled: false, firstMoment: firstMoment, groups: groups)
  }

  /// The moments and step count of each parameter, by name.
  public var state: [String: AdamMoments] { core.state }

  public mutating func step(_ parameters: inout ParameterStore, gradients: ParameterGradients) throws(NetworkError) {
    try core.step(&parameters, gradients: gradients)
  }

  public var learningRates: [Double] { core.learningRates }
  public mutating func setLearningRates(_ rates: [Double]) throws(NetworkError) { try core.setLearningRates(rates) }
}

/// AdamW with PyTorch's `torch.optim.AdamW` update rule (NET-15): Adam without L2 in the
/// gradient, and instead, before the moments, the decoupled decay p = p * (1 - lr * wd).
/// Defaults as torch: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 1e-2, no AMSGrad.
public struct AdamW: Optimizer {
  var core: AdamCore

  public init(learningRate: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8,
              weightDecay: Double = 1e-2, amsgrad: Bool = false, firstMoment: AdamFirstMoment = .lerp,
              groups: [ParameterGroup] = []) throws(NetworkError) {
    core = try AdamCore(learningRate: learningRate, betas: betas, eps: eps, weightDecay: weightDecay,
                        amsgrad: amsgrad, decoupled: true, firstMoment: firstMoment, groups: groups)
  }

  /// The moments and step count of each parameter, by name.
  public var state: [String: AdamMoments] { core.state }

  public mutating func step(_ parameters: inout ParameterStore, gradients: ParameterGradients) throws(NetworkError) {
    try core.step(&parameters, gradients: gradients)
  }

  public var learningRates: [Double] { core.learningRates }
  public mutating func setLearningRates(_ rates: [Double]) throws(NetworkError) { try core.setLearningRates(rates) }
}
