import Randomness
import Testing
@testable import Tensors

/// The fast im2col convolution against its naive seven-loop twin (FOUND-82), and the window
/// geometry (FOUND-80).
@Suite("Convolution kernels")
struct ConvolutionKernelTests {
  /// A random convolution problem: sizes, window, groups and a column budget small enough that
  /// several chunks of images occur.
  struct Problem: CustomStringConvertible {
    let shape: Convolution2DShape
    let x: [Double], w: [Double], bias: [Double]?, g: [Double]
    var description: String {
      """
        x \(shape.inputShape) w \(shape.weightShape) groups \(shape.groups) \(shape.placed.window) \
        budget \(shape.columnBudget) bias \(bias != nil)
        """
    }
  }

  static func integer(_ rng: inout Xoshiro256StarStar, _ range: ClosedRange<Int>) -> Int {
    range.lowerBound + Int(rng.next() % UInt64(range.count))
  }

  static func values(_ count: Int, _ rng: inout Xoshiro256StarStar) -> [Double] {
    (0..<count).map { _ in 2 * rng.nextDouble() - 1 }
  }

  /// `wide` problems have patches of more than 128 columns and more than 128 output channels
  /// per group, so the fast kernel's operands are cut into several panels.
  static func problem(seed: UInt64, wide: Bool = false) -> Problem {
    var rng = Xoshiro256StarStar(seed: seed)
    while true {
      let groups = wide ? integer(&rng, 1...2) : integer(&rng, 1...3)
      let (cg, og) = wide ? (integer(&rng, 15...30), integer(&rng, 120...260)) : (integer(&rng, 1...3), integer(&rng, 1...4))
      let (n, h, wd) = wide ? (integer(&rng, 1...2), integer(&rng, 3...5), integer(&rng, 3...5))
        : (integer(&rng, 1...4), integer(&rng, 1...9), integer(&rng, 1...9))
      let (kh, kw) = (integer(&rng, 1...4), integer(&rng, 1...4))
      let stride = (integer(&rng, 1...3), integer(&rng, 1...3))
      let dilation = (integer(&rng, 1...2), integer(&rng, 1...2))
      let paddings: [WindowPadding] = [.valid, .tensorFlowSame, .same,
                                       .explicit(top: integer(&rng, 0...2), bottom: integer(&rng, 0...2),
                                                 left: integer(&rng, 0...2), right: integer(&rng, 0...2))]
      let padding = paddings[integer(&rng, 0...3)]
      let budget = [1, 40, 200, 1 << 22][integer(&rng, 0...3)]
      guard let shape = try? Convolution2DShape(input: [n, cg * groups, h, wd], weight: [og * groups, cg, kh, kw], stride: stride,
                                                dilation: dilation, padding: padding, groups: groups,
                                                    columnBudget: budget) else { continue }
      let bias = rng.next() & 1 == 0 ? values(shape.outputChannels, &rng) : nil
      return Problem(shape: shape, x: values(shape.inputCount, &rng), w: values(shape.weightCount, &rng), bias: bias,
                     g: values(shape.outputCount, &rng))
    }
  }

  /// max over elements of |fast - reference| / (eps * magnitude), and whether each element is
  /// within `terms` scaled ulps (the worst-case difference of two summation orders of that many
  /// terms is (terms - 1) eps sum |t|; a wrong index or factor is off by the magnitude itself).
  static func scaledError(_ fast: [Double], _ reference: [Double], magnitude: [Double],
                          terms: Int) -> (worst: Double, within: Bool) {
    var worst = 0.0
    var within = true
    for i in fast.indices {
      let difference = abs(fast[i] - reference[i])
      if difference == 0 { continue }
      let scaled = difference / (Double.ulpOfOne * magnitude[i])
      worst = max(worst, scaled)
      if !(scaled <= Double(terms)) { within = false }
    }
    return (worst, within)
  }

  @Test("""
    [FOUND-82] fast im2col convolution agrees with the seven-loop twin within T scaled ulps (T = \
    terms summed), 300 random problems and 8 wide ones (several panels)
    """)
  func fastAgreesWithReference() {
    var worst = (forward: 0.0, dx: 0.0, dw: 0.0)
    for index in 0..<308 {
      let seed = UInt64(310_000 + index)
      let p = Self.problem(seed: seed, wide: index >= 300)
      let s = p.shape
      let absX = p.x.map(abs), absW = p.w.map(abs), absG = p.g.map(abs)
      // Forward: each output sums (C/g) kH kW products (plus the bias).
      let fast = Convolution2D.forward(p.x, p.w, bias: p.bias, s)
      let reference = Convolution2DReference.forward(p.x, p.w, bias: p.bias, s)
      let forwardMagnitude = Convolution2DReference.forward(absX, absW, bias: p.bias?.map(abs), s)
      let f = Self.scaledError(fast, reference, magnitude: forwardMagnitude, terms: s.patchSize + 1)
      #expect(f.within, "seed \(seed): forward off by \(f.worst) scaled ulps; \(p)")
      // Backward: dx sums up to (O/g) kH kW terms, dw sums N OH OW terms; db is summed in the same order.
      let (dxFast, dwFast, dbFast) = Convolution2D.backward(p.g, p.x, p.w, s)
      let (dxRef, dwRef, dbRef) = Convolution2DReference.backward(p.g, p.x, p.w, s)
      let dxMagnitude = Convolution2DReference.backward(absG, absX, absW, s).dx
      let dwMagnitude = Convolution2DReference.backward(absG, absX, absW, s).dw
      let dx = Self.scaledError(dxFast, dxRef, magnitude: dxMagnitude, terms: s.outputChannelsPerGroup * s.placed.taps)
      let dw = Self.scaledError(dwFast, dwRef, magnitude: dwMagnitude, terms: s.batch * s.placed.outputPlane)
      #expect(dx.within, "seed \(seed): dx off by \(dx.worst) scaled ulps; \(p)")
      #expect(dw.within, "seed \(seed): dw off by \(dw.worst) scaled ulps; \(p)")
      #expect(dbFast.map(\.bitPattern) == dbRef.map(\.bitPattern), "seed \(seed): db differs; \(p)")
      worst = (max(worst.forward, f.worst), max(worst.dx, dx.worst), max(worst.dw, dw.worst))
    }
    print("conv twins: worst scaled ulps forward \(worst.forward) dx \(worst.dx) dw \(worst.dw)")
  }

