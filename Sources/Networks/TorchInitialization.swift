import Foundation
import Randomness
import Tensors

/// Initialisers filled exactly as `torch.nn.init` fills them from a ``TorchGenerator`` (NET-100).
extension Initializer {
  /// The tensor torch's function of the same name writes after `torch.manual_seed(s)`, for a
  /// parameter of `dtype` (NET-100).
  ///
  /// The distribution and its bounds are ``distribution(for:)`` (NET-8, torch's formulas in
  /// torch's order); the values come from the generator's own kernels: a uniform initialiser is
  /// `uniform_(low, high)` (RAND-32), a normal one `normal_(mean, std)` (RAND-33 ... RAND-35), a
  /// constant draws nothing. Row-major order, as torch's contiguous tensors. float32 values are
  /// returned as the doubles holding them. Errors: those of NET-8 and the generator's (RAND-22)
  /// as ``NetworkError/invalidInitializer(_:)``.
  public func torchTensor(shape: [Int], dtype: TorchDType, using generator: inout TorchGenerator) throws(NetworkError) -> Tensor {
    guard shape.allSatisfy({ $0 >= 0 }) else { throw .tensor(.invalidShape(shape, reason: "negative extent")) }
    let count = shape.reduce(1, *)
    var result = Tensor.zeros(shape)
    do {
      switch try distribution(for: shape) {
      case let .constant(c):
        guard c.isFinite else { throw NetworkError.invalidInitializer("constant \(c) is not finite") }
        result = Tensor(repeating: dtype == .float32 ? Double(Float(c)) : c, shape: shape)
      case let .uniform(low, high):
        try result.replaceScalars(try generator.uniform(count: count, from: low, to: high, dtype: dtype))
      case let .normal(mean, std):
        try result.replaceScalars(try generator.normal(count: count, mean: mean, std: std, dtype: dtype))
      }
    } catch let error as NetworkError {
      throw error
    } catch {
      throw .invalidInitializer("\(error)")
    }
    return result
  }
}

/// torch modules' parameters as their constructors make them (`reset_parameters`), drawn from a
/// ``TorchGenerator`` in torch's order (NET-101). Names and order are `named_parameters()`'.
public enum TorchModules {
  /// `nn.Linear(inFeatures, outFeatures, bias)` (NET-101, NET-9): "weight" [out, in] by
  /// kaiming_uniform_(a = sqrt(5)) (bound = sqrt(3) * sqrt(2 / (1 + 5)) / sqrt(in)), then
  /// "bias" [out] by uniform_(-1/sqrt(in), 1/sqrt(in)).
  public static func linear(_ inFeatures: Int, _ outFeatures: Int, bias: Bool = true, dtype: TorchDType = .float32,
                            using generator: inout TorchGenerator) throws(NetworkError) -> [Parameter] {
    guard inFeatures >= 1, outFeatures >= 1 else { throw .invalidWidths([inFeatures, outFeatures]) }
    return try weightAndBias(weightShape: [outFeatures, inFeatures], bias: bias, dtype: dtype, using: &generator)
  }

  /// `nn.Conv2d(inChannels, outChannels, kernelSize)` with groups 1 (NET-101): "weight"
  /// [out, in, kh, kw] by kaiming_uniform_(a = sqrt(5)) with fan_in = in * kh * kw, then "bias"
  /// [out] by uniform_(-1/sqrt(fan_in), 1/sqrt(fan_in)). (Conv1d and Conv3d differ only in the
  /// kernel's rank: pass their weight shape to ``weightAndBias(weightShape:bias:dtype:using:)``.)
  public static func conv2d(_ inChannels: Int, _ outChannels: Int, kernelSize: (Int, Int), bias: Bool = true,
                            dtype: TorchDType = .float32,
                                using generator: inout TorchGenerator) throws(NetworkError) -> [Parameter] {
    let shape = [outChannels, inChannels, kernelSize.0, kernelSize.1]
    guard shape.allSatisfy({ $0 >= 1 }) else { throw .invalidWidths(shape) }
    return try weightAndBias(weightShape: shape, bias: bias, dtype: dtype, using: &generator)
  }

  /// The `_ConvNd` / `Linear` reset for any weight shape [out, in, k...] (NET-101).
  public static func weightAndBias(weightShape: [Int], bias: Bool, dtype: TorchDType,
                                   using generator: inout TorchGenerator) throws(NetworkError) -> [Parameter] {
    let weight = try LinearInitialization.pytorchDefaultWeight.torchTensor(shape: weightShape, dtype: dtype, using: &generator)
    var result = [Parameter(name: "weight", value: weight)]
    if bias {
      let b = LinearInitialization.pytorchDefaultBiasBound(fanIn: try fans(of: weightShape).fanIn)
      result.append(Parameter(name: "bias", value: try Initializer.uniform(low: -b, high: b)
        .torchTensor(shape: [weightShape[0]], dtype: dtype, using: &generator)))
    }
    return result
  }

  /// `nn.Embedding(count, dimension)` (NET-101): "weight" [count, dimension] by normal_(0, 1).
  public static func embedding(_ count: Int, _ dimension: Int, dtype: TorchDType = .float32,
                               using generator: inout TorchGenerator) throws(NetworkError) -> [Parameter] {
    guard count >= 1, dimension >= 1 else { throw .invalidWidths([count, dimension]) }
    return [Parameter(name: "weight", value: try Initializer.normal(mean: 0, std: 1)
      .torchTensor(shape: [count, dimension], dtype: dtype, using: &generator))]
  }

  /// `nn.LSTM(inputSize, hiddenSize, numLayers, bias, bidirectional)` (NET-101): for each layer l
  /// and direction (suffix "" then "_reverse"): "weight_ih_l<l><suffix>" [4h, in_l],
  /// "weight_hh_l<l><suffix>" [4h, h], then (with bias) "bias_ih_l<l><suffix>" and
  /// "bias_hh_l<l><suffix>" [4h]; in_0 = inputSize, in_l = h * directions. Every tensor, in this
  /// order, by uniform_(-1/sqrt(h), 1/sqrt(h)).
  public static func lstm(inputSize: Int, hiddenSize: Int, numLayers: Int = 1, bias: Bool = true, bidirectional: Bool = false,
                          dtype: TorchDType = .float32,
                              using generator: inout TorchGenerator) throws(NetworkError) -> [Parameter] {
    guard inputSize >= 1, hiddenSize >= 1, numLayers >= 1 else { throw .invalidWidths([inputSize, hiddenSize, numLayers]) }
    let directions = bidirectional ? 2 : 1
    let bound = 1 / Foundation.sqrt(Double(hiddenSize))
    let uniform = Initializer.uniform(low: -bound, high: bound)
    var result: [Parameter] = []
    for layer in 0..<numLayers {
      let input = layer == 0 ? inputSize : hiddenSize * directions
      for direction in 0..<directions {
        let suffix = "_l\(layer)" + (direction == 1 ? "_reverse" : "")
        var tensors: [(String, [Int])] = [("weight_ih", [4 * hiddenSize, input]), ("weight_hh", [4 * hiddenSize, hiddenSize])]
        if bias { tensors += [("bias_ih", [4 * hiddenSize]), ("bias_hh", [4 * hiddenSize])] }
        for (name, shape) in tensors {
          result.append(Parameter(name: name + suffix,
                                  value: try uniform.torchTensor(shape: shape, dtype: dtype, using: &generator)))
        }
      }
    }
    return result
  }
}
