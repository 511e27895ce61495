import Foundation
import Networks
import NNkNN
import Randomness
import Tensors

/// Joint training of seed 000's ConvNet extractor (widths 32, 64, 128; 32 x 32 x 3 images) with
/// NN-kNN (w = 1, k = 20), batch 100, for 500 and 2,000 sampled cases (NNKNN-25): a case base of
/// 2,100 random images (so 2,000 can be sampled), 2 steps (--quick: 1) of queries from it, timed per step, and the projected time
/// of one 50,000-image epoch
/// (500 steps, CIFAR-10's training set). Each step runs 100 + s images through the extractor
/// forward and back. With the frozen extractor (Pre-Conv + NN-kNN) only the batch's 100 images
/// go through it (the case features are cached), so its step does not grow with s.
func benchJointNNkNN(quick: Bool, threads: Int) throws -> [Measurement] {
  let n = 2100, queries = quick ? 100 : 200
  var generator = Xoshiro256StarStar(seed: 5)
  var images = Tensor.zeros([n, 3 * 32 * 32])
  for i in 0..<images.count { images[flat: i] = 2 * generator.nextDouble() - 1 }
  let labels = (0..<n).map { $0 % 10 }
  var measurements: [Measurement] = []
  for (sampled, trainable) in [(500, true), (2000, true), (500, false)] {
    var initial = Xoshiro256StarStar(seed: 6)
    let extractor = try Network(
      try ConvolutionalNetworks.featureExtractor(inputChannels: 3, imageSize: (32, 32)), using: &initial)
    var configuration = NNkNNConfiguration.code(weightings: 1, k: 20)
    configuration.sampledCases = sampled
    let model = try NNkNNModel(configuration: configuration, cases: images, caseLabels: labels, classes: 10, defaultBias: 1,
                               stream: SeedStream(seed: 7), extractor: extractor, extractorTrainable: trainable)
    var trainer = try NNkNNTrainer(model: model, settings: .codeLargeData(batchSize: 100))
    var shuffle = SeedStream(seed: 8).generator()
    let steps = queries / 100
    let batch = try images.rows(0..<queries)
    let elapsed = try Parallelism.withThreads(threads) {
      try seconds { _ = try trainer.trainEpoch(queries: batch, labels: Array(labels.prefix(queries)), epoch: 1, using: &shuffle) }
    }
    let perStep = elapsed / Double(steps)
    let name = trainable ? "Conv + NN-kNN \(sampled)" : "Pre-Conv + NN-kNN \(sampled) (frozen)"
    measurements.append(Measurement(workload: "nnknn-joint", size: "\(name), \(steps) steps of batch 100", threads: threads,
                                    variant: KernelSelection.selected.rawValue, seconds: elapsed,
                                    work: Double(steps * (100 + (trainable ? sampled : 0))), unit: "samples",
                                    note: String(format: "%.2f s per step; projected %.2f h per 50,000-image epoch", perStep,
                                                 perStep * 500 / 3600)))
  }
  return measurements
}
