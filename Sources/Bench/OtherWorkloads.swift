import Autodiff
import Foundation
import Networks
import AbsMahalanobis
import Neighbors
import Randomness
import Tensors

/// Pairwise squared-Euclidean distances, fast GEMM form and the naive twin, 1,000 x 4,000 x 784
/// (work counted as 2 m n d for both, as for a matrix product).
func benchPairwise(threads: Int) throws -> [Measurement] {
  let x = randomMatrix(1000, 784, seed: 3), y = randomMatrix(4000, 784, seed: 4)
  let flops = 2.0 * 1000 * 4000 * 784
  let fast = try best(3) { _ = try PairwiseDistances.fast(x, y, metric: .squaredEuclidean, threads: threads) }
  let naive = try best(1) { _ = try PairwiseDistances.naive(x, y, metric: .squaredEuclidean, threads: threads) }
  let variant = KernelSelection.selected.rawValue
  return [Measurement(workload: "pairwise", size: "1000x4000x784 fast", threads: threads, variant: variant, seconds: fast, work: flops, unit: "flop"),
          Measurement(workload: "pairwise", size: "1000x4000x784 naive", threads: threads, variant: "naive", seconds: naive, work: flops, unit: "flop")]
}

/// One epoch of a 784-128-10 ReLU MLP on 10,000 random inputs, batch 64, SGD with momentum, on the
/// tape (the Abs-node Experiment 2 shape).
func benchMLPEpoch(threads: Int) throws -> Measurement {
  var generator = Xoshiro256StarStar(seed: 5)
  var network = try Network(try MLP.make(widths: [784, 128, 10], activation: .relu), using: &generator)
  var optimizer = try SGD(learningRate: 0.001, momentum: 0.9)
  let x = randomMatrix(10_000, 784, seed: 6)
  let labels = (0..<10_000).map { $0 % 10 }
  let time = try Parallelism.withThreads(threads) {
    try seconds {
      for start in stride(from: 0, to: 10_000, by: 64) {
        let rows = Array(start..<min(10_000, start + 64))
        let tape = Tape()
        let context = ForwardContext(tape: tape, parameters: network.parameters, mode: .training)
        let loss = try network(tape.variable(try x.rows(at: rows)), context: context).crossEntropy(labels: rows.map { labels[$0] })
        try optimizer.step(&network.parameters, gradients: try context.gradients(of: loss))
      }
    }
  }
  return Measurement(workload: "mlp", size: "784-128-10 relu, batch 64, 10000", threads: threads,
                     variant: KernelSelection.selected.rawValue, seconds: time, work: 10_000, unit: "samples")
}

/// Brute-force exact search, `m` queries against 60,000 points of dimension 784, k = 10 (random
/// data of MNIST's shape), Euclidean and cosine; work counted as the distance phase's 2 m n d.
func benchSearch(queries m: Int, threads: Int) throws -> [Measurement] {
  let train = randomMatrix(60_000, 784, seed: 7), queries = randomMatrix(m, 784, seed: 8)
  let flops = 2.0 * Double(m) * 60_000 * 784
  var results: [Measurement] = []
  for metric in [Metric.euclidean, .cosine] {
    let search = try BruteForceSearch(training: train, metric: metric, threads: threads)
    let time = try seconds { _ = try search.query(queries, k: 10) }
    results.append(Measurement(workload: "search", size: "\(metric) \(m)x60000x784 k=10", threads: threads,
                               variant: KernelSelection.selected.rawValue, seconds: time, work: flops, unit: "flop"))
  }
  return results
}

/// One epoch of one Experiment 2 model (ABS-24: closed-form 784-128-10 Abs network, batch 64,
/// momentum SGD, then the test pass) on 10,000 random MNIST-shaped training rows and 1,000 test
/// rows, through `Experiment2.train` itself: the unit of the paper-scale `abs-table5` run
/// (40 models x 50 epochs x 60,000 rows, models in parallel, one thread each).
func benchAbsEpoch() throws -> Measurement {
  func images(_ count: Int, seed: UInt64) throws -> NormalizedImages {
    try NormalizedImages(pixels: randomMatrix(count, 784, seed: seed).scalars, labels: (0..<count).map { $0 % 10 }, width: 784)
  }
  var configuration = Experiment2Configuration.forScale(.smoke)
  configuration.epochs = 1
  let data = MNISTSplits(training: try images(10_000, seed: 9), test: try images(1_000, seed: 10), source: "random")
  let experiment = try Experiment2(configuration: configuration, data: data, stream: SeedStream(seed: 11))
  let time = try best(3) { _ = try experiment.train(NetworkCondition(.abs, biasSampling: false), index: 0) }
  return Measurement(workload: "mlp", size: "abs-table5 model epoch 784-128-10, batch 64, 10000 (closed form)", threads: 1,
                     variant: KernelSelection.selected.rawValue, seconds: time, work: 10_000, unit: "samples")
}
