import Foundation
import Tensors

/// The `conv-profile` workload (NET-49): the processor time of the fast convolution kernel, forward
/// and backward, at every convolution shape of ResNet18 (width 1, small-image stem, 3 x 32 x 32,
/// batch 64), with the time spent building patch rows; shows how much of a training step is the
/// matrix product.
func profileConvolutions() throws {
  /// Processor seconds of one run of `body`.
  func processorTime(_ body: () -> Void) -> Double {
    let start = processorSeconds()
    body()
    return processorSeconds() - start
  }
  // (C, O, H, stride, k, how many such convolutions the network has)
  let shapes: [(Int, Int, Int, Int, Int, Int)] = [(3, 64, 32, 1, 3, 1), (64, 64, 32, 1, 3, 4), (64, 128, 32, 2, 3, 1),
                                                  (128, 128, 16, 1, 3, 3),
                                                  (64, 128, 32, 2, 1, 1), (128, 256, 16, 2, 3, 1), (256, 256, 8, 1, 3, 3),
                                                  (128, 256, 16, 2, 1, 1),
                                                  (256, 512, 8, 2, 3, 1), (512, 512, 4, 1, 3, 3), (256, 512, 8, 2, 1, 1)]
  var total = (0.0, 0.0)
  for (c, o, h, s, k, count) in shapes {
    let shape = try Convolution2DShape(input: [64, c, h, h], weight: [o, c, k, k], stride: (s, s), dilation: (1, 1),
                                       padding: .symmetric(k / 2, k / 2), groups: 1)
    let x = randomMatrix(1, shape.inputCount, seed: 1).scalars, w = randomMatrix(1, shape.weightCount, seed: 2).scalars
    let g = randomMatrix(1, shape.outputCount, seed: 3).scalars
    let flops = 2.0 * Double(shape.outputCount) * Double(shape.patchSize)
    let tf = processorTime { _ = Convolution2D.forward(x, w, bias: nil, shape) }
    let tb = processorTime { _ = Convolution2D.backward(g, x, w, shape) }
    let rows = processorTime {
      for images in shape.imageChunks {
        _ = Convolution2D.patchRows(x, shape, images: images, group: 0, columns: 0..<shape.patchSize, threads: 2)
      }
    }
    total = (total.0 + Double(count) * tf, total.1 + Double(count) * tb)
    print(String(format: """
      C %3d O %3d H %2d s %d k %d x%d: cpu fwd %.3f (%.1f GF/s) bwd %.3f (%.1f GF/s) | patch rows \
      %.3f chunks %d
      """,
                 c, o, h, s, k, count, tf, flops / tf / 1e9, tb, 2 * flops / tb / 1e9, rows, shape.imageChunks.count))
  }
  print(String(format: "all convolutions: forward %.2f s, backward %.2f s processor time", total.0, total.1))
}
