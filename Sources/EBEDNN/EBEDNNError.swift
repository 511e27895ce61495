import Datasets
import Neighbors
import Networks
import Tensors

/// Every way the EBEDNN module refuses its input (EBE-13). Each case carries what was wrong, so
/// the message alone says what to fix.
public enum EBEDNNError: Error, Sendable, CustomStringConvertible {
  /// A tap that is not a candidate embedding tap of the backbone (EBE-3).
  case unknownTap(String, candidates: [String])
  /// k outside 1...n, or a k list that is empty.
  case invalidK(Int, trainingCount: Int)
  /// Embeddings, labels or queries whose sizes do not agree.
  case dimensionMismatch(what: String, expected: Int, got: Int)
  /// A label outside 0..<classes.
  case labelOutOfRange(row: Int, label: Int, classes: Int)
  /// A NaN or infinity where finite values are required.
  case nonFinite(what: String, index: Int, value: Double)
  /// A configuration value outside its domain (widths, epochs, fractions...).
  case invalidConfiguration(String)
  /// Named weights that do not make a ResNet18 (a missing, extra or misshapen tensor, EBE-11).
  case weights(String)
  /// A backbone file that cannot be read yet or at all (EBE-11).
  case backboneFile(path: String, reason: String)
  /// A data set that cannot be used.
  case data(String)
  case neighbors(NeighborsError)
  case network(NetworkError)
  case dataset(DatasetError)
  case tensor(TensorError)

  public var description: String {
    switch self {
    case let .unknownTap(name, candidates):
      return "tap '\(name)' is not an embedding tap of this backbone; candidates: \(candidates.joined(separator: ", "))"
    case let .invalidK(k, n): return "k = \(k) must be in 1...\(n) (the number of training examples)"
    case let .dimensionMismatch(what, e, g): return "\(what): expected \(e), got \(g)"
    case let .labelOutOfRange(row, label, classes): return "label \(label) of training example \(row) is outside 0..<\(classes)"
    case let .nonFinite(what, i, v): return "\(what): non-finite value \(v) at flat index \(i)"
    case let .invalidConfiguration(reason): return "configuration: \(reason)"
    case let .weights(reason): return "weights: \(reason)"
    case let .backboneFile(path, reason): return "\(path): \(reason)"
    case let .data(reason): return "data: \(reason)"
    case let .neighbors(e): return "\(e)"
    case let .network(e): return e.description
    case let .dataset(e): return "\(e)"
    case let .tensor(e): return e.description
    }
  }
}

/// Runs a tensor operation, converting its error to ``EBEDNNError/tensor(_:)``.
@inline(__always)
func liftTensor<T>(_ body: () throws(TensorError) -> T) throws(EBEDNNError) -> T {
  do { return try body() } catch { throw .tensor(error) }
}

/// Runs a neighbour search, converting its error to ``EBEDNNError/neighbors(_:)``.
@inline(__always)
func liftNeighbors<T>(_ body: () throws(NeighborsError) -> T) throws(EBEDNNError) -> T {
  do { return try body() } catch { throw .neighbors(error) }
}

/// Checks that every value is finite, naming the input and the first bad index.
func requireFinite(_ values: [Double], _ what: String) throws(EBEDNNError) {
  if let i = values.firstIndex(where: { !$0.isFinite }) { throw .nonFinite(what: what, index: i, value: values[i]) }
}
