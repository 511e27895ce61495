import Neighbors
import Networks
import Randomness
import Tensors

/// Every way the NN-kNN models refuse their input (NNKNN-20). Each case carries what was wrong as
/// values (the argument's name, the number given, the range accepted), so a caller can match on
/// it; ``description`` words it for a person.
public enum NNkNNError: Error, Equatable, Sendable, CustomStringConvertible {
  /// w, the number of global weightings, below 1.
  case invalidWeightings(Int)
  /// k outside 1 ..< cases: the k-th nearest other case must exist.
  case invalidK(k: Int, cases: Int)
  /// NNkNN-O's top-k outside 1 ... cases.
  case invalidTopK(k: Int, cases: Int)
  /// A class with no cases.
  case emptyClass(Int)
  /// Fewer sampled cases per pass than classes, so some class would get none (NNKNN-6).
  case tooFewSampledCases(sampled: Int, classes: Int)
  /// Cases have `cases` features, the queries `queries`.
  case featureMismatch(cases: Int, queries: Int)
  /// An argument that must be a matrix [rows, features] has another shape.
  case notMatrix(argument: String, shape: [Int])
  /// A label list whose length is not the argument's number of rows.
  case labelCount(argument: String, rows: Int, labels: Int)
  /// B not finite and positive (NNKNN-4).
  case invalidDefaultBias(Double)
  /// A hyperparameter outside what it accepts (e.g. the leaky slope, NNkNN-O's discount, the batch size).
  case invalidHyperparameter(name: String, value: Double, accepted: String)
  /// NaN or infinity in the named argument (cases, queries, a parameter by name).
  case nonFinite(argument: String)
  case labelOutOfRange(label: Int, classes: Int)
  /// A query row outside 0 ..< rows.
  case rowOutOfRange(row: Int, rows: Int)
  /// Training produced a non-finite loss ("loss") or gradient (the parameter's name) at `epoch`.
  case diverged(epoch: Int, group: String)
  /// A tensor operation of the model refused its operands.
  case tensor(TensorError)
  /// The parameter store, the optimiser or the extractor network refused.
  case network(NetworkError)
  /// The neighbour search refused (default bias, NNKNN-4).
  case neighbors(NeighborsError)
  /// The random source refused a draw (case sampling, NNKNN-6).
  case randomness(RandomnessError)
  /// A caller-supplied extractor layer threw an error of its own type, given as it describes itself.
  case extractorLayer(String)

  public var description: String {
    switch self {
    case let .invalidWeightings(w): return "the number of global weightings w must be at least 1, got \(w)"
    case let .invalidK(k, cases): return "k = \(k): needs 1 <= k < n = \(cases) (the number of cases)"
    case let .invalidTopK(k, cases): return "top-k = \(k): needs 1 <= k <= \(cases) (the number of cases)"
    case let .emptyClass(c): return "class \(c) has no cases"
    case let .tooFewSampledCases(sampled, classes):
      return "sampledCases = \(sampled) must be at least the number of classes, \(classes)"
    case let .featureMismatch(cases, queries): return "cases have \(cases) features but queries have \(queries)"
    case let .notMatrix(argument, shape): return "\(argument) must be a matrix [rows, features], got shape \(shape)"
    case let .labelCount(argument, rows, labels): return "\(labels) labels for the \(rows) rows of \(argument)"
    case let .invalidDefaultBias(b): return "the default bias B must be positive and finite, got \(b)"
    case let .invalidHyperparameter(name, value, accepted): return "\(name) = \(value): must be \(accepted)"
    case let .nonFinite(argument): return "\(argument) contains NaN or infinity"
    case let .labelOutOfRange(label, classes): return "label \(label) is outside 0..<\(classes)"
    case let .rowOutOfRange(row, rows): return "query row \(row) is outside 0..<\(rows)"
    case let .diverged(epoch, group):
      return "training diverged at epoch \(epoch): the loss or the gradient of the \(group) parameters is not finite"
    case let .tensor(error): return "\(error)"
    case let .network(error): return "\(error)"
    case let .neighbors(error): return "\(error)"
    case let .randomness(error): return "\(error)"
    case let .extractorLayer(message): return "the extractor failed: \(message)"
    }
  }

  /// Runs `body` (code that records on a tape, binds parameters, runs the extractor) and gives
  /// what the layers below throw the case that names their module.
  static func lifting<T>(_ body: () throws -> T) throws(NNkNNError) -> T {
    do {
      return try body()
    } catch let error as NNkNNError {
      throw error
    } catch let error as TensorError {
      throw .tensor(error)
    } catch let error as NetworkError {
      throw .network(error)
    } catch let error as NeighborsError {
      throw .neighbors(error)
    } catch let error as RandomnessError {
      throw .randomness(error)
    } catch {
      throw .extractorLayer("\(error)")
    }
  }
}
