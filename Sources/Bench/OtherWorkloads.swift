import Autodiff
import Foundation
import Networks
import Neighbors
import Randomness
import Tensors

/// Pairwise squared-Euclidean distances, fast GEMM form against the naive twin, 1,000 x 4,000 x 784
/// (GFLOP/s counted as 2 m n d for both, as for a matrix product).
func benchPairwise() throws {
  let x = randomMatrix(1000, 784, seed: 3), y = randomMatrix(4000, 784, seed: 4)
  let flops = 2.0 * 1000 * 4000 * 784
  let fast = try best(3) { _ = try PairwiseDistances.fast(x, y, metric: .squaredEuclidean) }
  let naive = try best(1) { _ = try PairwiseDistances.naive(x, y, metric: .squaredEuclidean) }
  print(String(format: "pairwise sqeuclidean 1000x4000x784   fast %7.3f s %6.2f GFLOP/s   naive %7.3f s %6.2f GFLOP/s   ratio %.1fx",
               fast, flops / fast / 1e9, naive, flops / naive / 1e9, naive / fast))
}

/// One epoch of a 784-128-10 ReLU MLP on 10,000 random inputs, batch 64, SGD with momentum, on the
/// tape (the Abs-node Experiment 2 shape).
func benchMLPEpoch() throws {
  var generator = Xoshiro256StarStar(seed: 5)
  var network = try Network(try MLP.make(widths: [784, 128, 10], activation: .relu), using: &generator)
  var optimizer = try SGD(learningRate: 0.001, momentum: 0.9)
  let x = randomMatrix(10_000, 784, seed: 6)
  let labels = (0..<10_000).map { $0 % 10 }
  let time = try seconds {
    for start in stride(from: 0, to: 10_000, by: 64) {
      let rows = Array(start..<min(10_000, start + 64))
      let tape = Tape()
      let context = ForwardContext(tape: tape, parameters: network.parameters, mode: .training)
      let loss = try network(tape.variable(try x.rows(at: rows)), context: context).crossEntropy(labels: rows.map { labels[$0] })
      try optimizer.step(&network.parameters, gradients: try context.gradients(of: loss))
    }
  }
  print(String(format: "mlp epoch 784-128-10, 10000 samples, batch 64 (tape)   %7.3f s   (%.0f samples/s)", time, 10_000 / time))
}

/// Brute-force exact search, 10,000 queries against 60,000 points of dimension 784, k = 10
/// (random data of MNIST's shape), Euclidean and cosine; the distance phase counted as 2 m n d flops.
func benchSearch(queries m: Int = 10_000) throws {
  let train = randomMatrix(60_000, 784, seed: 7), queries = randomMatrix(m, 784, seed: 8)
  let flops = 2.0 * Double(m) * 60_000 * 784
  for metric in [Metric.euclidean, .cosine] {
    let search = try BruteForceSearch(training: train, metric: metric)
    let time = try seconds { _ = try search.query(queries, k: 10) }
    print(String(format: "search %@ %dx60000x784 k=10   %7.2f s   %6.2f GFLOP/s (distance phase as 2mnd)", metric.description, m, time, flops / time / 1e9))
  }
}
