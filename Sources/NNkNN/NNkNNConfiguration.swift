/// The readings of the extended NN-kNN that differ between the paper (seed 000) and the authors'
/// code. Each is a named value; nothing is chosen silently (NNKNN-1 ... NNKNN-8).
public struct NNkNNConfiguration: Sendable, Equatable {
  /// How per-case feature weights cw [n, d] are formed from coefficients cW [n, w] and global
  /// weightings GW [w, d] (NNKNN-2).
  public enum Glocal: String, Sendable {
    /// Paper: cw = cW . leakyReLU(GW).
    case paper
    /// Authors' code: cw = leakyReLU(cW) . leakyReLU(GW).
    case code
  }

  /// How feature differences become a case distance (NNKNN-3).
  public enum Distance: String, Sendable {
    /// Authors' code: d = sqrt(relu(sum_j cw_j (q_j - c_j)^2)), a weighted Euclidean distance.
    case weightedEuclidean
    /// Paper, literally: d = sum_j cw_j delta_j with delta_j = |q_j - c_j|.
    case paperAbsolute
    /// Paper with delta_j = (q_j - c_j)^2 (no square root).
    case paperSquared
  }

  /// How case weights enter the class activation (NNKNN-5).
  public enum CaseWeighting: String, Sendable {
    /// Paper-era code: the trainable case weight as it is (may become negative).
    case plain
    /// Later code: relu(case weight).
    case relu
  }

  /// w, the number of global weightings (>= 1).
  public var weightings: Int
  /// The k whose mean k-th-nearest-neighbour distance sets B (NNKNN-4).
  public var k: Int
  public var glocal: Glocal
  public var distance: Distance
  public var caseWeighting: CaseWeighting
  /// leakyReLU slope used in the glocal weights (code: 0.001).
  public var leakySlope: Double
  /// Later code: cases at distance < 1e-8 from the query (identical cases) are masked out of the
  /// class activation. Off in the paper-era code, where a training query activates itself.
  public var excludeIdenticalCases: Bool
  /// Cases drawn per forward pass (NNKNN-6); nil uses every case.
  public var sampledCases: Int?

  /// The authors' code as of the seed paper's tables (the default for reproductions).
  public static func code(weightings: Int, k: Int) -> NNkNNConfiguration {
    NNkNNConfiguration(weightings: weightings, k: k, glocal: .code, distance: .weightedEuclidean, caseWeighting: .plain,
                       leakySlope: 0.001, excludeIdenticalCases: false, sampledCases: nil)
  }

  /// The paper's text read literally.
  public static func paper(weightings: Int, k: Int) -> NNkNNConfiguration {
    NNkNNConfiguration(weightings: weightings, k: k, glocal: .paper, distance: .paperAbsolute, caseWeighting: .plain,
                       leakySlope: 0.001, excludeIdenticalCases: false, sampledCases: nil)
  }

  public init(weightings: Int, k: Int, glocal: Glocal, distance: Distance, caseWeighting: CaseWeighting,
              leakySlope: Double, excludeIdenticalCases: Bool, sampledCases: Int?) {
    self.weightings = weightings; self.k = k; self.glocal = glocal; self.distance = distance
    self.caseWeighting = caseWeighting; self.leakySlope = leakySlope
    self.excludeIdenticalCases = excludeIdenticalCases; self.sampledCases = sampledCases
  }

  /// Checks the configuration for `classes` classes of the given sizes (NNKNN-20).
  public func validate(classSizes: [Int]) throws(NNkNNError) {
    guard weightings >= 1 else { throw .invalidWeightings(weightings) }
    let n = classSizes.reduce(0, +)
    guard k >= 1, k < n else { throw .invalidK(k: k, cases: n) }
    if let c = classSizes.firstIndex(of: 0) { throw .emptyClass(c) }
    guard leakySlope.isFinite, leakySlope >= 0 else {
      throw .invalidHyperparameter(name: "leakySlope", value: leakySlope, accepted: "finite and >= 0")
    }
    if let s = sampledCases, s < classSizes.count { throw .tooFewSampledCases(sampled: s, classes: classSizes.count) }
  }
}
