import Tensors

/// Every way the neighbours module refuses its input (NBR-18). Each case names the argument and
/// carries the offending value, shape, row or label, so the message alone says what to fix.
public enum NeighborsError: Error, Equatable, Sendable, CustomStringConvertible {
  /// k < 1, or k larger than the number of candidates (n, or n - 1 when leaving one out).
  case invalidK(k: Int, candidates: Int)
  /// A training set with no rows.
  case emptyTrainingSet
  /// A point set that is not a matrix [n, d].
  case rank(argument: String, shape: [Int])
  /// Columns (features) that do not match the training set's, or a weight vector of the wrong length.
  case dimensionMismatch(argument: String, expected: Int, got: Int)
  /// A NaN or infinite coordinate (row, column, value).
  case nonFinite(argument: String, row: Int, column: Int, value: Double)
  /// A row whose squared norm overflows (|x|^2 > greatest finite double): its distances are not finite.
  case normOverflow(argument: String, row: Int)
  /// A label outside 0..<classes (training row `index`).
  case labelOutOfRange(index: Int, label: Int, classes: Int)
  /// A label (or target) count different from the number of training rows.
  case labelCount(expected: Int, got: Int)
  /// A metric the operation cannot use (for example cosine in a k-d tree).
  case unsupportedMetric(operation: String, metric: String)
  /// A class with too few members for the operation (LMNN needs k target neighbours per point).
  case classTooSmall(label: Int, members: Int, needed: Int)
  /// Any other argument outside its documented domain.
  case invalidArgument(operation: String, reason: String)
  /// An error from the tensor layer (shapes inside the metric-learning objectives).
  case tensor(TensorError)

  public var description: String {
    switch self {
    case let .invalidK(k, n): return "k = \(k) is invalid: need 1 <= k <= \(n) (the number of candidates)"
    case .emptyTrainingSet: return "the training set has no rows"
    case let .rank(a, s): return "\(a) must be a matrix [n, d], got shape \(s)"
    case let .dimensionMismatch(a, e, g): return "\(a) has \(g) features, expected \(e)"
    case let .nonFinite(a, r, c, v): return "\(a)[\(r), \(c)] = \(v) is not finite"
    case let .normOverflow(a, r): return "\(a) row \(r): squared norm overflows"
    case let .labelOutOfRange(i, l, c): return "label \(l) of training row \(i) is outside 0..<\(c)"
    case let .labelCount(e, g): return "\(g) labels for \(e) training rows"
    case let .unsupportedMetric(op, m): return "\(op) does not support the \(m) metric"
    case let .classTooSmall(l, m, n): return "class \(l) has \(m) members, needs at least \(n)"
    case let .invalidArgument(op, r): return "\(op): \(r)"
    case let .tensor(e): return "tensor error: \(e)"
    }
  }
}

/// Input checks shared by every entry point (NBR-18).
enum Check {
  /// A finite matrix [n, d]; returns (n, d). `columns`, when given, must equal d.
  static func points(_ x: Tensor, _ argument: String, columns: Int? = nil) throws(NeighborsError) -> (rows: Int, columns: Int) {
    guard x.rank == 2 else { throw .rank(argument: argument, shape: x.shape) }
    let (n, d) = (x.shape[0], x.shape[1])
    if let columns, columns != d { throw .dimensionMismatch(argument: argument, expected: columns, got: d) }
    if let flat = x.scalars.firstIndex(where: { !$0.isFinite }) {
      throw .nonFinite(argument: argument, row: flat / d, column: flat % d, value: x.scalars[flat])
    }
    return (n, d)
  }

  /// Labels for n rows, each in 0..<classes.
  static func labels(_ labels: [Int], rows: Int, classes: Int) throws(NeighborsError) {
    guard classes >= 1 else { throw .invalidArgument(operation: "labels", reason: "class count \(classes) < 1") }
    guard labels.count == rows else { throw .labelCount(expected: rows, got: labels.count) }
    for (i, label) in labels.enumerated() where label < 0 || label >= classes {
      throw .labelOutOfRange(index: i, label: label, classes: classes)
    }
  }

  /// 1 <= k <= candidates.
  static func k(_ k: Int, candidates: Int) throws(NeighborsError) {
    guard k >= 1 && k <= candidates else { throw .invalidK(k: k, candidates: candidates) }
  }
}
