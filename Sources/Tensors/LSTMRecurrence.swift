import Kernels

/// The fast LSTM recurrence (FOUND-92), with the naive twin ``LSTMRecurrenceReference`` (same
/// meaning, same bits).
///
/// Forward: the input projections of every position are one matrix product,
///   GX [B T, 4H] = X [B T, D] W_ih^T  (+ b_ih on every row),
/// and W_hh^T [H, 4H] is packed once for the T recurrent products. Sequences are visited by
/// decreasing length (``LSTMShape/byLength``), so the ones still running at step s are the first
/// B_s rows of a compact state matrix, and step s is one product GH [B_s, 4H] = h [B_s, H] W_hh^T
/// then the cell update of each running row (``LSTMCell``; rows split over threads).
///
/// Backward (through time, from the last step): step s computes the pre-activation cotangents dA
/// of its running rows (``LSTMCell/backward``), stores them at their positions in dA [B T, 4H],
/// and one product dA_s W_hh [B_s, H] gives the cotangent of the previous hidden states. The
/// weight gradients then come from whole-sequence products:
///   dX = dA W_ih,  dW_ih = dA^T X,  dW_hh = dA^T H_prev,  db = column sums of dA,
/// H_prev [B T, H] holding each position's previous hidden state (0 at a sequence's first step
/// and in the padding, where dA is 0 too).
///
/// Every sum is one fused multiply-add chain in increasing index from +0.0 (FOUND-10), in the
/// same order as the twin's loops, so the two agree bit for bit (a property test checks it), and
/// the thread count changes nothing (FOUND-31).
public enum LSTMRecurrence {
  /// One direction over the batch: x [B, T, D], weightIH [4H, D], weightHH [4H, H], biases [4H]
  /// or nil (no bias).
  public static func forward(_ x: [Double], weightIH: [Double], weightHH: [Double], biasIH: [Double]?, biasHH: [Double]?,
                             _ s: LSTMShape, threads: Int = Parallelism.threads) -> LSTMStates {
    precondition(x.count == s.inputCount && weightIH.count == 4 * s.hidden * s.input && weightHH.count == 4 * s.hidden * s.hidden)
    let (h, g4, rows) = (s.hidden, 4 * s.hidden, s.batch * s.steps)
    var gx = MatrixMultiply.fast(x, weightIH, m: rows, k: s.input, n: g4, transposeB: true, threads: threads)
    if let biasIH {
      for r in 0..<rows { for j in 0..<g4 { gx[r &* g4 &+ j] += biasIH[j] } }
    }
    // W_hh^T [H, 4H] is the memory of W_hh [4H, H] with the strides swapped.
    let packed = weightHH.withUnsafeBufferPointer {
      MatrixMultiply.PackedRightOperand(
        StridedMatrix($0.baseAddress!, rowStride: 1, columnStride: h), depth: h, columns: g4, threads: threads)
    }
    let order = s.byLength
    var states = LSTMStates(s)
    var previousHidden = [Double](repeating: 0, count: s.batch * h), previousCell = previousHidden
    var recurrent = [Double](repeating: 0, count: s.batch * g4)
    let noBias: [Double] = []
    let bHH = biasHH ?? noBias
    for step in 0..<s.longest {
      let running = order.prefix { s.lengths[$0] > step }.count
      if step > 0 {
        previousHidden.withUnsafeBufferPointer { hp in
          recurrent.withUnsafeMutableBufferPointer { gh in
            MatrixMultiply.product(
              StridedMatrix(hp.baseAddress!, rowStride: h), m: running, packed, into: gh.baseAddress!, rowStride: g4,
              threads: threads)
          }
        }
      }
      withPointers(&states, &previousHidden, &previousCell) { p in
        gx.withUnsafeBufferPointer { gxp in
          recurrent.withUnsafeBufferPointer { ghp in
            bHH.withUnsafeBufferPointer { bp in
              forEachRowChunk(running, width: g4, threads: threads) { r in
                let b = order[r]
                let position = b &* s.steps &+ s.position(b, step: step)
                LSTMCell.forward(inputProjection: gxp.baseAddress! + position &* g4, recurrent: ghp.baseAddress! + r &* g4,
                                 biasHH: biasHH == nil ? nil : bp.baseAddress!, previousCell: p.previousCell + r &* h, hidden: h,
                  gates: p.gates + position &* g4, cell: p.cell + position &* h, cellTanh: p.cellTanh + position &* h,
                  output: p.hidden + position &* h)
                (p.previousHidden + r &* h).update(from: p.hidden + position &* h, count: h)
                (p.previousCell + r &* h).update(from: p.cell + position &* h, count: h)
              }
            }
          }
        }
      }
    }
    return states
  }

