import Evaluation
import Networks

/// How much of the paper's protocol each scale runs (EBE-12). The paper trains a full-width
/// ResNet18 on the whole training set and queries the whole test set; in double precision on two
/// cores that costs hours per epoch, so paper scale shrinks the width, the epochs and the test
/// set (the numbers and the projected cost of full width are in Spec/EBEDNN.md), and
/// `--weights FILE` runs the same tables from a full backbone trained elsewhere.
struct EBEScale: Sendable {
  /// First training and test examples kept (nil: all).
  let trainingLimit: Int?
  let testLimit: Int?
  /// True at paper scale: the data must come from --data-dir, whole.
  let requiresFullData: Bool
  let backbone: BackboneConfiguration
  let settings: EBESettings

  static func of(_ scale: Scale, dataSet: EBEDataSet) -> EBEScale {
    let augmentation = dataSet == .cifar10 ? try? Augmentation(cropPadding: 4, horizontalFlip: true) : nil
    switch scale {
    case .smoke:
      var settings = EBESettings(validationCount: 40)
      settings.blockSize = 200
      settings.figureQueries = 3
      settings.figureNeighbours = 4
      return EBEScale(trainingLimit: 300, testLimit: 60, requiresFullData: false,
        backbone: BackboneConfiguration(widthMultiplier: 1.0 / 16, epochs: 1, batchSize: 32, augmentation: augmentation),
        settings: settings)
    case .default:
      return EBEScale(trainingLimit: 5_000, testLimit: 1_000, requiresFullData: false,
        backbone: BackboneConfiguration(widthMultiplier: 1.0 / 8, epochs: 3, batchSize: 64, augmentation: augmentation),
        settings: EBESettings(validationCount: 500))
    case .paper:
      return EBEScale(trainingLimit: nil, testLimit: 2_000, requiresFullData: true,
        backbone: BackboneConfiguration(widthMultiplier: 1.0 / 4, epochs: 2, batchSize: 128, augmentation: augmentation),
        settings: EBESettings(validationCount: 1_000))
    }
  }

  var description: String {
    "training examples: \(trainingLimit.map { "first \($0)" } ?? "all"), \(settings.validationCount) of them held out for the layer choice; "
      + "test examples: \(testLimit.map { "first \($0)" } ?? "all")"
  }
}
