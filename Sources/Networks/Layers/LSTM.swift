import Autodiff
import Foundation
import Randomness
import Tensors

/// PyTorch's `nn.LSTM(inputSize, hiddenSize, numLayers, bias, batch_first=True, dropout,
/// bidirectional)` (NET-71, NET-72, NET-73, NET-74), on Autodiff's `lstm` (FOUND-91). Outputs, final
/// states and gradients agree with torch's to 1e-12 (the goldens of NET-78); gradient checks NET-79.
///
/// Input x [B, T, inputSize] (batch first), with each sequence's length (``run(_:lengths:context:)``;
/// `callAsFunction` takes every sequence at full length). Layer l (l = 0 ..< layers) runs each
/// direction over the previous layer's output (x for l = 0; [forward, backward] concatenated,
/// 2H wide, for a bidirectional l > 0); in training mode, inverted dropout with `dropout` (NET-6's
/// draws, one per element of [B, T, directions H] in row-major order) is applied to every layer's
/// output but the last, as torch does. The output is the last layer's hidden states
/// [B, T, directions H], 0 at padded positions (`pad_packed_sequence(..., total_length=T)`).
///
/// Parameters, in torch's order and names: for each layer l and direction (suffix "" then
/// "_reverse"): weight_ih_l<l> [4H, in_l], weight_hh_l<l> [4H, H], then (with bias) bias_ih_l<l>
/// and bias_hh_l<l> [4H]; rows in gate order i, f, g, o. Initialisation (NET-74): every tensor
/// U(-1/sqrt(H), 1/sqrt(H)) in that order (`reset_parameters`), from the project's streams or
/// torch's own (``torchInitialParameters(dtype:using:)``).
///
/// Taps (NET-32), for each layer l: "layer<l>", its output sequence [B, T, directions H] (before
/// dropout), and "final<l>", its final hidden states [B, directions H] (each sequence's own last
/// step; forward then backward direction: h_n[2l] and h_n[2l + 1] side by side).
public struct LSTM: Layer {
  public let inputSize: Int
  public let hiddenSize: Int
  public let layers: Int
  public let bidirectional: Bool
  public let hasBias: Bool
  public let dropout: Double
  public let kernel: KernelChoice

  /// Errors: sizes below 1, dropout outside [0, 1).
  public init(
    inputSize: Int, hiddenSize: Int, layers: Int = 1, bias: Bool = true, dropout: Double = 0, bidirectional: Bool = false,
    kernel: KernelChoice = .fast
  ) throws(NetworkError) {
    guard inputSize >= 1, hiddenSize >= 1, layers >= 1 else { throw .invalidWidths([inputSize, hiddenSize, layers]) }
    guard dropout >= 0, dropout < 1 else { throw .dropoutProbability(dropout) }
    (self.inputSize, self.hiddenSize, self.layers, self.hasBias, self.dropout, self.bidirectional, self.kernel) =
      (inputSize, hiddenSize, layers, bias, dropout, bidirectional, kernel)
  }

  public var description: String {
    "LSTM(\(inputSize), \(hiddenSize), layers \(layers)\(bidirectional ? ", bidirectional" : "")\(hasBias ? "" : ", bias: false")"
      + "\(dropout > 0 ? ", dropout \(dropout)" : ""))"
  }

  public var directions: Int { bidirectional ? 2 : 1 }

  /// The parameter names of layer `l`, direction `d`: weight_ih, weight_hh[, bias_ih, bias_hh].
  func names(layer l: Int, direction d: Int) -> [String] {
    let suffix = "_l\(l)" + (d == 1 ? "_reverse" : "")
    return ["weight_ih", "weight_hh"].map { $0 + suffix } + (hasBias ? ["bias_ih", "bias_hh"].map { $0 + suffix } : [])
  }

  public var parameterSpecs: [ParameterSpec] {
    var specs: [ParameterSpec] = []
    for l in 0..<layers {
      let input = l == 0 ? inputSize : hiddenSize * directions
      for d in 0..<directions {
        let shapes = [[4 * hiddenSize, input], [4 * hiddenSize, hiddenSize], [4 * hiddenSize], [4 * hiddenSize]]
        specs += zip(names(layer: l, direction: d), shapes).map { ParameterSpec(name: $0, shape: $1) }
      }
    }
    return specs
  }

