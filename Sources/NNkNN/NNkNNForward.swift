import Autodiff
import Foundation
import Networks
import Randomness
import Tensors

/// The recorded values of one forward pass (NNKNN-9). Shapes: m queries, s cases used, C classes.
public struct NNkNNPass {
  public let context: ForwardContext
  /// The query inputs as a leaf (so gradients with respect to the queries can be asked).
  public let queries: Variable
  /// Indices (into the case base) of the s cases this pass used.
  public let caseIndices: [Int]
  /// Per-case feature weights cw [s, d] (NNKNN-2).
  public let featureWeights: Variable
  /// Case distances [m, s] (NNKNN-3).
  public let distances: Variable
  /// Case activations [m, s] in (0, 1) (NNKNN-5).
  public let activations: Variable
  /// Class activations [m, C] (NNKNN-5).
  public let classActivations: Variable
  /// Mean softmax cross-entropy over the class activations, when labels were given (NNKNN-9).
  public let loss: Variable?

  /// argmax of each row of the class activations [m, C], ties to the lowest class (FOUND-4).
  /// The pass built them [m, C] with C >= 1, so every row has an argmax.
  public var predictions: [Int] {
    let value = classActivations.value
    let classes = value.shape[1]
    return (0..<value.shape[0]).map { row in
      var best = 0
      for c in 1..<max(classes, 1) where value.scalars[row * classes + c] > value.scalars[row * classes + best] { best = c }
      return best
    }
  }
}

/// The checks every NN-kNN family forward pass makes on its queries (NNKNN-20): a finite matrix
/// with the cases' feature count, and labels (when given) one per row, each in 0 ..< classes.
func checkQueries(_ queries: Tensor, labels: [Int]?, features: Int, classes: Int) throws(NNkNNError) {
  guard queries.shape.count == 2 else { throw .notMatrix(argument: "queries", shape: queries.shape) }
  guard queries.shape[1] == features else { throw .featureMismatch(cases: features, queries: queries.shape[1]) }
  guard queries.isFinite else { throw .nonFinite(argument: "queries") }
  if let labels {
    guard labels.count == queries.shape[0] else {
      throw .labelCount(argument: "queries", rows: queries.shape[0], labels: labels.count)
    }
    for label in labels where label < 0 || label >= classes { throw .labelOutOfRange(label: label, classes: classes) }
  }
}

extension NNkNNModel: CaseActivationModel {
  /// Records one forward pass on a fresh tape. `caseIndices` fixes the cases used (nil: draw them
  /// with the sampler from `generator`, or use all when no sampling is configured).
  public func forward<G: RandomSource>(_ queries: Tensor, labels: [Int]? = nil, caseIndices: [Int]? = nil,
                                       mode: ForwardContext.Mode = .training,
                                       using generator: inout G) throws(NNkNNError) -> NNkNNPass {
    try checkQueries(queries, labels: labels, features: cases.shape[1], classes: classes)
    for p in parameters.parameters where !p.value.isFinite { throw .nonFinite(argument: "parameter \(p.name)") }
    let chosen: [Int]
    if let caseIndices { chosen = caseIndices } else { chosen = try sampler.draw(using: &generator) }
    let tape = Tape()
    let context = ForwardContext(tape: tape, parameters: parameters, mode: mode)
    return try NNkNNError.lifting {
      try record(queries: tape.variable(queries, name: "queries"), caseIndices: chosen, labels: labels, context: context)
    }
  }

