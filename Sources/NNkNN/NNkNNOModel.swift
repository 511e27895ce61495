import Autodiff
import Foundation
import Networks
import Randomness
import Tensors

/// The original NN-kNN of Ye et al. (ICCBR 2024), NN-kNN_O (NNKNN-12).
///
/// Parameters:
///   "f" [d]                 shared feature scale, starts at 1; enters as f_j^2
///   "W" [n, d] or [1, d]    feature weights (individual or shared), start at 1; enter as leakyReLU(W, 0.01)
///   "bias" [n]              case bias, starts at d / discount
///   "classWeight" [n]       each case's weight towards its own class, starts at 1; enters as relu
///   "classBias" [C]         class bias, starts at 1
/// Case activation: sigmoid(bias_c - sum_j leakyReLU(W_cj) f_j^2 (q_j - c_j)^2). Class activation:
/// sum_c act_c relu(classWeight_c) onehot(label_c) + classBias. With `topK`, evaluation keeps the k
/// largest case activations of each query (ties to the lower case index) and zeroes the rest.
public struct NNkNNOModel: CaseActivationModel {
  public struct Configuration: Sendable, Equatable {
    /// One feature-weight row shared by all cases (true) or one row per case (false).
    public var weightSharing: Bool
    /// Keep only the k most activated cases at evaluation (nil: all).
    public var topK: Int?
    /// bias starts at d / discount (2 for Zebra, Iris, Wine; 10 for Digits, Breast Cancer).
    public var discount: Double
    public var leakySlope: Double = 0.01
    public init(weightSharing: Bool, topK: Int?, discount: Double) {
      self.weightSharing = weightSharing; self.topK = topK; self.discount = discount
    }
  }

  public let configuration: Configuration
  public let cases: Tensor
  public let caseLabels: [Int]
  public let classes: Int
  public var parameters: ParameterStore

  public init(configuration: Configuration, cases: Tensor, caseLabels: [Int], classes: Int) throws(NNkNNError) {
    guard cases.shape.count == 2 else { throw .notMatrix(argument: "cases", shape: cases.shape) }
    guard cases.shape[0] == caseLabels.count, !caseLabels.isEmpty else {
      throw .labelCount(argument: "cases", rows: cases.shape[0], labels: caseLabels.count)
    }
    guard cases.isFinite else { throw .nonFinite(argument: "cases") }
    guard configuration.discount.isFinite, configuration.discount > 0 else {
      throw .invalidHyperparameter(name: "discount", value: configuration.discount, accepted: "finite and > 0")
    }
    if let k = configuration.topK, k < 1 || k > caseLabels.count { throw .invalidTopK(k: k, cases: caseLabels.count) }
    for label in caseLabels where label < 0 || label >= classes { throw .labelOutOfRange(label: label, classes: classes) }
    let (n, d) = (cases.shape[0], cases.shape[1])
    self.configuration = configuration
    self.cases = cases
    self.caseLabels = caseLabels
    self.classes = classes
    do {
      parameters = try ParameterStore([
        Parameter(name: "f", value: Tensor.ones([d])),
        Parameter(name: "W", value: Tensor.ones([configuration.weightSharing ? 1 : n, d])),
        Parameter(name: "bias", value: Tensor(repeating: Double(d) / configuration.discount, shape: [n])),
        Parameter(name: "classWeight", value: Tensor.ones([n])),
        Parameter(name: "classBias", value: Tensor.ones([classes])),
      ])
    } catch { throw .network(error) }
  }

  public func forward<G: RandomSource>(_ queries: Tensor, labels: [Int]? = nil, caseIndices: [Int]? = nil,
                                       mode: ForwardContext.Mode = .training,
                                       using generator: inout G) throws(NNkNNError) -> NNkNNPass {
    try checkQueries(queries, labels: labels, features: cases.shape[1], classes: classes)
    let tape = Tape()
    let context = ForwardContext(tape: tape, parameters: parameters, mode: mode)
    return try NNkNNError.lifting {
      try record(queries: tape.variable(queries, name: "queries"), labels: labels, context: context)
    }
  }

  /// Records the pass on `context`'s tape with the parameters bound there.
  func record(queries queryLeaf: Variable, labels: [Int]?, context: ForwardContext) throws -> NNkNNPass {
    let n = caseLabels.count
    let mode = context.mode
    let tape = context.tape
    let caseLeaf = tape.variable(cases, name: "cases")
    let scale = try context.parameter("f").square().reshaped([1, -1])
    var weights = try context.parameter("W").leakyReLU(slope: configuration.leakySlope) * scale
    if configuration.weightSharing { weights = try weights.multiplying(Tensor.ones([n, 1])) }
    let distances = try queryLeaf.weightedDistances(to: caseLeaf, weights: weights, .squared)
    // sigmoid(bias - d): NNKNN-27's fused case activations with slope 1 and offset 0 (same bits).
    var activations = try distances.scaledSigmoidActivations(bias: try context.parameter("bias").reshaped([1, n]),
                                                             slope: 1, offset: 0)
    if mode == .evaluation, let k = configuration.topK, k < n {
      activations = try activations.multiplying(Self.topKMask(activations.value, k: k))
    }
    let ownClass = try context.parameter("classWeight").relu().reshaped([1, n])
    let classActivations = try activations.classActivations(caseWeights: ownClass, labels: caseLabels, classes: classes)
      + context.parameter("classBias").reshaped([1, classes])
    let loss = try labels.map { try classActivations.crossEntropy(labels: $0) }
    return NNkNNPass(context: context, queries: queryLeaf, caseIndices: Array(0..<n), featureWeights: weights,
                     distances: distances, activations: activations, classActivations: classActivations, loss: loss)
  }

  /// 1 at the k largest entries of each row (ties to the lower index, FOUND-4), 0 elsewhere.
  static func topKMask(_ activations: Tensor, k: Int) -> Tensor {
    let (m, n) = (activations.shape[0], activations.shape[1])
    var mask = Tensor.zeros([m, n])
    for i in 0..<m {
      let row = Array(activations.scalars[(i * n)..<((i + 1) * n)])
      let order = row.indices.sorted { row[$0] != row[$1] ? row[$0] > row[$1] : $0 < $1 }
      for j in order.prefix(k) { mask[flat: i * n + j] = 1 }
    }
    return mask
  }

  /// One group with every parameter at the given learning rate (the original code: Adam lr 0.01).
  public var allParameters: ParameterGroup { ParameterGroup(parameters.names) }
}
