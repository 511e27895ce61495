/// The naive twin of ``LSTMRecurrence`` (FOUND-92): one sequence at a time, one position at a
/// time, every sum an explicit loop (`sum.addingProduct`, increasing index, from +0.0), so it is
/// the definition written out. It computes the same bits as the fast kernel.
public enum LSTMRecurrenceReference {
  public static func forward(_ x: [Double], weightIH: [Double], weightHH: [Double], biasIH: [Double]?, biasHH: [Double]?,
                             _ s: LSTMShape) -> LSTMStates {
    precondition(x.count == s.inputCount && weightIH.count == 4 * s.hidden * s.input && weightHH.count == 4 * s.hidden * s.hidden)
    let (d, h, g4) = (s.input, s.hidden, 4 * s.hidden)
    var states = LSTMStates(s)
    var gx = [Double](repeating: 0, count: g4), gh = gx
    for b in 0..<s.batch {
      var hPrevious = [Double](repeating: 0, count: h), cPrevious = hPrevious
      for step in 0..<s.lengths[b] {
        let position = b * s.steps + s.position(b, step: step)
        for j in 0..<g4 {
          var sum = 0.0
          for k in 0..<d { sum = sum.addingProduct(x[position * d + k], weightIH[j * d + k]) }
          gx[j] = biasIH.map { sum + $0[j] } ?? sum
          sum = 0
          for k in 0..<h { sum = sum.addingProduct(hPrevious[k], weightHH[j * h + k]) }
          gh[j] = sum
        }
        var gates = [Double](repeating: 0, count: g4), cell = hPrevious, cellTanh = hPrevious, output = hPrevious
        (biasHH ?? []).withUnsafeBufferPointer { bias in
          LSTMCell.forward(
            inputProjection: gx, recurrent: gh, biasHH: biasHH == nil ? nil : bias.baseAddress, previousCell: cPrevious,
            hidden: h, gates: &gates, cell: &cell, cellTanh: &cellTanh, output: &output)
        }
        states.gates.replaceSubrange((position * g4)..<((position + 1) * g4), with: gates)
        states.cell.replaceSubrange((position * h)..<((position + 1) * h), with: cell)
        states.cellTanh.replaceSubrange((position * h)..<((position + 1) * h), with: cellTanh)
        states.hidden.replaceSubrange((position * h)..<((position + 1) * h), with: output)
        (hPrevious, cPrevious) = (output, cell)
      }
    }
    return states
  }

  public static func backward(hiddenCotangent dHidden: [Double], cellCotangent dCell: [Double], states: LSTMStates, _ x: [Double],
                              weightIH: [Double], weightHH: [Double], _ s: LSTMShape) -> LSTMGradients {
    let (d, h, g4, rows) = (s.input, s.hidden, 4 * s.hidden, s.batch * s.steps)
    var dA = [Double](repeating: 0, count: rows * g4)
    let zeros = [Double](repeating: 0, count: h)
    for b in 0..<s.batch {
      var laterHidden = zeros, laterCell = zeros
      for step in stride(from: s.lengths[b] - 1, through: 0, by: -1) {
        let position = b * s.steps + s.position(b, step: step)
        let previous = step == 0 ? zeros : Array(states.cell[((b * s.steps + s.position(b, step: step - 1)) * h)...].prefix(h))
        var da = [Double](repeating: 0, count: g4), dcPrevious = zeros
        LSTMCell.backward(outputCotangent: Array(dHidden[(position * h)...].prefix(h)), laterHidden: laterHidden,
                          cellCotangent: Array(dCell[(position * h)...].prefix(h)), laterCell: laterCell,
          gates: Array(states.gates[(position * g4)...].prefix(g4)),
          cellTanh: Array(states.cellTanh[(position * h)...].prefix(h)),
          previousCell: previous, hidden: h, preActivation: &da, previousCellCotangent: &dcPrevious)
        dA.replaceSubrange((position * g4)..<((position + 1) * g4), with: da)
        laterCell = dcPrevious
        // dh_previous[k] = sum over j of da[j] W_hh[j, k]
        for k in 0..<h {
          var sum = 0.0
          for j in 0..<g4 { sum = sum.addingProduct(da[j], weightHH[j * h + k]) }
          laterHidden[k] = sum
        }
      }
    }
    let previousHidden = previousHidden(states.hidden, s)
    var gradients = LSTMGradients(input: [Double](repeating: 0, count: rows * d), weightIH: [Double](repeating: 0, count: g4 * d),
                                  weightHH: [Double](repeating: 0, count: g4 * h), bias: columnSums(dA, rows: rows, columns: g4))
    for r in 0..<rows {
      for k in 0..<d {
        var sum = 0.0
        for j in 0..<g4 { sum = sum.addingProduct(dA[r * g4 + j], weightIH[j * d + k]) }
        gradients.input[r * d + k] = sum
      }
    }
    for j in 0..<g4 {
      for k in 0..<d {
        var sum = 0.0
        for r in 0..<rows { sum = sum.addingProduct(dA[r * g4 + j], x[r * d + k]) }
        gradients.weightIH[j * d + k] = sum
      }
      for k in 0..<h {
        var sum = 0.0
        for r in 0..<rows { sum = sum.addingProduct(dA[r * g4 + j], previousHidden[r * h + k]) }
        gradients.weightHH[j * h + k] = sum
      }
    }
    return gradients
  }

  /// H_prev [B T, H]: at each valid position the hidden state of the sequence's previous step
  /// (position - 1 forward, + 1 reverse); 0 at its first step and in the padding.
  static func previousHidden(_ hidden: [Double], _ s: LSTMShape) -> [Double] {
    let h = s.hidden
    var result = [Double](repeating: 0, count: s.stateCount)
    for b in 0..<s.batch {
      for step in 1..<Swift.max(1, s.lengths[b]) {
        let to = (b * s.steps + s.position(b, step: step)) * h, from = (b * s.steps + s.position(b, step: step - 1)) * h
        result.replaceSubrange(to..<(to + h), with: hidden[from..<(from + h)])
      }
    }
    return result
  }

  /// Column sums of a [rows, columns] matrix, each summed in increasing row order from 0.0.
  static func columnSums(_ a: [Double], rows: Int, columns: Int) -> [Double] {
    var sums = [Double](repeating: 0, count: columns)
    for r in 0..<rows { for j in 0..<columns { sums[j] += a[r * columns + j] } }
    return sums
  }
}