  /// Records the pass on `context`'s tape, with the parameters bound there and the queries as the
  /// given leaf (the gradient checker binds its own leaves through this entry point).
  func record(queries queryLeaf: Variable, caseIndices chosen: [Int], labels: [Int]?,
              context: ForwardContext) throws -> NNkNNPass {
    let all = chosen.count == caseLabels.count && chosen.elementsEqual(0..<caseLabels.count)
    var caseInput = context.tape.variable(
      frozenCaseFeatures ?? cases, name: frozenCaseFeatures == nil ? "cases" : "case features")
    if !all { caseInput = try caseInput.gatherRows(chosen) }
    let (queryFeatures, caseFeatures): (Variable, Variable)
    if let frozenExtractor {
      // NNKNN-21: a frozen extractor runs off the tape: its parameters get no gradient.
      let features = try frozenExtractor.predict(queryLeaf.value, batchSize: max(1, queryLeaf.shape[0]))
      (queryFeatures, caseFeatures) = (context.tape.variable(features, name: "query features"), caseInput)
    } else {
      (queryFeatures, caseFeatures) = try extract(queryLeaf, caseInput, context: context)
    }
    return try layers(queryFeatures: queryFeatures, caseFeatures: caseFeatures, queries: queryLeaf, caseIndices: chosen,
                      labels: labels, context: context)
  }

  /// Applies the extractor (NNKNN-10), inside the parameter scope "extractor", to queries and cases.
  func extract(_ queries: Variable, _ cases: Variable, context: ForwardContext) throws -> (Variable, Variable) {
    guard let extractor else { return (queries, cases) }
    return try context.scoped(Self.extractorPrefix) {
      (try extractor(queries, context: context), try extractor(cases, context: context))
    }
  }

  /// The NN-kNN layers (NNKNN-2 ... NNKNN-5, NNKNN-9) on extracted features.
  func layers(queryFeatures: Variable, caseFeatures: Variable, queries: Variable, caseIndices: [Int], labels: [Int]?,
              context: ForwardContext) throws -> NNkNNPass {
    let c = configuration
    let s = caseIndices.count
    let all = caseIndices.count == caseLabels.count && caseIndices.elementsEqual(0..<caseLabels.count)
    let pick: (Variable) throws -> Variable = { all ? $0 : try $0.gatherRows(caseIndices) }
    // NNKNN-2: glocal feature weights.
    let globalWeights = try context.parameter("GW").leakyReLU(slope: c.leakySlope)
    let rawCoefficients = try pick(try context.parameter("cW"))
    let coefficients = c.glocal == .code ? rawCoefficients.leakyReLU(slope: c.leakySlope) : rawCoefficients
    let featureWeights = try coefficients.matmul(globalWeights)
    // NNKNN-3: case distances.
    let distances: Variable
    switch c.distance {
    case .weightedEuclidean:
      // NNKNN-8: at a self-match S = 0 exactly; sqrt's infinite derivative is discarded by relu's
      // select, so the gradient is 0 there, as in the authors' PyTorch.
      distances = try queryFeatures.weightedDistances(to: caseFeatures, weights: featureWeights, .squared).relu().sqrt()
    case .paperSquared:
      distances = try queryFeatures.weightedDistances(to: caseFeatures, weights: featureWeights, .squared)
    case .paperAbsolute:
      distances = try queryFeatures.weightedDistances(to: caseFeatures, weights: featureWeights, .absolute)
    }
    // NNKNN-5: a = sigmoid((bias - d) * 8 / B - 4), the constants named in CaseActivation; class
    // activations through the fused operations of NNKNN-27.
    let bias = try pick(try context.parameter("bias").reshaped([-1, 1])).reshaped([1, s])
    var activations = try distances.scaledSigmoidActivations(
      bias: bias, slope: CaseActivation.slope(defaultBias: defaultBias), offset: CaseActivation.offset)
    if c.excludeIdenticalCases {
      let keep = distances.value.map { $0 < 1e-8 ? 0 : 1 }
      activations = try activations.multiplying(keep)
    }
    var weights = try pick(try context.parameter("caseWeight").reshaped([-1, 1])).reshaped([1, s])
    if c.caseWeighting == .relu { weights = weights.relu() }
    let classActivations = try activations.classActivations(caseWeights: weights, labels: caseIndices.map { caseLabels[$0] },
                                                            classes: classes)
    let loss = try labels.map { try classActivations.crossEntropy(labels: $0) }
    return NNkNNPass(context: context, queries: queries, caseIndices: caseIndices, featureWeights: featureWeights,
                     distances: distances, activations: activations, classActivations: classActivations, loss: loss)
  }
}