  @Test("[FOUND-31] the fast convolution is bit-identical for 1, 2 and 5 threads (explicit thread argument)")
  func threadCountInvariance() {
    for index in 0..<10 {
      let p = Self.problem(seed: UInt64(320_000 + index))
      var results: [[UInt64]] = []
      for threads in [1, 2, 5] {
        let y = Convolution2D.forward(p.x, p.w, bias: p.bias, p.shape, threads: threads)
        let (dx, dw, db) = Convolution2D.backward(p.g, p.x, p.w, p.shape, threads: threads)
        results.append((y + dx + dw + db).map(\.bitPattern))
      }
      #expect(results[0] == results[1] && results[1] == results[2], "problem \(index): \(p)")
    }
  }

  @Test("[FOUND-81] a hand-computed convolution: 1 x 1 x 3 x 3 input, 2 x 2 kernel, padding 1, stride 2, bias")
  func handComputed() throws {
    // x = 1...9 row-major; padded by one on every side; windows start at rows/columns -1 and 1.
    let x = (1...9).map(Double.init), w = [1.0, 10, 100, 1000], bias = [0.5]
    let s = try Convolution2DShape(input: [1, 1, 3, 3], weight: [1, 1, 2, 2], stride: (2, 2), dilation: (1, 1),
                                   padding: .symmetric(1, 1), groups: 1)
    #expect(s.outputShape == [1, 1, 2, 2])
    // (0,0): only x[0,0] = 1 under w[1,1] = 1000. (0,1): x[0,1] = 2 under w[1,0], x[0,2] = 3 under w[1,1].
    // (1,0): x[1,0] = 4 under w[0,1], x[2,0] = 7 under w[1,1]. (1,1): 5 w00 + 6 w01 + 8 w10 + 9 w11.
    let expected: [Double] = [1000.5, 3200.5, 7040.5, 9865.5]  // 200 + 3000, 40 + 7000, 5 + 60 + 800 + 9000, each + 0.5
    #expect(Convolution2DReference.forward(x, w, bias: bias, s) == expected)
    #expect(Convolution2D.forward(x, w, bias: bias, s) == expected)
  }

  @Test("[FOUND-80] output sizes and padding: PyTorch's formula, 'same' with even kernels, TensorFlow SAME and VALID")
  func geometry() throws {
    func placed(_ size: Int, k: Int, s: Int = 1, d: Int = 1, _ padding: WindowPadding) throws -> PlacedWindow {
      try Window2D(kernel: (k, k), stride: (s, s), dilation: (d, d), padding: padding).placed(height: size, width: size)
    }
    // PyTorch: floor((H + 2p - d(k - 1) - 1) / s) + 1; stride 2 with padding that does not divide evenly.
    let p = try placed(8, k: 3, s: 2, .symmetric(1, 1))  // (8 + 2 - 3) / 2 = 3.5, floored
    #expect(p.outputHeight == 4 && p.outputWidth == 4)
    #expect(try placed(8, k: 3, s: 3, .symmetric(1, 1)).outputHeight == 3)
    // PyTorch 'same', even kernel: total d(k - 1) = 3, top 1, bottom 2; dilation 2: total 6, 3 / 3.
    let same = try placed(5, k: 4, .same)
    #expect((same.top, same.bottom, same.left, same.right, same.outputHeight) == (1, 2, 1, 2, 5))
    let dilated = try placed(5, k: 4, d: 2, .same)
    #expect((dilated.top, dilated.bottom, dilated.outputHeight) == (3, 3, 5))
    #expect(throws: TensorError.self) { try Window2D(kernel: (3, 3), stride: (2, 2), padding: .same) }
    // TensorFlow SAME: 28 x 28, k = 8, s = 2 -> 14, padding 3 / 3; 27, k = 4, s = 2 -> 14, padding 1 / 2.
    let tf = try placed(28, k: 8, s: 2, .tensorFlowSame)
    #expect((tf.top, tf.bottom, tf.outputHeight) == (3, 3, 14))
    let odd = try placed(27, k: 4, s: 2, .tensorFlowSame)
    #expect((odd.top, odd.bottom, odd.outputHeight) == (1, 2, 14))
    // VALID: ceil((H - d(k - 1)) / s): Papernot's second convolution, 14 x 14, k = 6, s = 2 -> 5.
    #expect(try placed(14, k: 6, s: 2, .valid).outputHeight == 5)
    // A kernel larger than the padded input.
    #expect(throws: TensorError.self) { try placed(3, k: 5, .valid) }
  }
}
