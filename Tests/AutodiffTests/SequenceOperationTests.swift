import Foundation
import Testing
import Tensors
@testable import Autodiff

/// Gradient checks (FOUND-60) and exact conventions of the embedding, LSTM and sequence
/// operations (FOUND-90 ... FOUND-93), on small random problems from printed seeds.
@Suite("Sequence operations")
struct SequenceOperationTests {
  /// Ids [2, 5] over a vocabulary of 6, with id 0 (the padding index in the tests) at the ends.
  static let ids = try! Tensor(shape: [2, 5], scalars: [3, 1, 5, 3, 0, 2, 4, 4, 0, 0])

  @Test(
    "[FOUND-90] embedding: full Jacobian w.r.t. the table (repeated ids sum their rows' cotangents)",
    arguments: propertySeeds.prefix(3))
  func embeddingGradients(seed: UInt64) throws {
    var r = TestInputs(seed: seed)
    try expectGradients("embedding", seed: seed, [r.uniform([6, 3])]) { _, v in try v[0].embedding(Self.ids) }
  }

  @Test("[FOUND-90] embedding: the padding row is read as it is but gets exactly 0 gradient; the other rows as without padding")
  func embeddingPadding() throws {
    var r = TestInputs(seed: 11)
    let weight = r.uniform([6, 3]), cotangent = r.uniform([2, 5, 3])
    func gradient(_ padding: Int?) throws -> (Tensor, Tensor) {
      let tape = Tape()
      let w = tape.variable(weight)
      let out = try w.embedding(Self.ids, paddingIndex: padding)
      return (out.value, try tape.gradients(of: try out.multiplying(cotangent).sum(), withRespectTo: [w])[0])
    }
    let (padded, dPadded) = try gradient(0), (plain, dPlain) = try gradient(nil)
    #expect(padded == plain)
    #expect(Array(padded.scalars[12..<15]) == Array(weight.scalars[0..<3]))  // ids[0][4] = 0: row 0 as it is
    #expect(dPadded.scalars[0..<3].allSatisfy { $0 == 0 && $0.sign == .plus })
    #expect(Array(dPadded.scalars[3...]) == Array(dPlain.scalars[3...]))
    #expect(dPlain.scalars[0..<3].contains { $0 != 0 })
  }

