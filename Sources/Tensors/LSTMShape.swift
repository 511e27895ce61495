import Foundation

/// The sizes of one direction of one LSTM layer over a batch of sequences (FOUND-91), batch-first:
/// x [B, T, D] -> hidden and cell states [B, T, H], gates [B, T, 4H] (i, f, g, o).
///
/// Sequence b has `lengths[b]` valid steps (1 ... T), its first positions; the rest is padding,
/// which the recurrence never reads and where every state is 0 (as `pad_packed_sequence` fills).
/// Step s of sequence b sits at position s (forward) or `lengths[b] - 1 - s` (reverse), so the
/// reverse direction starts at each sequence's own last token, as packed sequences make it.
public struct LSTMShape: Sendable, Equatable {
  public let batch: Int
  public let steps: Int
  public let input: Int
  public let hidden: Int
  public let lengths: [Int]
  public let reverse: Bool

  /// Errors: an extent below 1 (batch, steps, input and hidden sizes), a length count other than
  /// the batch, a length outside 1 ... T (torch refuses empty sequences).
  public init(batch: Int, steps: Int, input: Int, hidden: Int, lengths: [Int]? = nil, reverse: Bool = false) throws(TensorError) {
    guard batch >= 1, steps >= 1, input >= 1, hidden >= 1 else {
      throw .invalidShape([batch, steps, input, hidden], reason: "LSTM batch, steps, input and hidden sizes must be >= 1")
    }
    let lengths = lengths ?? [Int](repeating: steps, count: batch)
    guard lengths.count == batch else {
      throw .invalidArgument(operation: "lstm", reason: "\(lengths.count) lengths for a batch of \(batch)")
    }
    if let bad = lengths.firstIndex(where: { $0 < 1 || $0 > steps }) {
      throw .invalidArgument(operation: "lstm", reason: "length \(lengths[bad]) of sequence \(bad) is outside 1...\(steps)")
    }
    _ = try Tensor.elementCount(of: [batch, steps, 4, hidden])
    _ = try Tensor.elementCount(of: [batch, steps, input])
    (self.batch, self.steps, self.input, self.hidden, self.lengths, self.reverse) = (
      batch, steps, input, hidden, lengths, reverse
    )
  }

  /// The position of step `s` of sequence `b` (s < lengths[b]).
  @inline(__always)
  public func position(_ b: Int, step s: Int) -> Int { reverse ? lengths[b] &- 1 &- s : s }

  /// The longest length: the number of steps of the recurrence.
  public var longest: Int { lengths.max() ?? 0 }

  /// The sequences by decreasing length, ties in batch order (what packing sorts by): at step s
  /// the running sequences are a prefix of this order.
  public var byLength: [Int] { lengths.indices.sorted { (lengths[$0], -$0) > (lengths[$1], -$1) } }

  /// Rows of x, elements of the states, elements of the gates.
  public var inputCount: Int { batch * steps * input }
  public var stateCount: Int { batch * steps * hidden }
  public var gateCount: Int { batch * steps * 4 * hidden }

  /// The logistic function, stable for large |x| (FOUND-25's formula, repeated here below Autodiff).
  @inline(__always)
  static func sigmoid(_ x: Double) -> Double {
    if x >= 0 { return 1 / (1 + Foundation.exp(-x)) }
    let e = Foundation.exp(x)
    return e / (1 + e)
  }
}

/// What one LSTM direction computes and keeps for its backward pass (FOUND-91), each [B, T, ...]
/// row-major and 0 at padded positions: hidden states h, cell states c, the activated gates
/// (i, f, g, o, H values each per position) and tanh(c).
public struct LSTMStates: Sendable {
  public var hidden: [Double]
  public var cell: [Double]
  public var gates: [Double]
  public var cellTanh: [Double]

  init(_ s: LSTMShape) {
    hidden = [Double](repeating: 0, count: s.stateCount)
    cell = hidden
    cellTanh = hidden
    gates = [Double](repeating: 0, count: s.gateCount)
  }
}

