import Randomness
import Tensors

/// Image augmentation for training batches [B, C, H, W] (NET-44): torchvision's
/// `RandomCrop(size = (H, W), padding = p)` with zero fill, then `RandomHorizontalFlip(0.5)`,
/// each an option, drawn from the trainer's seeded stream.
///
/// Draws, per image in batch order: with cropping, top = boundedIndex(below: 2p + 1) then
/// left = boundedIndex(below: 2p + 1) (NET-18's bounded draw; torchvision draws i then j); with
/// flipping, one u = nextDouble() and the image is flipped when u < 0.5. Output pixel (y, x) of
/// the crop is the zero-padded image at (top + y, left + x); the flip then maps x to W - 1 - x.
/// A crop of padding 0 draws nothing (the identity). Determinism: the batch out is a function of
/// the batch in and the stream's state.
public struct Augmentation: Sendable, Equatable {
  /// Padding of the random crop (nil: no crop).
  public var cropPadding: Int?
  /// Whether to flip left-right with probability 1/2.
  public var horizontalFlip: Bool

  /// Errors: a negative padding.
  public init(cropPadding: Int? = nil, horizontalFlip: Bool = false) throws(NetworkError) {
    if let cropPadding, cropPadding < 0 {
      throw .invalidHyperparameter(name: "cropPadding", value: Double(cropPadding), accepted: ">= 0")
    }
    self.cropPadding = cropPadding
    self.horizontalFlip = horizontalFlip
  }

  /// The augmented batch. Errors: a batch not of rank 4.
  public func apply<G: RandomSource>(_ batch: Tensor, using generator: inout G) throws(NetworkError) -> Tensor {
    guard batch.rank == 4 else { throw .inputRank(layer: "Augmentation", expected: 4, shape: batch.shape) }
    let (n, c, h, w) = (batch.shape[0], batch.shape[1], batch.shape[2], batch.shape[3])
    let pad = cropPadding ?? 0
    var out = batch
    for image in 0..<n {
      var (top, left) = (pad, pad)
      if cropPadding != nil, pad > 0 {
        top = Shuffling.boundedIndex(below: 2 * pad + 1, using: &generator)
        left = Shuffling.boundedIndex(below: 2 * pad + 1, using: &generator)
      }
      let flip = horizontalFlip && generator.nextDouble() < 0.5
      for channel in 0..<c {
        let plane = (image * c + channel) * h * w
        for y in 0..<h {
          for x in 0..<w {
            // Position in the padded image, then in the original one.
            let (sy, sx) = (top + y - pad, left + (flip ? w - 1 - x : x) - pad)
            out[flat: plane + y * w + x] = sy >= 0 && sy < h && sx >= 0 && sx < w ? batch.scalars[plane + sy * w + sx] : 0
          }
        }
      }
    }
    return out
  }
}