  /// Every tensor U(-1/sqrt(H), 1/sqrt(H)), in parameter order (NET-74; the linear scheme does not apply).
  public func initialParameters<G: RandomSource>(_ scheme: LinearInitialization, using generator: inout G) throws(NetworkError)
    -> [Parameter]
  {
    let bound = 1 / Foundation.sqrt(Double(hiddenSize))
    return try parameterSpecs.map { spec throws(NetworkError) in
      Parameter(
        name: spec.name, value: try Initializer.uniform(low: -bound, high: bound).tensor(shape: spec.shape, using: &generator))
    }
  }

  public func torchInitialParameters(
    dtype: TorchDType,
    using generator: inout TorchGenerator
  ) throws(NetworkError) -> [Parameter] {
    try TorchModules.lstm(
      inputSize: inputSize, hiddenSize: hiddenSize, numLayers: layers, bias: hasBias, bidirectional: bidirectional,
      dtype: dtype, using: &generator)
  }

  public var tapNames: [String] { (0..<layers).flatMap { ["layer\($0)", "final\($0)"] } }

  /// What one pass gives: the last layer's output [B, T, directions H], and per layer and
  /// direction (torch's h_n / c_n order: l0 forward, l0 backward, l1 forward, ...) the final
  /// hidden and cell states [B, H].
  public struct Result {
    public let output: Variable
    public let finalHidden: [Variable]
    public let finalCell: [Variable]

    /// torch's `h_n`: the final hidden states stacked, [layers directions, B, H].
    public func stackedFinalHidden() throws -> Variable { try Self.stack(finalHidden) }

    /// torch's `c_n`: the final cell states stacked, [layers directions, B, H].
    public func stackedFinalCell() throws -> Variable { try Self.stack(finalCell) }

    static func stack(_ states: [Variable]) throws -> Variable {
      try lift { () throws(TensorError) in
        try Variable.concatenate(try states.map { state throws(TensorError) in try state.reshaped([1] + state.shape) }, axis: 0)
      }
    }
  }

  /// The pass over sequences of the given lengths (nil: all T); see the type's documentation.
  /// Errors: an input not [B, T, inputSize], lengths not one per sequence in 1 ... T.
  public func run(_ x: Variable, lengths: [Int]?, context: ForwardContext) throws -> Result {
    guard x.shape.count == 3 else { throw NetworkError.inputRank(layer: description, expected: 3, shape: x.shape) }
    guard x.shape[2] == inputSize else { throw NetworkError.inputWidth(layer: description, expected: inputSize, got: x.shape[2]) }
    var input = x
    var finalHidden: [Variable] = [], finalCell: [Variable] = []
    for l in 0..<layers {
      var outputs: [Variable] = []
      for d in 0..<directions {
        let p = try names(layer: l, direction: d).map { name throws(NetworkError) in try context.parameter(name) }
        let states = try lift { () throws(TensorError) in
          try input.lstm(
            weightIH: p[0], weightHH: p[1], biasIH: hasBias ? p[2] : nil, biasHH: hasBias ? p[3] : nil, lengths: lengths,
            reverse: d == 1, kernel: kernel)
        }
        let (hidden, cell) = try lift { () throws(TensorError) in (try states.selecting(0), try states.selecting(1)) }
        outputs.append(hidden)
        finalHidden.append(try lift { () throws(TensorError) in try hidden.finalStates(lengths: lengths, reverse: d == 1) })
        finalCell.append(try lift { () throws(TensorError) in try cell.finalStates(lengths: lengths, reverse: d == 1) })
      }
      let output =
        outputs.count == 1 ? outputs[0] : try lift { () throws(TensorError) in try Variable.concatenate(outputs, axis: 2) }
      try context.recordTap("layer\(l)", output)
      let finals = Array(finalHidden.suffix(directions))
      try context.recordTap(
        "final\(l)",
        finals.count == 1 ? finals[0] : try lift { () throws(TensorError) in try Variable.concatenate(finals, axis: 1) })
      input = output
      if l + 1 < layers,
        let mask = try invertedDropoutMask(shape: output.shape, probability: dropout, context: context, layer: description)
      {
        input = try lift { () throws(TensorError) in try output.multiplying(mask) }
      }
    }
    return Result(output: input, finalHidden: finalHidden, finalCell: finalCell)
  }

  /// Every sequence at full length; the output sequence.
  public func callAsFunction(_ x: Variable, context: ForwardContext) throws -> Variable {
    try run(x, lengths: nil, context: context).output
  }
}