/// The gradients of one LSTM direction (FOUND-91): input [B, T, D], weightIH [4H, D],
/// weightHH [4H, H], bias [4H] (the gradient of b_ih and of b_hh alike).
public struct LSTMGradients: Sendable {
  public var input: [Double]
  public var weightIH: [Double]
  public var weightHH: [Double]
  public var bias: [Double]
}

/// One LSTM cell step at one position, shared by the fast kernel and its twin so that both compute
/// the same bits (FOUND-91, FOUND-92). Pre-activations a = (x W_ih^T + b_ih) + (h W_hh^T + b_hh),
/// gates i = s(a_i), f = s(a_f), g = tanh(a_g), o = s(a_o), c' = f c + i g, h' = o tanh(c').
/// Every pointer addresses the H (or 4H) values of this position; a first step passes zeros as
/// the previous states.
enum LSTMCell {
  /// Writes the gates, c', tanh(c') and h' of one position from its input projection (b_ih
  /// already added), its recurrent product h W_hh^T (without b_hh) and the previous cell state.
  @inline(__always)
  static func forward(
    inputProjection gx: UnsafePointer<Double>, recurrent gh: UnsafePointer<Double>, biasHH: UnsafePointer<Double>?,
    previousCell: UnsafePointer<Double>, hidden: Int,
    gates: UnsafeMutablePointer<Double>, cell: UnsafeMutablePointer<Double>, cellTanh: UnsafeMutablePointer<Double>,
    output: UnsafeMutablePointer<Double>
  ) {
    for j in 0..<hidden {
      @inline(__always) func pre(_ gate: Int) -> Double {
        let k = gate &* hidden &+ j
        return gx[k] + (gh[k] + (biasHH?[k] ?? 0))
      }
      let i = LSTMShape.sigmoid(pre(0)), f = LSTMShape.sigmoid(pre(1)), g = Foundation.tanh(pre(2)), o = LSTMShape.sigmoid(pre(3))
      let c = f * previousCell[j] + i * g
      let tc = Foundation.tanh(c)
      gates[j] = i
      gates[hidden &+ j] = f
      gates[2 &* hidden &+ j] = g
      gates[3 &* hidden &+ j] = o
      cell[j] = c
      cellTanh[j] = tc
      output[j] = o * tc
    }
  }

  /// The backward step of one position. With dh = dY + dh_next (the output's cotangent and the
  /// recurrence's) and dc = dC + dc_next (likewise for the cell state), writes the pre-activation
  /// cotangents da (i, f, g, o) and the previous cell state's cotangent:
  ///   dc_total = dc + dh o (1 - tanh(c')^2),  da_i = dc_total g i (1 - i),
  ///   da_f = dc_total c f (1 - f),  da_g = dc_total i (1 - g^2),  da_o = dh tanh(c') o (1 - o),
  ///   dc_prev = dc_total f.
  /// `laterCell` and `previousCellCotangent` may be the same memory (read before written).
  @inline(__always)
  static func backward(outputCotangent dY: UnsafePointer<Double>, laterHidden dhNext: UnsafePointer<Double>,
                       cellCotangent dC: UnsafePointer<Double>, laterCell dcNext: UnsafePointer<Double>,
    gates: UnsafePointer<Double>, cellTanh: UnsafePointer<Double>, previousCell: UnsafePointer<Double>, hidden: Int,
    preActivation da: UnsafeMutablePointer<Double>, previousCellCotangent dcPrevious: UnsafeMutablePointer<Double>
  ) {
    for j in 0..<hidden {
      let (i, f, g, o) = (gates[j], gates[hidden &+ j], gates[2 &* hidden &+ j], gates[3 &* hidden &+ j])
      let tc = cellTanh[j]
      let dh = dY[j] + dhNext[j]
      let dc = (dC[j] + dcNext[j]) + dh * o * (1 - tc * tc)
      da[j] = dc * g * (i * (1 - i))
      da[hidden &+ j] = dc * previousCell[j] * (f * (1 - f))
      da[2 &* hidden &+ j] = dc * i * (1 - g * g)
      da[3 &* hidden &+ j] = dh * tc * (o * (1 - o))
      dcPrevious[j] = dc * f
    }
  }
}
