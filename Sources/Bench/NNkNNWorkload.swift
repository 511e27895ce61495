import Datasets
import Evaluation
import Foundation
import NNkNN
import Randomness
import Tensors

/// One NN-kNN training epoch on Digits with all cases (1,617 training cases x 64 features, w = 4,
/// batch 32: 51 steps, each 32 x 1,617 x 64 distances forward and back), then the evaluation of
/// the 180 test queries.
func benchNNkNNEpoch(threads: Int) throws -> [Measurement] {
  let digits = try Dataset.digits()
  let folds = try Folds.scikitLearnKFold(count: digits.count, splits: 10, seed: 42)[0]
  let x = try digits.features.rows(at: folds.train), y = folds.train.map { digits.labels[$0] }
  let model = try NNkNNModel(configuration: .code(weightings: 4, k: 5), cases: x, caseLabels: y, classes: 10,
                             defaultBias: try defaultBias(cases: digits.features, k: 5), stream: SeedStream(seed: 1))
  var trainer = try NNkNNTrainer(model: model, settings: .paperSmallData(batchSize: 32))
  var generator = SeedStream(seed: 2).generator()
  let test = try digits.features.rows(at: folds.test)
  var evaluation = 0.0
  let epoch = try Parallelism.withThreads(threads) {
    let t = try seconds { _ = try trainer.trainEpoch(queries: x, labels: y, epoch: 1, using: &generator) }
    evaluation = try seconds { _ = try trainer.model.predict(test, using: &generator) }
    return t
  }
  let variant = KernelSelection.selected.rawValue
  return [Measurement(workload: "nnknn", size: "Digits epoch, 1617 cases, w=4, b=32", threads: threads, variant: variant,
                      seconds: epoch, work: Double(x.shape[0]), unit: "samples"),
          Measurement(workload: "nnknn", size: "Digits evaluation, 180 queries", threads: threads, variant: variant,
                      seconds: evaluation, work: Double(folds.test.count), unit: "samples")]
}

/// NN-kNN's weighted-distance kernels (FOUND-12) at the Digits epoch's shape: 32 queries x 1,617
/// cases x 64 features, squared differences; forward, backward with dW alone (what training without
/// an extractor asks, FOUND-72) and backward with all three cotangents. Work: m n d terms.
func benchWeightedDistances(threads: Int) -> [Measurement] {
  let (m, n, d) = (32, 1617, 64)
  let q = randomMatrix(m, d, seed: 11).scalars, c = randomMatrix(n, d, seed: 12).scalars
  let w = randomMatrix(n, d, seed: 13).scalars, g = randomMatrix(m, n, seed: 14).scalars
  let variant = KernelSelection.selected.rawValue
  let size = "\(m) x \(n) x \(d) "
  func measure(_ name: String, _ body: () -> Void) -> Measurement {
    Measurement(workload: "weighted", size: size + name, threads: threads, variant: variant,
                seconds: bestWithin { body() }, work: Double(m * n * d), unit: "term")
  }
  return [
    measure("forward") { _ = WeightedDistances.forward(q, c, w, m: m, n: n, d: d, kind: .squared, threads: threads) },
    measure("backward dW") {
      _ = WeightedDistances.backward(g, q, c, w, m: m, n: n, d: d, kind: .squared, needing: .init(queries: false, cases: false),
                                     threads: threads)
    },
    measure("backward all") { _ = WeightedDistances.backward(g, q, c, w, m: m, n: n, d: d, kind: .squared, threads: threads) },
  ]
}
