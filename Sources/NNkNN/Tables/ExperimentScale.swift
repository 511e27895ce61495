import Evaluation

/// How much of the papers' protocol a scale runs (NNKNN-14). Folds are always scikit-learn's
/// KFold(10, shuffle, seed 42) (EVAL-1); smaller scales use its first folds only.
struct ExperimentScale {
  let foldsUsed: Int
  let schedule: PatienceSchedule
  let policies: [(String, SelectionPolicy)]
  let weightings: [Int]

  static let testSet = ("test-set selection (paper)", SelectionPolicy.testSetSelection)
  static let validation = ("validation selection (10%)", SelectionPolicy.validationSelection(validationFraction: 0.1))

  static func of(_ scale: Scale) -> ExperimentScale {
    switch scale {
    case .smoke: return ExperimentScale(foldsUsed: 1, schedule: PatienceSchedule(maxEpochs: 2, patience: 2), policies: [testSet],
                                        weightings: [1, 4])
    case .default: return ExperimentScale(foldsUsed: 2, schedule: PatienceSchedule(maxEpochs: 30, patience: 10),
                                          policies: [testSet, validation], weightings: [1, 4])
    case .paper: return ExperimentScale(foldsUsed: 10, schedule: PatienceSchedule(maxEpochs: 1000, patience: 40),
                                        policies: [testSet, validation], weightings: [1, 4])
    }
  }

  var description: String {
    """
      \(foldsUsed) of the 10 folds of KFold(10, shuffle, seed 42); up to \(schedule.maxEpochs) epochs, \
      patience \(schedule.patience)
      """
  }
}
