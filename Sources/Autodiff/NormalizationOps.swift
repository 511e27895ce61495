import Tensors

/// Batch normalisation as tape operations (FOUND-87), on the kernels of Tensors'
/// `BatchNormalization`. The input is [N, C] or [N, C, L] or [N, C, H, W], viewed as [N, C, S].
extension Variable {
  /// The batch statistics a training-mode batch normalisation used: per channel, the mean and
  /// the biased variance over the N S values (what the running statistics are updated from).
  public struct BatchStatistics {
    public let mean: Tensor
    public let variance: Tensor
    /// N S, the number of values per channel.
    public let count: Int
  }

  /// (N, C, S) of an input of rank >= 2 whose channel axis matches `parameters` [C].
  private func channelView(_ operation: String, _ parameters: [Variable]) throws(TensorError) -> (Int, Int, Int) {
    guard shape.count >= 2 else { throw .rank(operation: operation, expected: ">= 2 ([N, C, ...])", shape: shape) }
    for p in parameters where p.shape != [shape[1]] {
      throw .shapeMismatch(operation: "\(operation) weight or bias", p.shape, [shape[1]])
    }
    return (shape[0], shape[1], shape.dropFirst(2).reduce(1, *))
  }

  /// Training-mode batch normalisation (PyTorch's `F.batch_norm(..., training=True)`):
  /// y = (x - mean_c) / sqrt(var_c + eps) w_c + b_c with the batch's per-channel mean and biased
  /// variance (FOUND-87). VJP: through the batch statistics (dx), dw = sum g xhat, db = sum g.
  /// Also returns the statistics, for the running averages.
  /// Errors: rank < 2, weight or bias not [C], one value per channel (N S = 1; PyTorch refuses it
  /// too: the biased variance would be 0 and the unbiased one undefined).
  public func batchNormTraining(weight: Variable, bias: Variable, eps: Double) throws(TensorError) -> (
    output: Variable, statistics: BatchStatistics
  ) {
    let (n, c, s) = try channelView("batchNorm", [weight, bias])
    guard n * s > 1 else {
      throw .invalidArgument(operation: "batchNorm",
                             reason: "expected more than 1 value per channel when training, got input of shape \(shape)")
    }
    let x = value.scalars
    let (mean, variance) = BatchNormalization.statistics(x, batch: n, channels: c, spatial: s)
    let inverseStd = BatchNormalization.inverseStandardDeviation(variance, eps: eps)
    let w = weight.value.scalars
    let y = BatchNormalization.normalize(x, mean: mean, inverseStd: inverseStd, weight: w, bias: bias.value.scalars, batch: n,
                                         channels: c, spatial: s)
    let inputShape = shape
    let output = tape.record(try Tensor(shape: inputShape, scalars: y), inputs: [self, weight, bias],
                             operation: "batchNorm(training)") { g throws(TensorError) in
      let (dx, dw, db) = BatchNormalization.backward(g.scalars, x, mean: mean, inverseStd: inverseStd, weight: w,
                                                     batch: n, channels: c, spatial: s, training: true)
      return [try Tensor(shape: inputShape, scalars: dx), try Tensor(shape: [c], scalars: dw),
              try Tensor(shape: [c], scalars: db)]
    }
    return (output, BatchStatistics(mean: Tensor(mean), variance: Tensor(variance), count: n * s))
  }

  /// Evaluation-mode batch normalisation (`F.batch_norm(..., training=False)`): as training but
  /// with the given running mean and variance, which are constants (FOUND-87).
  /// VJP: dx = g w / sqrt(rv + eps), dw = sum g xhat, db = sum g.
  /// Errors: rank < 2, weight, bias, mean or variance not [C].
  public func batchNormInference(weight: Variable, bias: Variable, runningMean: Tensor, runningVariance: Tensor,
                                 eps: Double) throws(TensorError) -> Variable {
    let (n, c, s) = try channelView("batchNorm", [weight, bias])
    for t in [runningMean, runningVariance] where t.shape != [c] {
      throw .shapeMismatch(operation: "batchNorm running statistics", t.shape, [c])
    }
    let x = value.scalars
    let (mean, w) = (runningMean.scalars, weight.value.scalars)
    let inverseStd = BatchNormalization.inverseStandardDeviation(runningVariance.scalars, eps: eps)
    let y = BatchNormalization.normalize(x, mean: mean, inverseStd: inverseStd, weight: w, bias: bias.value.scalars, batch: n,
                                         channels: c, spatial: s)
    let inputShape = shape
    return tape.record(try Tensor(shape: inputShape, scalars: y), inputs: [self, weight, bias],
                       operation: "batchNorm(evaluation)") { g throws(TensorError) in
      let (dx, dw, db) = BatchNormalization.backward(g.scalars, x, mean: mean, inverseStd: inverseStd, weight: w,
                                                     batch: n, channels: c, spatial: s, training: false)
      return [try Tensor(shape: inputShape, scalars: dx), try Tensor(shape: [c], scalars: dw),
              try Tensor(shape: [c], scalars: db)]
    }
  }
}
