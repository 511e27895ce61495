import Tensors

/// Feature scaling of data sets (DATA-19). Fitted on one split, applied to another; or, as a named
/// variant, fitted on the whole data set before any split, as the NN-kNN authors do for Digits and
/// Breast Cancer (which lets test-fold minima and maxima shape the training features).
public enum Preprocessing: String, Sendable, CaseIterable {
  /// Features as they are.
  case none
  /// Min-max to [0, 1] fitted on the training split (STATS-4).
  case minMaxOnTraining
  /// Standardisation fitted on the training split (STATS-3).
  case standardizeOnTraining
  /// The authors' variant: min-max fitted on the whole data set, before splitting.
  case minMaxOnWholeDataSet

  /// Returns (train, test) features transformed by this policy. `whole` is the full data set's
  /// features (used only by `minMaxOnWholeDataSet`).
  public func apply(train: Tensor, test: Tensor, whole: Tensor) throws(DatasetError) -> (Tensor, Tensor) {
    do {
      switch self {
      case .none: return (train, test)
      case .minMaxOnTraining:
        let scaler = try MinMaxScaler(fitting: train)
        return (try scaler.transform(train), try scaler.transform(test))
      case .standardizeOnTraining:
        let scaler = try Standardizer(fitting: train)
        return (try scaler.transform(train), try scaler.transform(test))
      case .minMaxOnWholeDataSet:
        let scaler = try MinMaxScaler(fitting: whole)
        return (try scaler.transform(train), try scaler.transform(test))
      }
    } catch {
      throw .invalidArgument(operation: "preprocessing \(rawValue)", reason: "\(error)")
    }
  }
}
