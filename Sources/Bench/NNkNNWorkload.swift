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
