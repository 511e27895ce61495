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

  /// The state before the first step of a parameter of `count` elements: t = 0, zero moments.
  public init(count: Int) {
    step = 0
    firstMoment = [Double](repeating: 0, count: count)
    secondMoment = firstMoment
    maxSecondMoment = firstMoment
  }
}

/// PyTorch's `torch.optim.Adam` / `AdamW` update of one parameter (NET-14, NET-15), on flat
/// arrays, in torch's `_single_tensor_adam` operation order. Per parameter t = t + 1, then per
/// element:
///   p = p * (1 - lr * wd)                            AdamW (decoupled) only, if wd != 0
///   g = g + wd * p                                   Adam (L2 in the gradient) only, if wd != 0
///   m = lerp(m, g, 1 - beta1)                        (or m beta1 + (1 - beta1) g: ``AdamFirstMoment``)
///   v = v * beta2 + (1 - beta2) * g * g              (`mul_(beta2).addcmul_(g, g, value=1-beta2)`)
///   bc1 = 1 - beta1^t, bc2 = 1 - beta2^t, stepSize = lr / bc1
///   denom = sqrt(v) / sqrt(bc2) + eps                (eps after the square root)
///   p = p + (-stepSize) * m / denom                  (`param.addcdiv_(m, denom, value=-stepSize)`)
/// With `amsgrad`, vmax = max(vmax, v) (from 0) replaces v in denom.
///
/// The one Adam step of the project (NET-120): Networks' ``Adam`` and ``AdamW`` (groups, names,
/// schedules) and Neighbors' NCA and LMNN (NBR-17) call it. Hyperparameters are checked by the
/// callers (Networks' initialisers throw on betas outside [0, 1) or a negative rate).
public struct AdamRule: Sendable, Equatable {
  public let beta1: Double
  public let beta2: Double
  public let eps: Double
  public let amsgrad: Bool
  /// AdamW's decoupled weight decay (true) or Adam's L2 term in the gradient (false).
  public let decoupled: Bool
  public let firstMoment: AdamFirstMoment

  /// Defaults as torch: betas (0.9, 0.999), eps 1e-8, no AMSGrad, Adam's L2 form, torch 2.x's lerp.
  public init(betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8, amsgrad: Bool = false,
              decoupled: Bool = false, firstMoment: AdamFirstMoment = .lerp) {
    (beta1, beta2) = betas
    self.eps = eps
    self.amsgrad = amsgrad
    self.decoupled = decoupled
    self.firstMoment = firstMoment
  }

  /// One step of `parameter` with `gradient` (the same count) and its state `moments`.
  public func update(_ parameter: inout [Double], _ moments: inout AdamMoments, gradient: [Double],
                     learningRate lr: Double, weightDecay wd: Double) {
    parameter.withUnsafeMutableBufferPointer { p in
      update(p, &moments, gradient: gradient, learningRate: lr, weightDecay: wd)
    }
  }

  /// The same step on the parameter's elements in place (e.g. a tensor's, through
  /// `Tensor.withUnsafeMutableScalars`), so that no copy of the parameter is made.
  public func update(_ parameter: UnsafeMutableBufferPointer<Double>, _ moments: inout AdamMoments, gradient: [Double],
                     learningRate lr: Double, weightDecay wd: Double) {
    precondition(gradient.count == parameter.count && moments.firstMoment.count == parameter.count
                 && moments.secondMoment.count == parameter.count
                 && (!amsgrad || moments.maxSecondMoment.count == parameter.count),
                 "AdamRule: gradient, state and parameter sizes differ")
    moments.step += 1
    let bias1 = 1 - Foundation.pow(beta1, Double(moments.step))
    let bias2 = 1 - Foundation.pow(beta2, Double(moments.step))
    let stepSize = lr / bias1
    let bias2Root = Foundation.sqrt(bias2)
    let decay = 1 - lr * wd          // AdamW: `param.mul_(1 - lr * weight_decay)`
    let w = 1 - beta1                // the lerp weight
    let lerpFromM = Swift.abs(w) < 0.5  // torch's lerp: which endpoint it starts from
    // The moments are taken out of `moments` for the loop (so each is uniquely held and read
    // through a pointer, not checked for sharing and bounds per element) and put back after.
    var m1 = moments.firstMoment, v1 = moments.secondMoment, vmax = moments.maxSecondMoment
    (moments.firstMoment, moments.secondMoment, moments.maxSecondMoment) = ([], [], [])
    defer { (moments.firstMoment, moments.secondMoment, moments.maxSecondMoment) = (m1, v1, vmax) }
    // Foundation.sqrt and squareRoot() are both IEEE's correctly rounded square root (same bits);
    // squareRoot() is the instruction itself, with no errno path to keep the loop scalar.
    gradient.withUnsafeBufferPointer { gradient in
      m1.withUnsafeMutableBufferPointer { means in
        v1.withUnsafeMutableBufferPointer { squares in
          vmax.withUnsafeMutableBufferPointer { maxima in
            for k in 0..<parameter.count {
              var g = gradient[k]
              if wd != 0 {
                if decoupled { parameter[k] = parameter[k] * decay } else { g = g + wd * parameter[k] }
              }
              let m = means[k]
              switch firstMoment {
              case .lerp: means[k] = lerpFromM ? m + w * (g - m) : g - (g - m) * (1 - w)
              case .multiplyAdd: means[k] = m * beta1 + (1 - beta1) * g
              }
              squares[k] = squares[k] * beta2 + (1 - beta2) * g * g
              var v = squares[k]
              if amsgrad {
                maxima[k] = Swift.max(maxima[k], v)
                v = maxima[k]
              }
              let denominator = v.squareRoot() / bias2Root + eps
              parameter[k] = parameter[k] + (-stepSize) * means[k] / denominator
            }
          }
        }
      }
    }
  }
}
