/// Rough operation counts of one fold's run of each model on a small data set, so that progress
/// estimates weigh the remaining work by its cost (EVAL-51). For d features, n points, C classes,
/// n_tr = 0.9 n training points, E = the scale's epoch limit and I = metric-learning steps:
///   NN-kNN, NN-kNN_O: 6 E n n_tr d  (every query against every case, forward and backward)
///   NNet:             6 E n (64 d + 3 * 64^2 + 64 C)
///   kNN:              2 (n - n_tr) n_tr d
///   NCA:              I (6 n_tr^2 d + 4 n_tr d^2 + 30 n_tr^2)   (products, then the softmax rows)
///   LMNN:             I (6 n_tr^2 d + 4 n_tr d^2 + 9 n_tr^2)    (3 target neighbours against every point)
/// Only the ratios matter; early stopping makes the epoch counts upper bounds.
struct FoldCost {
  let caseModel: Double, network: Double, neighbours: Double, nca: Double, lmnn: Double

  init(_ set: SmallDataSet, _ scale: ExperimentScale) {
    let (d, n, c) = (Double(set.characteristics.0), Double(set.characteristics.1), Double(set.characteristics.2))
    let train = (0.9 * n).rounded()
    let epochs = Double(scale.schedule.maxEpochs)
    caseModel = 6 * epochs * n * train * d
    network = 6 * epochs * n * (64 * d + 3 * 64 * 64 + 64 * c)
    neighbours = 2 * (n - train) * train * d
    let products = 6 * train * train * d + 4 * train * d * d
    nca = Double(scale.ncaConfiguration.iterations) * (products + 30 * train * train)
    lmnn = Double(scale.lmnnConfiguration.iterations) * (products + 9 * train * train)
  }
}
