/// PyTorch's `torch.optim.SGD` update of one parameter (NET-13), on flat arrays.
///
/// Per element, in torch's `_single_tensor_sgd` order, for parameter p with gradient g:
///   g = g + wd * p                                  if wd != 0   (`grad.add(param, alpha=wd)`)
///   if momentum != 0:
///     b = g                                         on the parameter's first step (`clone(grad)`)
///     b = b * momentum + (1 - dampening) * g        afterwards (`buf.mul_(m).add_(g, alpha=1-d)`)
///     g = g + momentum * b   if nesterov, else g = b
///   p = p + (-lr) * g                                               (`param.add_(g, alpha=-lr)`)
///
/// The one SGD step of the project (NET-120): Networks' ``SGD`` optimiser (groups, names,
/// schedules) and Abs-node Experiment 2's loop on raw arrays both call it. Hyperparameters are
/// checked by the callers (Networks' `SGD.init` throws on a negative rate or momentum).
public struct SGDRule: Sendable, Equatable {
  public let momentum: Double
  public let dampening: Double
  public let nesterov: Bool

  public init(momentum: Double = 0, dampening: Double = 0, nesterov: Bool = false) {
    self.momentum = momentum
    self.dampening = dampening
    self.nesterov = nesterov
  }

  /// One step of `parameter` (any count) with `gradient` (the same count). `buffer` is the
  /// momentum buffer: nil before the parameter's first step, and set by every step when
  /// momentum != 0 (left nil otherwise, as torch keeps no buffer then).
  public func update(_ parameter: inout [Double], gradient: [Double], buffer: inout [Double]?,
                     learningRate lr: Double, weightDecay wd: Double) {
    parameter.withUnsafeMutableBufferPointer { p in
      update(p, gradient: gradient, buffer: &buffer, learningRate: lr, weightDecay: wd)
    }
  }

  /// The same step on the parameter's elements in place (e.g. a tensor's, through
  /// `Tensor.withUnsafeMutableScalars`), so that no copy of the parameter is made.
  public func update(_ parameter: UnsafeMutableBufferPointer<Double>, gradient: [Double], buffer: inout [Double]?,
                     learningRate lr: Double, weightDecay wd: Double) {
    precondition(gradient.count == parameter.count, "SGDRule: gradient and parameter sizes differ")
    let first = buffer == nil
    var b: [Double] = []
    if momentum != 0 {
      b = buffer ?? [Double](repeating: 0, count: parameter.count)
      buffer = nil  // `b` is now the only reference, changed in place
    }
    let (momentum, dampening, nesterov) = (momentum, dampening, nesterov)
    let p = parameter
    b.withUnsafeMutableBufferPointer { b in
      gradient.withUnsafeBufferPointer { gradient in
        for k in 0..<p.count {
          var g = gradient[k]
          if wd != 0 { g = g + wd * p[k] }
          if momentum != 0 {
            b[k] = first ? g : b[k] * momentum + (1 - dampening) * g
            g = nesterov ? g + momentum * b[k] : b[k]
          }
          p[k] = p[k] + (-lr) * g
        }
      }
    }
    if momentum != 0 { buffer = b }
  }
}
