import Autodiff
import Randomness
import Tensors

/// Batch normalisation, PyTorch's `nn.BatchNorm1d` and `nn.BatchNorm2d` (NET-36), on
/// Autodiff's batch-norm operations (FOUND-87).
///
/// Inputs: [N, C] or [N, C, L] (1d), [N, C, H, W] (2d); statistics per channel over the other axes.
/// Parameters "weight" [C] (ones) and "bias" [C] (zeros), no draws. Buffers (NET-30)
/// "running_mean" [C] (zeros), "running_var" [C] (ones), "num_batches_tracked" [] (0).
///
/// Training mode (NET-31): y = (x - mean) / sqrt(var + eps) w + b with the batch mean and the
/// biased batch variance; then, with M values per channel,
///   running_mean = (1 - momentum) running_mean + momentum mean
///   running_var  = (1 - momentum) running_var  + momentum var M / (M - 1)   (unbiased)
///   num_batches_tracked += 1
/// proposed to the context (committed by the trainer, NET-30). M = 1 is
/// ``NetworkError/batchNormSingleValue(layer:shape:)``, as torch refuses it.
/// Evaluation mode: the running mean and variance replace the batch statistics.
/// Defaults as torch: eps 1e-5, momentum 0.1.
public struct BatchNorm: Layer {
  /// Which of torch's classes this is (the accepted input ranks differ).
  public enum Dimensions: Sendable, Equatable { case one, two }

  public let dimensions: Dimensions
  public let features: Int
  public let eps: Double
  public let momentum: Double

  public init(_ dimensions: Dimensions, features: Int, eps: Double = 1e-5, momentum: Double = 0.1) throws(NetworkError) {
    self.dimensions = dimensions
    self.features = features
    self.eps = eps
    self.momentum = momentum
    guard features >= 1 else { throw .invalidLayer(layer: description, reason: "needs at least one feature") }
    try Hyperparameter.nonNegative("eps", eps)
    guard momentum >= 0, momentum <= 1 else {
      throw .invalidHyperparameter(name: "momentum", value: momentum, accepted: "in [0, 1]")
    }
  }

  public var description: String {
    "BatchNorm\(dimensions == .one ? "1d" : "2d")(\(features), eps: \(eps), momentum: \(momentum))"
  }

  public var parameterSpecs: [ParameterSpec] {
    [ParameterSpec(name: "weight", shape: [features]), ParameterSpec(name: "bias", shape: [features])]
  }

  /// torch's `reset_parameters`: weight ones, bias zeros (no draws).
  public func initialParameters<G: RandomSource>(_ scheme: LinearInitialization, using generator: inout G) throws(NetworkError)
    -> [Parameter]
  {
    [Parameter(name: "weight", value: Tensor.ones([features])), Parameter(name: "bias", value: Tensor.zeros([features]))]
  }

  public var bufferSpecs: [ParameterSpec] {
    [ParameterSpec(name: "running_mean", shape: [features]), ParameterSpec(name: "running_var", shape: [features]),
     ParameterSpec(name: "num_batches_tracked", shape: [], integer: true)]
  }

  /// torch's `reset_running_stats`: mean zeros, variance ones, count 0.
  public func initialBuffers() -> [Buffer] {
    [Buffer(name: "running_mean", value: Tensor.zeros([features])), Buffer(name: "running_var", value: Tensor.ones([features])),
     Buffer(name: "num_batches_tracked", value: Tensor(scalar: 0))]
  }

  public func callAsFunction(_ x: Variable, context: ForwardContext) throws -> Variable {
    let ranks = dimensions == .one ? [2, 3] : [4]
    guard ranks.contains(x.shape.count) else {
      throw NetworkError.inputRank(layer: description, expected: ranks[0], shape: x.shape)
    }
    guard x.shape[1] == features else {
      throw NetworkError.inputChannels(layer: description, expected: features, got: x.shape[1])
    }
    let (weight, bias) = (try context.parameter("weight"), try context.parameter("bias"))
    let runningMean = try context.buffer("running_mean"), runningVariance = try context.buffer("running_var")
    guard context.mode == .training else {
      return try lift { () throws(TensorError) in
        try x.batchNormInference(weight: weight, bias: bias, runningMean: runningMean, runningVariance: runningVariance, eps: eps)
      }
    }
    guard x.shape[0] * x.shape.dropFirst(2).reduce(1, *) > 1 else {
      throw NetworkError.batchNormSingleValue(layer: description, shape: x.shape)
    }
    let (y, statistics) = try lift { () throws(TensorError) in try x.batchNormTraining(weight: weight, bias: bias, eps: eps) }
    let m = Double(statistics.count)
    var mean = runningMean, variance = runningVariance
    for c in 0..<features {
      mean[flat: c] = (1 - momentum) * runningMean.scalars[c] + momentum * statistics.mean.scalars[c]
      variance[flat: c] = (1 - momentum) * runningVariance.scalars[c] + momentum * (statistics.variance.scalars[c] * m / (m - 1))
    }
    try context.updateBuffer("running_mean", mean)
    try context.updateBuffer("running_var", variance)
    try context.updateBuffer("num_batches_tracked", Tensor(scalar: try context.buffer("num_batches_tracked").scalars[0] + 1))
    return y
  }
}

/// `nn.BatchNorm1d(features)`: ``BatchNorm`` over [N, C] or [N, C, L].
public func BatchNorm1d(_ features: Int, eps: Double = 1e-5, momentum: Double = 0.1) throws(NetworkError) -> BatchNorm {
  try BatchNorm(.one, features: features, eps: eps, momentum: momentum)
}

/// `nn.BatchNorm2d(features)`: ``BatchNorm`` over [N, C, H, W].
public func BatchNorm2d(_ features: Int, eps: Double = 1e-5, momentum: Double = 0.1) throws(NetworkError) -> BatchNorm {
  try BatchNorm(.two, features: features, eps: eps, momentum: momentum)
}
