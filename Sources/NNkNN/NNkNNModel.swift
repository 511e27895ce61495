import Autodiff
import Foundation
import Networks
import Randomness
import Tensors

/// The extended NN-kNN of seed 000 (NNKNN-1): a case base (the training points), learnable glocal
/// feature weights, case biases and case weights, and an optional feature extractor.
///
/// Parameters (names in the store; NNKNN-7 gives their initial values):
///   "GW" [w, d]          global feature weightings
///   "cW" [n, w]          per-case coefficients over the weightings
///   "bias" [n]           per-case bias (the activation range), starts at B
///   "caseWeight" [n]     per-case weight in the class activation, starts at 1
///   "extractor.*"        the extractor's parameters, when it has any
/// where n = number of cases and d = number of features after the extractor.
public struct NNkNNModel: Sendable {
  public var configuration: NNkNNConfiguration
  /// B, the default bias: fixed, scales the activation (NNKNN-4).
  public let defaultBias: Double
  /// The cases' inputs [n, inputWidth] and labels.
  public let cases: Tensor
  public let caseLabels: [Int]
  public let classes: Int
  public var parameters: ParameterStore
  /// An optional feature extractor applied to queries and cases alike (NNKNN-10).
  public let extractor: (any Layer)?
  /// A frozen extractor's parameters are not trained (not in any optimiser group).
  public let extractorTrainable: Bool
  /// A frozen extractor (NNKNN-21) with its values, run off the tape in evaluation mode, and the
  /// case base's features through it, computed once at construction.
  let frozenExtractor: Network?
  let frozenCaseFeatures: Tensor?
  let sampler: CaseSampler

  public static let extractorPrefix = "extractor"

  /// A model over `cases` with B given (computed on the whole data set by ``defaultBias(cases:k:)``,
  /// as the authors do) and initial weights drawn from `stream` (child "GW", used when w > 1).
  /// With a frozen extractor (`extractorTrainable: false`, NNKNN-21) the cases' features are
  /// computed here once, in batches of `extractorBatchSize`.
  public init(configuration: NNkNNConfiguration, cases: Tensor, caseLabels: [Int], classes: Int, defaultBias: Double,
              stream: SeedStream, extractor: Network? = nil, extractorTrainable: Bool = true,
              extractorBatchSize: Int = 256) throws(NNkNNError) {
    guard cases.shape.count == 2 else { throw .notMatrix(argument: "cases", shape: cases.shape) }
    guard cases.shape[0] == caseLabels.count else {
      throw .labelCount(argument: "cases", rows: cases.shape[0], labels: caseLabels.count)
    }
    guard cases.isFinite else { throw .nonFinite(argument: "cases") }
    guard defaultBias.isFinite, defaultBias > 0 else { throw .invalidDefaultBias(defaultBias) }
    var sizes = [Int](repeating: 0, count: classes)
    for label in caseLabels {
      guard label >= 0, label < classes else { throw .labelOutOfRange(label: label, classes: classes) }
      sizes[label] += 1
    }
    try configuration.validate(classSizes: sizes)
    let n = caseLabels.count, w = configuration.weightings
    let features: Int
    if let extractor, !extractorTrainable {
      let all = try NNkNNError.lifting { try extractor.predict(cases, batchSize: extractorBatchSize) }
      guard all.isFinite else { throw .nonFinite(argument: "frozen extractor's case features") }
      frozenCaseFeatures = all
      features = all.shape[1]
    } else if let extractor {
      frozenCaseFeatures = nil
      features = try NNkNNError.lifting { try extractor.predict(cases.rows(0..<min(1, n))).shape[1] }
    } else {
      frozenCaseFeatures = nil
      features = cases.shape[1]
    }
    frozenExtractor = extractorTrainable ? nil : extractor
    self.configuration = configuration
    self.defaultBias = defaultBias
    self.cases = cases
    self.caseLabels = caseLabels
    self.classes = classes
    self.extractor = extractor?.layer
    self.extractorTrainable = extractorTrainable
    self.sampler = CaseSampler(count: configuration.sampledCases, caseLabels: caseLabels, classes: classes)
    // NNKNN-7: GW ones for w = 1, uniform [0, 1) otherwise; cW = 1/w; bias = B; caseWeight = 1.
    var globalWeights = Tensor.ones([w, features])
    if w > 1 {
      var generator = stream.child("GW").generator()
      for i in 0..<globalWeights.count { globalWeights[flat: i] = generator.nextDouble() }
    }
    var list = [Parameter(name: "GW", value: globalWeights),
                Parameter(name: "cW", value: Tensor(repeating: 1 / Double(w), shape: [n, w])),
                Parameter(name: "bias", value: Tensor(repeating: defaultBias, shape: [n])),
                Parameter(name: "caseWeight", value: Tensor.ones([n]))]
    if let extractor {
      list += extractor.parameters.parameters.map { Parameter(name: Self.extractorPrefix + "." + $0.name, value: $0.value) }
    }
    do { parameters = try ParameterStore(list) } catch { throw .network(error) }
  }

  /// Parameter names of each optimiser group (NNKNN-11): extractor, glocal weights, case parameters.
  public var groupNames: (extractor: [String], glocal: [String], cases: [String]) {
    (parameters.names.filter { $0.hasPrefix(Self.extractorPrefix + ".") }, ["GW", "cW"], ["bias", "caseWeight"])
  }
}