  /// The gradients for the cotangents dHidden and dCell [B, T, H] of the hidden and cell states
  /// (0 at padded positions is expected; what is there is ignored).
  public static func backward(hiddenCotangent dHidden: [Double], cellCotangent dCell: [Double], states: LSTMStates, _ x: [Double],
    weightIH: [Double], weightHH: [Double], _ s: LSTMShape, threads: Int = Parallelism.threads
  ) -> LSTMGradients {
    precondition(dHidden.count == s.stateCount && dCell.count == s.stateCount)
    let (h, g4, rows) = (s.hidden, 4 * s.hidden, s.batch * s.steps)
    let packed = weightHH.withUnsafeBufferPointer {
      MatrixMultiply.PackedRightOperand(StridedMatrix($0.baseAddress!, rowStride: h), depth: g4, columns: h, threads: threads)
    }
    let order = s.byLength
    var dA = [Double](repeating: 0, count: rows * g4)
    var compact = [Double](repeating: 0, count: s.batch * g4)
    var laterHidden = [Double](repeating: 0, count: s.batch * h), laterCell = laterHidden
    let zeros = [Double](repeating: 0, count: h)
    for step in stride(from: s.longest - 1, through: 0, by: -1) {
      let running = order.prefix { s.lengths[$0] > step }.count
      dA.withUnsafeMutableBufferPointer { dAp in
        compact.withUnsafeMutableBufferPointer { cp in
          laterCell.withUnsafeMutableBufferPointer { lc in
            laterHidden.withUnsafeBufferPointer { lh in
              pointers(dHidden, dCell, states.gates, states.cellTanh, states.cell, zeros) { dY, dC, gates, cellTanh, cell, zero in
                forEachRowChunk(running, width: g4, threads: threads) { r in
                  let b = order[r]
                  let position = b &* s.steps &+ s.position(b, step: step)
                  let previous = step == 0 ? zero : cell + (b &* s.steps &+ s.position(b, step: step &- 1)) &* h
                  LSTMCell.backward(outputCotangent: dY + position &* h, laterHidden: lh.baseAddress! + r &* h,
                                    cellCotangent: dC + position &* h, laterCell: lc.baseAddress! + r &* h,
                    gates: gates + position &* g4, cellTanh: cellTanh + position &* h, previousCell: previous, hidden: h,
                    preActivation: dAp.baseAddress! + position &* g4, previousCellCotangent: lc.baseAddress! + r &* h)
                  (cp.baseAddress! + r &* g4).update(from: dAp.baseAddress! + position &* g4, count: g4)
                }
              }
            }
          }
        }
      }
      if step > 0 {
        compact.withUnsafeBufferPointer { cp in
          laterHidden.withUnsafeMutableBufferPointer { lh in
            MatrixMultiply.product(
              StridedMatrix(cp.baseAddress!, rowStride: g4), m: running, packed, into: lh.baseAddress!, rowStride: h,
              threads: threads)
          }
        }
      }
    }
    let previousHidden = LSTMRecurrenceReference.previousHidden(states.hidden, s)
    return LSTMGradients(
      input: MatrixMultiply.fast(dA, weightIH, m: rows, k: g4, n: s.input, threads: threads),
      weightIH: MatrixMultiply.fast(dA, x, m: g4, k: rows, n: s.input, transposeA: true, threads: threads),
      weightHH: MatrixMultiply.fast(dA, previousHidden, m: g4, k: rows, n: h, transposeA: true, threads: threads),
      bias: LSTMRecurrenceReference.columnSums(dA, rows: rows, columns: g4))
  }

  /// Runs `body` for rows 0..<count, split into chunks over threads when the work is worth it.
  static func forEachRowChunk(_ count: Int, width: Int, threads: Int, _ body: (Int) -> Void) {
    // About 2^14 gate values per chunk at least: below that, a thread costs more than it saves.
    let chunks = Swift.max(1, Swift.min(threads, count, count &* width / 16_384))
    if chunks == 1 {
      for r in 0..<count { body(r) }
      return
    }
    Parallelism.forEachChunk(chunks, threads: threads) { chunk in
      for r in (chunk &* count / chunks)..<((chunk &+ 1) &* count / chunks) { body(r) }
    }
  }

  /// The writable pointers of one forward step.
  struct StepPointers {
    let hidden, cell, gates, cellTanh, previousHidden, previousCell: UnsafeMutablePointer<Double>
  }

  static func withPointers(_ states: inout LSTMStates, _ previousHidden: inout [Double], _ previousCell: inout [Double],
                           _ body: (StepPointers) -> Void) {
    states.hidden.withUnsafeMutableBufferPointer { hidden in
      states.cell.withUnsafeMutableBufferPointer { cell in
        states.gates.withUnsafeMutableBufferPointer { gates in
          states.cellTanh.withUnsafeMutableBufferPointer { cellTanh in
            previousHidden.withUnsafeMutableBufferPointer { ph in
              previousCell.withUnsafeMutableBufferPointer { pc in
                body(
                  StepPointers(
                    hidden: hidden.baseAddress!, cell: cell.baseAddress!, gates: gates.baseAddress!,
                    cellTanh: cellTanh.baseAddress!,
                    previousHidden: ph.baseAddress!, previousCell: pc.baseAddress!))
              }
            }
          }
        }
      }
    }
  }

  /// Read-only base pointers of six arrays (none empty).
  static func pointers(_ a: [Double], _ b: [Double], _ c: [Double], _ d: [Double], _ e: [Double], _ f: [Double],
                       _ body: (UnsafePointer<Double>, UnsafePointer<Double>, UnsafePointer<Double>, UnsafePointer<Double>,
                                UnsafePointer<Double>, UnsafePointer<Double>) -> Void) {
    a.withUnsafeBufferPointer { a in
      b.withUnsafeBufferPointer { b in
        c.withUnsafeBufferPointer { c in
          d.withUnsafeBufferPointer { d in
            e.withUnsafeBufferPointer { e in
              f.withUnsafeBufferPointer { f in
                body(a.baseAddress!, b.baseAddress!, c.baseAddress!, d.baseAddress!, e.baseAddress!, f.baseAddress!)
              }
            }
          }
        }
      }
    }
  }
}
