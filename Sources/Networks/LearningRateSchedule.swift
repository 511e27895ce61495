import Foundation

/// Learning-rate schedules stepped once per epoch, PyTorch's `StepLR` and `CosineAnnealingLR`
/// (NET-43). Epoch e = 0 uses each group's base rate; before epoch e >= 1 the trainer sets
/// rate_e = ``rate(epoch:base:previous:)`` for every group, as calling `scheduler.step()` after
/// each epoch does in torch.
///
/// Two forms (named variants, since they differ in the last bits):
/// - `.recursive` is what torch's `scheduler.step()` computes (`get_lr`, from the previous rate):
///   step: previous * gamma when e is a multiple of the step size, else previous;
///   cosine: previous + (base - min)(1 - cos(pi / T)) / 2 when (e - 1 - T) is a multiple of 2T,
///   else (1 + cos(pi e / T)) / (1 + cos(pi (e - 1) / T)) (previous - min) + min.
/// - `.closedForm` is torch's `_get_closed_form_lr`: step: base gamma^floor(e / size);
///   cosine: min + (base - min)(1 + cos(pi e / T)) / 2.
public enum LearningRateSchedule: Sendable, Equatable {
  public enum Form: Sendable, Equatable { case recursive, closedForm }

  /// `StepLR(step_size: size, gamma)`.
  case step(size: Int, gamma: Double, form: Form = .recursive)
  /// `CosineAnnealingLR(T_max: period, eta_min: minimum)`.
  case cosine(period: Int, minimum: Double = 0, form: Form = .recursive)

  /// Checks the schedule's own values: a step size or period >= 1, finite gamma >= 0 and minimum >= 0.
  public func validate() throws(NetworkError) {
    switch self {
    case let .step(size, gamma, _):
      guard size >= 1, gamma.isFinite, gamma >= 0 else {
        throw .invalidSchedule("step size \(size) must be >= 1 and gamma \(gamma) finite and >= 0")
      }
    case let .cosine(period, minimum, _):
      guard period >= 1, minimum.isFinite, minimum >= 0 else {
        throw .invalidSchedule("period \(period) must be >= 1 and minimum \(minimum) finite and >= 0")
      }
    }
  }

  /// The rate for epoch `epoch` (>= 1) of a group with base rate `base` whose rate in the
  /// previous epoch was `previous`; epoch 0 returns `base`.
  public func rate(epoch e: Int, base: Double, previous: Double) -> Double {
    if e == 0 { return base }
    switch self {
    case let .step(size, gamma, .recursive):
      return e % size == 0 ? previous * gamma : previous
    case let .step(size, gamma, .closedForm):
      return base * Foundation.pow(gamma, Double(e / size))
    case let .cosine(period, minimum, .recursive):
      let t = Double(period)
      if (e - 1 - period) % (2 * period) == 0 {
        return previous + (base - minimum) * (1 - Foundation.cos(Double.pi / t)) / 2
      }
      return (1 + Foundation.cos(Double.pi * Double(e) / t)) / (1 + Foundation.cos(Double.pi * Double(e - 1) / t))
        * (previous - minimum) + minimum
    case let .cosine(period, minimum, .closedForm):
      return minimum + (base - minimum) * (1 + Foundation.cos(Double.pi * Double(e) / Double(period))) / 2
    }
  }

  /// The rates of epochs 0..<epochs for one group with base rate `base`.
  public func rates(epochs: Int, base: Double) -> [Double] {
    var result: [Double] = []
    for e in 0..<Swift.max(0, epochs) { result.append(rate(epoch: e, base: base, previous: result.last ?? base)) }
    return result
  }
}
