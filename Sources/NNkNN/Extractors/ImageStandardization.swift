import Foundation
import Tensors

/// Seed 000 §5.2's standardisation (NNKNN-22): one mean and one standard deviation over every
/// pixel of every training image and channel, applied to training and test images alike:
/// x' = (x - mean) / std. The std is the population one (divisor N, numpy's `.std()`; the paper
/// names no divisor), summed in pixel order. Errors: an empty or constant training set.
public struct ImageStandardization: Sendable, Equatable {
  public let mean: Double
  public let standardDeviation: Double

  public init(training: Tensor) throws(NNkNNError) {
    guard training.count > 0 else { throw .notMatrix(argument: "training images", shape: training.shape) }
    guard training.isFinite else { throw .nonFinite(argument: "training images") }
    let n = Double(training.count)
    let mean = training.scalars.reduce(0, +) / n
    let variance = training.scalars.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
    guard variance > 0 else {
      throw .invalidHyperparameter(
        name: "pixel standard deviation", value: variance.squareRoot(), accepted: "> 0 (images not all equal)")
    }
    self.mean = mean
    standardDeviation = variance.squareRoot()
  }

  /// The images standardised with the training statistics.
  public func apply(_ images: Tensor) -> Tensor {
    images.map { ($0 - mean) / standardDeviation }
  }
}
