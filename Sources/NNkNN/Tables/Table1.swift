import Datasets
import Evaluation

/// `nnknn-table1`: seed 000 Table 1, the data set characteristics, computed from the data (REPRO-10).
enum NNkNNTable1 {
  static let table = ReproductionTable(id: "nnknn-table1", paper: "seed 000 (NN-kNN, extended)", summary: """
    Table 1: features, samples and classes of the seven small data sets
    """) { context in
    var rows: [ReportRow] = []
    for set in SmallDataSet.all {
      let data = try set.load()
      let measured = [("features", data.featureCount, set.characteristics.0), ("samples", data.count, set.characteristics.1),
                      ("classes", data.classCount, set.characteristics.2)]
      for (metric, ours, paper) in measured {
        rows.append(ReportRow(key: [("dataset", set.name)], metric: metric, ours: Summary(mean: Double(ours), std: 0, n: 1),
                              paper: PaperValue(Double(paper), std: 0)))
      }
    }
    return TableReport(id: "nnknn-table1", title: "Data set characteristics", paper: "seed 000 Table 1", scale: context.scale,
                       seed: context.seed, rows: rows,
                       notes: ["Counted from the shipped files and the Zebra/Balance generators; every scale is exact."])
  }
}
