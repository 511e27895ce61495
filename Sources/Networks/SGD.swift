/// Stochastic gradient descent with PyTorch's `torch.optim.SGD` update rule (NET-13).
///
/// Per element, for parameter p with gradient g, in this order (torch's `_single_tensor_sgd`):
///   g = g + wd * p                                  if wd != 0   (`grad.add(param, alpha=wd)`)
///   if momentum != 0:
///     b = g                                         on the parameter's first step (`clone(grad)`)
///     b = b * momentum + (1 - dampening) * g        afterwards (`buf.mul_(m).add_(g, alpha=1-d)`)
///     g = g + momentum * b   if nesterov, else g = b
///   p = p + (-lr) * g                                               (`param.add_(g, alpha=-lr)`)
/// Defaults as torch: momentum 0, dampening 0, weight decay 0, no Nesterov. Nesterov needs
/// momentum > 0 and dampening 0 (torch raises otherwise). See NET-16 on last-bit agreement.
public struct SGD: Optimizer {
  public let learningRate: Double
  public let momentum: Double
  public let dampening: Double
  public let weightDecay: Double
  public let nesterov: Bool
  public let groups: [ParameterGroup]
  /// Momentum buffers by parameter name (absent before a parameter's first step).
  public private(set) var momentumBuffers: [String: [Double]] = [:]
  /// Rates set by a schedule (NET-43), one per group; nil: the configured ones.
  var scheduledRates: [Double]?

  public var learningRates: [Double] { scheduledRates ?? ParameterGroups.learningRates(groups, default: learningRate) }

  public mutating func setLearningRates(_ rates: [Double]) throws(NetworkError) {
    try ParameterGroups.validateScheduled(rates, groups: groups)
    scheduledRates = rates
  }

  public init(learningRate: Double, momentum: Double = 0, dampening: Double = 0, weightDecay: Double = 0,
              nesterov: Bool = false, groups: [ParameterGroup] = []) throws(NetworkError) {
    try Hyperparameter.nonNegative("learningRate", learningRate)
    try Hyperparameter.nonNegative("momentum", momentum)
    try Hyperparameter.nonNegative("weightDecay", weightDecay)
    guard dampening.isFinite else { throw .invalidHyperparameter(name: "dampening", value: dampening, accepted: "finite") }
    if nesterov {
      guard momentum > 0 else { throw .invalidHyperparameter(name: "momentum", value: momentum, accepted: "> 0 with Nesterov") }
      guard dampening == 0 else { throw .invalidHyperparameter(name: "dampening", value: dampening, accepted: "0 with Nesterov") }
    }
    try ParameterGroups.validate(groups)
    self.learningRate = learningRate
    self.momentum = momentum
    self.dampening = dampening
    self.weightDecay = weightDecay
    self.nesterov = nesterov
    self.groups = groups
  }

  public mutating func step(_ parameters: inout ParameterStore, gradients: ParameterGradients) throws(NetworkError) {
    let resolved = try ParameterGroups.resolve(groups, in: parameters, learningRate: learningRate, weightDecay: weightDecay,
                                               scheduled: scheduledRates)
    let checked = try CheckedGradients(resolved, parameters, gradients, state: momentumBuffers)
    for group in resolved {
      let (lr, wd) = (group.learningRate, group.weightDecay)
      for i in group.positions {
        let name = parameters.parameters[i].name
        let grad = checked[i]
        // The buffer is taken out of the dictionary and the parameter updated in place, so that
        // neither is copied (both are uniquely referenced while the loop writes them).
        let first = momentumBuffers[name] == nil
        var buffer = momentumBuffers.removeValue(forKey: name) ?? (momentum != 0 ? [Double](repeating: 0, count: grad.count) : [])
        parameters.parameters[i].value.withUnsafeMutableScalars { p in
          grad.withUnsafeBufferPointer { g0 in
            buffer.withUnsafeMutableBufferPointer { b in
              for k in 0..<p.count {
                var g = g0[k]
                if wd != 0 { g = g + wd * p[k] }
                if momentum != 0 {
                  b[k] = first ? g : b[k] * momentum + (1 - dampening) * g
                  g = nesterov ? g + momentum * b[k] : b[k]
                }
                p[k] = p[k] + (-lr) * g
              }
            }
          }
        }
        if momentum != 0 { momentumBuffers[name] = buffer }
      }
    }
  }
}
