import Foundation
import Randomness
import Tensors

/// A function under test: records a computation on `tape` from `inputs` and returns its output
/// (any shape). It must be deterministic: the checker calls it many times.
public typealias CheckedFunction = (_ tape: Tape, _ inputs: [Variable]) throws -> Variable

/// The gradient checker (FOUND-60): compares the tape's vector-Jacobian products with central
/// differences in double precision.
///
/// Numeric derivative along a direction u: (f(x + h u) - f(x - h u)) / (2h), h = `step`
/// (per element in the full-Jacobian mode: h_i = step * max(1, |x_i|)). For smooth f its error is
/// about h^2 |f'''| / 6 (truncation) + eps |f| / h (rounding): with the default h = 1e-5 and values
/// of order one, about 1e-10, far below the default relative tolerance 1e-6 but far above what a
/// wrong factor (2 instead of 1, a missing transpose) produces.
///
/// Comparison (FOUND-61): the error of an entry is |a - n| / max(|a|, |n|, atol / rtol) and it
/// passes when that is <= rtol (defaults atol 1e-9, rtol 1e-6: relative above 1e-3, absolute below).
///
/// Kink guard (FOUND-62): each numeric value is also computed with h / 2. For smooth f the two
/// agree to O(h^2); when they differ by more than `kinkTolerance` (relative), the function is not
/// smooth within the step (a relu at 0, a max with a near tie, |x| at 0) and the entry is reported
/// as `nonSmooth` rather than counted as a pass or a failure.
///
/// Tape release (FOUND-64): after every backward pass the checker asks whether the pass's tape
/// was freed once nothing outside it referred to it. A VJP closure that captures a ``Variable``
/// (which holds its tape) makes a reference cycle: the tape, every forward value and every closure
/// stay alive for the rest of the process. Such a pass counts in `tapesRetained`, and the report
/// does not pass.
public struct GradientChecker: Sendable {
  public var step: Double
  public var relativeTolerance: Double
  public var absoluteTolerance: Double
  public var kinkTolerance: Double

  public init(step: Double = 1e-5, relativeTolerance: Double = 1e-6, absoluteTolerance: Double = 1e-9,
              kinkTolerance: Double = 1e-4) {
    self.step = step
    self.relativeTolerance = relativeTolerance
    self.absoluteTolerance = absoluteTolerance
    self.kinkTolerance = kinkTolerance
  }

  /// One compared quantity: an entry of the Jacobian, or one random-direction dot product.
  public struct Entry: Sendable, CustomStringConvertible {
    /// Which input (position in `inputs`), which of its flat elements, which flat output element;
    /// for a direction check, `element` is the trial number and `output` is -1.
    public let input: Int, element: Int, output: Int
    public let analytic: Double, numeric: Double
    /// |a - n| / max(|a|, |n|, atol / rtol) (FOUND-61).
    public let error: Double
    public var description: String {
      let place = output < 0 ? "direction trial \(element)" : "d out[\(output)] / d in\(input)[\(element)]"
      return "\(place): analytic \(analytic), numeric \(numeric), error \(error)"
    }
  }

  /// The outcome of a check.
  public struct Report: Sendable, CustomStringConvertible {
    public var compared = 0
    /// Entries outside the tolerances (smooth ones only).
    public var failures: [Entry] = []
    /// Entries where steps h and h/2 disagreed: the function has a kink within the step there.
    public var nonSmooth: [Entry] = []
    /// The entry with the largest error among smooth entries.
    public var worst: Entry?
    /// Backward passes whose tape was still alive after the pass (FOUND-64): a reference cycle.
    public var tapesRetained = 0
    /// True when every entry was smooth and within tolerance and every tape was freed.
    public var passed: Bool { failures.isEmpty && nonSmooth.isEmpty && compared > 0 && tapesRetained == 0 }
    public var maxError: Double { worst?.error ?? 0 }

    mutating func add(_ entry: Entry, smooth: Bool, within: Bool) {
      compared += 1
      if !smooth { nonSmooth.append(entry); return }
      if !within { failures.append(entry) }
      if entry.error >= (worst?.error ?? -1) { worst = entry }
    }

