import Neighbors
import Tensors

/// Every way the DkNN module refuses its input (DKNN-40). Each case names the argument at fault and
/// carries the offending value, shape or index, so the message alone says what to fix.
public enum DkNNError: Error, Equatable, Sendable, CustomStringConvertible {
  /// No layers, or layers whose names repeat.
  case layers(String)
  /// A representation that is not a finite matrix with one row per point, or a layer whose
  /// columns differ from the training representations' columns at that layer.
  case representation(layer: String, reason: String)
  /// A label count other than the number of points, or a label outside 0..<classes.
  case labels(argument: String, reason: String)
  /// k outside 1...(number of training points), classes below what the operation needs.
  case invalidArgument(String)
  /// A calibration set with no score left (empty, or every score 0 and trimmed, DKNN-5).
  case emptyCalibration(String)
  /// A token sequence the interpretations cannot use (too short, an id the model refuses).
  case tokens(String)
  /// A model output of the wrong shape or with non-finite values.
  case model(String)
  /// An error of the neighbour search, with the layer it came from.
  case search(layer: String, NeighborsError)

  public var description: String {
    switch self {
    case let .layers(reason): return "layers: \(reason)"
    case let .representation(layer, reason): return "representation at layer '\(layer)': \(reason)"
    case let .labels(argument, reason): return "\(argument): \(reason)"
    case let .invalidArgument(reason): return reason
    case let .emptyCalibration(reason): return "calibration: \(reason)"
    case let .tokens(reason): return "tokens: \(reason)"
    case let .model(reason): return "model: \(reason)"
    case let .search(layer, error): return "neighbour search at layer '\(layer)': \(error)"
    }
  }
}

/// Input checks shared by the module's entry points (DKNN-40).
enum DkNNCheck {
  /// One label per point, each in 0..<classes.
  static func labels(_ labels: [Int], count: Int, classes: Int, argument: String) throws(DkNNError) {
    guard labels.count == count else { throw .labels(argument: argument, reason: "\(labels.count) labels for \(count) points") }
    if let i = labels.firstIndex(where: { $0 < 0 || $0 >= classes }) {
      throw .labels(argument: argument, reason: "label \(labels[i]) of point \(i) is outside 0..<\(classes)")
    }
  }

  /// At least `minimum` classes.
  static func classes(_ classes: Int, minimum: Int) throws(DkNNError) {
    guard classes >= minimum else { throw .invalidArgument("classes = \(classes): at least \(minimum) needed") }
  }
}