  @Test("[FOUND-90] embedding refuses a table not of rank 2, fractional or out-of-range ids, a padding index outside the table")
  func embeddingErrors() throws {
    let tape = Tape()
    let w = tape.variable(Tensor.zeros([4, 2]))
    #expect(throws: TensorError.rank(operation: "embedding weight", expected: "2 ([V, D])", shape: [8])) {
      try tape.variable(Tensor.zeros([8])).embedding(Tensor([0]))
    }
    #expect(
      throws: TensorError.invalidArgument(operation: "embedding", reason: "id 1.5 at flat index 1 is not a whole number in 0..<4")
    ) {
      try w.embedding(Tensor([0, 1.5]))
    }
    #expect(
      throws: TensorError.invalidArgument(operation: "embedding", reason: "id 4.0 at flat index 0 is not a whole number in 0..<4")
    ) {
      try w.embedding(Tensor([4]))
    }
    #expect(throws: TensorError.indexOutOfRange(operation: "embedding padding index", index: 4, extent: 4)) {
      try w.embedding(Tensor([0]), paddingIndex: 4)
    }
  }

  /// LSTM cases: batch, steps, input, hidden, lengths (nil: full), reverse, bias.
  static let lstmCases: [(b: Int, t: Int, d: Int, h: Int, lengths: [Int]?, reverse: Bool, bias: Bool)] = [
    (2, 3, 2, 2, nil, false, true),
    (3, 4, 2, 2, [4, 2, 3], false, true),
    (3, 4, 3, 2, [1, 4, 2], true, true),
    (2, 3, 2, 3, [2, 3], true, false),
  ]

  @Test(
    """
      [FOUND-91] lstm: full Jacobian of hidden and cell states w.r.t. input, both weights and both biases, through time \
      (unequal lengths, both directions, no bias; fast and naive)
      """,
        arguments: Array(lstmCases.indices))
  func lstmGradients(case index: Int) throws {
    let c = Self.lstmCases[index]
    for (kernel, seed) in [(KernelChoice.fast, UInt64(60 + index)), (.reference, UInt64(70 + index))] {
      var r = TestInputs(seed: seed)
      let x = r.uniform([c.b, c.t, c.d], -1, 1), wih = r.uniform([4 * c.h, c.d], -1, 1), whh = r.uniform([4 * c.h, c.h], -1, 1)
      let biases = c.bias ? [r.uniform([4 * c.h], -1, 1), r.uniform([4 * c.h], -1, 1)] : []
      try expectGradients("lstm-\(index)-\(kernel)", seed: seed, [x, wih, whh] + biases) { _, v in
        try v[0].lstm(
          weightIH: v[1], weightHH: v[2], biasIH: c.bias ? v[3] : nil, biasHH: c.bias ? v[4] : nil, lengths: c.lengths,
          reverse: c.reverse, kernel: kernel)
      }
    }
  }

  @Test("[FOUND-91] lstm: padded positions are 0, padding changes nothing, and each sequence equals itself run alone")
  func lstmMasking() throws {
    var r = TestInputs(seed: 21)
    let (d, h) = (2, 3)
    let x = r.uniform([3, 5, d], -1, 1), wih = r.uniform([4 * h, d], -1, 1), whh = r.uniform([4 * h, h], -1, 1)
    let bih = r.uniform([4 * h], -1, 1), bhh = r.uniform([4 * h], -1, 1)
    let lengths = [5, 2, 4]
    for reverse in [false, true] {
      let tape = Tape()
      let states = try tape.variable(x).lstm(
        weightIH: tape.variable(wih), weightHH: tape.variable(whh), biasIH: tape.variable(bih),
        biasHH: tape.variable(bhh), lengths: lengths, reverse: reverse
      ).value
      for (b, length) in lengths.enumerated() {
        // Sequence b alone, cut to its length: the same states at its positions.
        let alone = try Tensor(shape: [1, length, d], scalars: Array(x.scalars[(b * 5 * d)..<((b * 5 + length) * d)]))
        let single = try tape.variable(alone).lstm(
          weightIH: tape.variable(wih), weightHH: tape.variable(whh), biasIH: tape.variable(bih),
          biasHH: tape.variable(bhh), reverse: reverse
        ).value
        for kind in 0..<2 {
          let row = Array(states.scalars[((kind * 3 + b) * 5 * h)...].prefix(5 * h))
          #expect(
            Array(row.prefix(length * h)) == Array(single.scalars[(kind * length * h)...].prefix(length * h)),
            "b \(b) reverse \(reverse)")
          #expect(row.dropFirst(length * h).allSatisfy { $0 == 0 })
        }
      }
    }
  }

  @Test(
    """
      [FOUND-92] the fast LSTM kernel equals its naive twin bit for bit, forward and backward, with 1 and 4 threads (random \
      shapes and lengths)
      """,
        arguments: propertySeeds)
  func lstmTwin(seed: UInt64) throws {
    var r = TestInputs(seed: 100 + seed)
    // The larger shapes (B 4H >= 2 x 16,384 gate values) split the cell loop into chunks over threads.
    let large = !seed.isMultiple(of: 2)
    let b = large ? r.extent(64...72) : r.extent(1...7), t = r.extent(1...5), d = r.extent(1...9)
    let h = large ? r.extent(128...136) : r.extent(1...6)
    let lengths = (0..<b).map { _ in r.extent(1...t) }
    let reverse = seed % 3 == 0
    let s = try LSTMShape(batch: b, steps: t, input: d, hidden: h, lengths: lengths, reverse: reverse)
    let x = r.uniform([b * t * d], -1, 1).scalars, wih = r.uniform([4 * h * d], -0.5, 0.5).scalars
    let whh = r.uniform([4 * h * h], -0.5, 0.5).scalars, bih = r.uniform([4 * h]).scalars, bhh = r.uniform([4 * h]).scalars
    var dY = r.uniform([b * t * h]).scalars, dC = r.uniform([b * t * h]).scalars
    for bb in 0..<b { for p in lengths[bb]..<t { for k in 0..<h { dY[(bb * t + p) * h + k] = 0; dC[(bb * t + p) * h + k] = 0 } } }
    let naive = LSTMRecurrenceReference.forward(x, weightIH: wih, weightHH: whh, biasIH: bih, biasHH: bhh, s)
    let naiveGradients = LSTMRecurrenceReference.backward(
      hiddenCotangent: dY, cellCotangent: dC, states: naive, x, weightIH: wih, weightHH: whh, s)
    for threads in [1, 4] {
      let fast = LSTMRecurrence.forward(x, weightIH: wih, weightHH: whh, biasIH: bih, biasHH: bhh, s, threads: threads)
      #expect(
        fast.hidden == naive.hidden && fast.cell == naive.cell && fast.gates == naive.gates,
        "seed \(seed) threads \(threads) forward")
      let g = LSTMRecurrence.backward(
        hiddenCotangent: dY, cellCotangent: dC, states: fast, x, weightIH: wih, weightHH: whh, s, threads: threads)
      #expect(g.input == naiveGradients.input && g.weightIH == naiveGradients.weightIH && g.weightHH == naiveGradients.weightHH
              && g.bias == naiveGradients.bias, "seed \(seed) threads \(threads) backward (b \(b) t \(t) d \(d) h \(h))")
    }
  }

  @Test("[FOUND-91] lstm refuses shapes that do not fit, one bias alone, and lengths outside 1...T or not one per sequence")
  func lstmErrors() throws {
    let tape = Tape()
    let x = tape.variable(Tensor.zeros([2, 3, 4]))
    let wih = tape.variable(Tensor.zeros([8, 4])), whh = tape.variable(Tensor.zeros([8, 2])), b = tape.variable(Tensor.zeros([8]))
    func error(_ f: () throws -> Variable) -> TensorError? {
      do { _ = try f(); return nil } catch let e as TensorError { return e } catch { return nil }
    }
    #expect(error { try tape.variable(Tensor.zeros([3, 4])).lstm(weightIH: wih, weightHH: whh) }
            == .rank(operation: "lstm input", expected: "3 ([B, T, D])", shape: [3, 4]))
    #expect(error { try x.lstm(weightIH: wih, weightHH: tape.variable(Tensor.zeros([6, 2]))) } != nil)
    #expect(
      error { try x.lstm(weightIH: tape.variable(Tensor.zeros([8, 3])), weightHH: whh) }
        == .shapeMismatch(operation: "lstm weight_ih", [8, 3], [8, 4]))
    #expect(
      error { try x.lstm(weightIH: wih, weightHH: whh, biasIH: b) }
        == .invalidArgument(operation: "lstm", reason: "give both biases or neither"))
    #expect(error { try x.lstm(weightIH: wih, weightHH: whh, biasIH: b, biasHH: tape.variable(Tensor.zeros([4]))) }
            == .shapeMismatch(operation: "lstm bias", [4], [8]))
    #expect(error { try x.lstm(weightIH: wih, weightHH: whh, lengths: [3, 0]) }
            == .invalidArgument(operation: "lstm", reason: "length 0 of sequence 1 is outside 1...3"))
    #expect(
      error { try x.lstm(weightIH: wih, weightHH: whh, lengths: [3]) }
        == .invalidArgument(operation: "lstm", reason: "1 lengths for a batch of 2"))
    #expect(error { try x.finalStates(lengths: [4, 1]) } != nil)
    #expect(error { try x.selecting(2) } == .indexOutOfRange(operation: "selecting", index: 2, extent: 2))
  }

  @Test(
    "[FOUND-93] selecting, finalStates (both directions) and transposingLastAxes: values and full Jacobians",
    arguments: propertySeeds.prefix(2))
  func sequenceHelpers(seed: UInt64) throws {
    var r = TestInputs(seed: 80 + seed)
    let x = r.uniform([3, 4, 2])
    let tape = Tape()
    let v = tape.variable(x)
    #expect(try v.selecting(1).value.scalars == Array(x.scalars[8..<16]))
    #expect(
      try v.finalStates(lengths: [4, 1, 2]).value.scalars == [
        x.scalars[6], x.scalars[7], x.scalars[8], x.scalars[9], x.scalars[18], x.scalars[19]
      ])
    #expect(
      try v.finalStates(lengths: [4, 1, 2], reverse: true).value.scalars == [
        x.scalars[0], x.scalars[1], x.scalars[8], x.scalars[9], x.scalars[16], x.scalars[17]
      ])
    let t = try v.transposingLastAxes().value
    #expect(t.shape == [3, 2, 4] && t.scalars[1 * 8 + 1 * 4 + 3] == x.scalars[1 * 8 + 3 * 2 + 1])
    try expectGradients("selecting", seed: seed, [x]) { _, v in try v[0].selecting(2) }
    try expectGradients("finalStates", seed: seed, [x]) { _, v in try v[0].finalStates(lengths: [4, 1, 2]) }
    try expectGradients("finalStates-reverse", seed: seed, [x]) { _, v in try v[0].finalStates(lengths: [2, 3, 4], reverse: true)
    }
    try expectGradients("transposingLastAxes", seed: seed, [x]) { _, v in try v[0].transposingLastAxes() }
  }
}