    public var description: String {
      var lines = ["\(compared) compared, \(failures.count) failed, \(nonSmooth.count) not smooth within the step"]
      if let worst { lines.append("worst: \(worst)") }
      if tapesRetained > 0 {
        lines.append("FAILED: \(tapesRetained) tapes still alive after their backward pass (a VJP captures a Variable)")
      }
      for f in failures.prefix(5) { lines.append("FAILED \(f)") }
      for k in nonSmooth.prefix(5) { lines.append("NOT SMOOTH \(k)") }
      return lines.joined(separator: "\n")
    }
  }

  /// The mixed error |a - n| / max(|a|, |n|, absoluteTolerance / relativeTolerance): relative for
  /// entries of ordinary size, absolute (scaled) for entries near zero, so that the worst entry
  /// reported is one that matters. An entry passes when this error is <= relativeTolerance, i.e.
  /// when |a - n| <= absoluteTolerance or |a - n| / max(|a|, |n|) <= relativeTolerance.
  func compare(_ a: Double, _ n: Double) -> (error: Double, within: Bool) {
    let difference = Swift.abs(a - n)
    let scale = Swift.max(Swift.abs(a), Swift.abs(n), absoluteTolerance / relativeTolerance)
    let error = difference / scale
    return (error, error <= relativeTolerance)
  }

  func smooth(_ numericH: Double, _ numericHalf: Double) -> Bool {
    let scale = Swift.max(Swift.abs(numericH), Swift.abs(numericHalf), absoluteTolerance / relativeTolerance * 1e-3)
    return Swift.abs(numericH - numericHalf) <= kinkTolerance * scale
  }

  /// Evaluates f at `inputs` on a fresh tape and returns its output value.
  static func evaluate(_ f: CheckedFunction, _ inputs: [Tensor]) throws -> Tensor {
    let tape = Tape()
    return try f(tape, inputs.map { tape.variable($0) }).value
  }

  /// The tape's J^T v for output cotangent `seed`, one tensor per input, and whether the tape was
  /// freed after the pass (FOUND-64).
  static func pullback(_ f: CheckedFunction, _ inputs: [Tensor], seed: Tensor) throws -> (gradients: [Tensor], tapeFreed: Bool) {
    weak var released: Tape?
    let gradients = try { () throws -> [Tensor] in
      let tape = Tape()
      released = tape
      let variables = inputs.map { tape.variable($0) }
      let output = try f(tape, variables)
      return try tape.gradients(of: output, withRespectTo: variables, seed: seed)
    }()
    return (gradients, released == nil)
  }

  /// Full-Jacobian mode: every entry d out[o] / d in_i[e], analytic row by row (one backward pass
  /// per output element, seeded with a unit vector), numeric column by column (two or four
  /// evaluations per input element). Use on small sizes.
  public func checkJacobian(_ inputs: [Tensor], _ f: CheckedFunction) throws -> Report {
    let output = try Self.evaluate(f, inputs)
    var analytic: [[Tensor]] = []  // [output element][input] -> gradient tensor
    var report = Report()
    for o in 0..<output.count {
      var seed = Tensor.zeros(output.shape)
      seed[flat: o] = 1
      let pulled = try Self.pullback(f, inputs, seed: seed)
      analytic.append(pulled.gradients)
      if !pulled.tapeFreed { report.tapesRetained += 1 }
    }
    for (i, input) in inputs.enumerated() {
      for e in 0..<input.count {
        let h = step * Swift.max(1, Swift.abs(input.scalars[e]))
        let column = try centralDifference(f, inputs, input: i, element: e, h: h)
        let columnHalf = try centralDifference(f, inputs, input: i, element: e, h: h / 2)
        for o in 0..<output.count {
          let a = analytic[o][i].scalars[e], n = column[o]
          let (error, within) = compare(a, n)
          report.add(Entry(input: i, element: e, output: o, analytic: a, numeric: n, error: error),
                     smooth: smooth(n, columnHalf[o]), within: within)
        }
      }
    }
    return report
  }

  /// (f(x + h e) - f(x - h e)) / 2h for the unit vector e at (input, element): one Jacobian column.
  func centralDifference(_ f: CheckedFunction, _ inputs: [Tensor], input: Int, element: Int, h: Double) throws -> [Double] {
    var plus = inputs, minus = inputs
    plus[input][flat: element] += h
    minus[input][flat: element] -= h
    let (fp, fm) = (try Self.evaluate(f, plus), try Self.evaluate(f, minus))
    return (0..<fp.count).map { (fp.scalars[$0] - fm.scalars[$0]) / (2 * h) }
  }

  /// Random-direction mode (the dot-product test): for `trials` random pairs (u over the inputs,
  /// v over the output), compares u . (J^T v) from one backward pass with (J u) . v from one
  /// central difference along u. Cost per trial: one backward and four forward evaluations,
  /// whatever the sizes. u and v are standard normal from `seed`.
  public func checkDirections(_ inputs: [Tensor], trials: Int = 6, seed: UInt64, _ f: CheckedFunction) throws -> Report {
    var generator = Xoshiro256StarStar(seed: seed)
    let output = try Self.evaluate(f, inputs)
    var report = Report()
    for trial in 0..<trials {
      let u = try inputs.map { try Tensor.gaussian(like: $0, using: &generator) }
      let v = try Tensor.gaussian(like: output, using: &generator)
      let pulled = try Self.pullback(f, inputs, seed: v)
      if !pulled.tapeFreed { report.tapesRetained += 1 }
      var a = 0.0
      for (ui, gi) in zip(u, pulled.gradients) { a += zip(ui.scalars, gi.scalars).reduce(0) { $0 + $1.0 * $1.1 } }
      let n = try directional(f, inputs, u, h: step), nHalf = try directional(f, inputs, u, h: step / 2)
      let dot = { (ju: [Double]) in zip(ju, v.scalars).reduce(0) { $0 + $1.0 * $1.1 } }
      let (numeric, numericHalf) = (dot(n), dot(nHalf))
      let (error, within) = compare(a, numeric)
      report.add(Entry(input: -1, element: trial, output: -1, analytic: a, numeric: numeric, error: error),
                 smooth: smooth(numeric, numericHalf), within: within)
    }
    return report
  }

  /// (f(x + h u) - f(x - h u)) / 2h: the Jacobian applied to u, flattened.
  func directional(_ f: CheckedFunction, _ inputs: [Tensor], _ u: [Tensor], h: Double) throws -> [Double] {
    var plus = inputs, minus = inputs
    for i in inputs.indices {
      for e in 0..<inputs[i].count {
        plus[i][flat: e] += h * u[i].scalars[e]
        minus[i][flat: e] -= h * u[i].scalars[e]
      }
    }
    let (fp, fm) = (try Self.evaluate(f, plus), try Self.evaluate(f, minus))
    return (0..<fp.count).map { (fp.scalars[$0] - fm.scalars[$0]) / (2 * h) }
  }

  /// FOUND-63: a zero output cotangent must give exactly zero gradients (no stray constants in a
  /// VJP). Returns the inputs (by position) whose gradient had a non-zero entry.
  public func inputsWithNonZeroGradientForZeroCotangent(_ inputs: [Tensor], _ f: CheckedFunction) throws -> [Int] {
    let output = try Self.evaluate(f, inputs)
    let grads = try Self.pullback(f, inputs, seed: Tensor.zeros(output.shape)).gradients
    return grads.indices.filter { i in grads[i].scalars.contains { $0 != 0 } }
  }

  /// FOUND-63: the backward pass run twice over the same tape gives bit-identical gradients (the
  /// VJPs do not mutate what they captured).
  public func backwardIsRepeatable(_ inputs: [Tensor], _ f: CheckedFunction) throws -> Bool {
    let tape = Tape()
    let variables = inputs.map { tape.variable($0) }
    let output = try f(tape, variables)
    let seed = Tensor(repeating: 1, shape: output.shape)
    let first = try tape.gradients(of: output, withRespectTo: variables, seed: seed)
    let second = try tape.gradients(of: output, withRespectTo: variables, seed: seed)
    return first == second
  }
}

extension Tensor {
  /// A tensor of `like`'s shape filled with standard normal draws (RAND-14), for the checker's
  /// random directions.
  static func gaussian<G: RandomSource>(like: Tensor, using generator: inout G) throws -> Tensor {
    var t = Tensor.zeros(like.shape)
    for i in 0..<t.count { t[flat: i] = try generator.normal() }
    return t
  }
}
