import Datasets
import Evaluation
import Foundation
import Networks
import Randomness
import Tensors

/// Where a run of Experiment 1 takes its data and initial models from (ABS-40).
public enum Experiment1Seeding: String, Sendable, CaseIterable, Equatable, CustomStringConvertible {
  /// The project's protocol: data and models from named SeedStream children (ABS-11, ABS-12).
  case seedStream
  /// The author's run: the 1,024 points stored in their repository (drawn on a GPU) and every
  /// model's initial weights regenerated from their `torch.manual_seed(3)` (ABS-40, ABS-42).
  case authorRun
  /// The author's code on a CPU: points and models both from `torch.manual_seed(3)` (ABS-41, ABS-42).
  case authorCodeOnCPU

  public var description: String {
    switch self {
    case .seedStream: return "ours (seed stream)"
    case .authorRun: return "author's run (stored points, torch seed 3)"
    case .authorCodeOnCPU: return "author's code on a CPU (torch seed 3)"
    }
  }
}

/// The author's Experiment 1 stream (ABS-40 ... ABS-42), from their public code
/// (alanoursland/NeuralNetworksAsNearestNeighbor: `utils.set_seed`, `GaussianDataset`,
/// `SimpleNN`, `experiment1.run_experiment1`, `Trainer`).
public enum AuthorExperiment1 {
  /// `set_seed(3)` in their `e1.py`: torch, numpy and random all seeded with 3; only torch draws.
  public static let torchSeed: UInt64 = 3
  /// The CPU build whose arithmetic their stored initial weights match (RAND-31): all 1,200
  /// stored initial weights and biases equal `default`'s, and differ from `avx2`'s.
  public static let capability: TorchCPUCapability = .default
  /// int64 `random_()` draws per epoch of their shuffled DataLoader (RAND-38).
  public static let loaderDrawsPerEpoch = 2

  /// The stored data set (ABS-40): Fixtures/abs-node/author_experiment1_data.json, converted
  /// from their `gaussian_dataset.pt` (X [1024, 2], Y [1024], float32, saved from cuda:0). Returns
  /// the points [1024, 2] and their stored targets, as the doubles of the float32 values.
  public static func storedData(file: URL? = nil) throws(AbsMahalanobisError) -> (points: Tensor, targets: [Double]) {
    let url = file ?? Fixtures.directory.appendingPathComponent("abs-node/author_experiment1_data.json")
    let document: JSONValue
    do { document = try JSONValue(parsing: try String(contentsOf: url, encoding: .utf8)) } catch {
      throw .data("\(url.path): \(error)")
    }
    guard let rows = document["x"]?.array, let y = document["y"]?.array else { throw .data("\(url.path): no x or y") }
    var points: [Double] = []
    for row in rows {
      guard let pair = row.array?.compactMap(\.number), pair.count == 2 else {
        throw .data("\(url.path): a point is not two numbers")
      }
      points += pair
    }
    let targets = y.compactMap(\.number)
    guard targets.count == rows.count, !rows.isEmpty else {
      throw .dimensionMismatch(what: "stored targets", expected: rows.count, got: targets.count)
    }
    return (try liftTensor { () throws(TensorError) in try Tensor(shape: [rows.count, 2], scalars: points) }, targets)
  }

  /// What the author's runs ended with (ABS-43): per model, the final training loss and the class
  /// by ABS-15's rule (dead override for ReLU only), from their stored final parameters and loss
  /// histories (Fixtures/abs-node/author_experiment1_results.json).
  public struct StoredOutcomes: Sendable, Equatable {
    public var finalLosses: [Double]
    public var classes: [NodeClass]
  }

  /// The key of a run in the fixtures: "<condition>_<activation>", e.g. "data_relu".
  public static func runKey(_ condition: BiasCondition, _ activation: NodeActivation) -> String {
    "\(condition.rawValue)_\(activation.rawValue)"
  }

  /// The author's stored outcomes of every run (ABS-43), keyed by ``runKey(_:_:)``.
  public static func storedOutcomes(file: URL? = nil) throws(AbsMahalanobisError) -> [String: StoredOutcomes] {
    let url = file ?? Fixtures.directory.appendingPathComponent("abs-node/author_experiment1_results.json")
    let document: JSONValue
    do { document = try JSONValue(parsing: try String(contentsOf: url, encoding: .utf8)) } catch {
      throw .data("\(url.path): \(error)")
    }
    var result: [String: StoredOutcomes] = [:]
    for (key, run) in document["runs"]?.members ?? [] {
      let losses = run["final_loss"]?.array?.compactMap(\.number) ?? []
      let classes = (run["class"]?.array?.compactMap(\.number) ?? []).compactMap { c in
        c >= 0 && c < 3 ? NodeClass.allCases[Int(c)] : nil
      }
      guard !losses.isEmpty, losses.count == classes.count else { throw .data("\(url.path): run \(key) is malformed") }
      result[key] = StoredOutcomes(finalLosses: losses, classes: classes)
    }
    guard result.count == 4 else { throw .data("\(url.path): expected 4 runs, found \(result.count)") }
    return result
  }

  /// torch 2.15's float32 Cholesky factor of [[2, -1], [-1, 1]] (row-major [2, 2]), as its CPU
  /// `linalg.cholesky` (MKL) returns it and `MultivariateNormal` uses it (ABS-41). Recorded, not
  /// recomputed: L10 = -0.70710671 is one unit in the last place from the correctly rounded
  /// -1 / L00, so another LAPACK may give another factor.
  public static let scaleTril: [Float] = [1.4142135381698608, 0, -0.7071067094802856, 0.70710688829422]

  /// `MultivariateNormal(tensor([3., 2.]), tensor([[2., -1.], [-1., 1.]])).sample((count,))` on the
  /// CPU (ABS-41): e = `normal_` of count * 2 float32 values (RAND-34 / RAND-35, row-major
  /// [count, 2]), x0 = (L00 e0) + 3, x1 = ((L10 e0) + (L11 e1)) + 2, each operation rounded to
  /// float (the goldens agree with this order, not with a fused one). Only the paper's mean and
  /// covariance are supported (the factor is recorded, see ``scaleTril``).
  public static func cpuSample(count: Int, mean: [Double], covariance: [[Double]],
                               generator: inout TorchGenerator) throws(AbsMahalanobisError) -> Tensor {
    guard mean == [3, 2], covariance == [[2, -1], [-1, 1]] else {
      throw .invalidConfiguration("the author's CPU data needs their mean [3, 2] and covariance [[2, -1], [-1, 1]]")
    }
    let e: [Double]
    do { e = try generator.normal(count: 2 * count, dtype: .float32) } catch { throw .invalidConfiguration("\(error)") }
    var points: [Double] = []
    points.reserveCapacity(2 * count)
    let (l00, l10, l11) = (scaleTril[0], scaleTril[2], scaleTril[3])
    for i in 0..<count {
      let e0 = Float(e[2 * i]), e1 = Float(e[2 * i + 1])
      points.append(Double(l00 * e0 + 3))
      points.append(Double((l10 * e0 + l11 * e1) + 2))
    }
    return try liftTensor { () throws(TensorError) in try Tensor(shape: [count, 2], scalars: points) }
  }

  /// One model's start as their loop makes it.
  public typealias Start = (node: SingleNode, z: [Double], reinitializations: Int)

  /// The initial nodes of one run of their loop (ABS-42), from `generator` (fresh after
  /// `torch.manual_seed(3)`, or after the data for the CPU variant). For each of `count` models:
  /// 1. `SimpleNN`: `nn.Linear(d, 1)` draws its default weight and bias (NET-101; discarded),
  ///    `xavier_uniform_` redraws the weight (NET-100), `zeros_` the bias (no draw);
  /// 2. z: data condition `X[torch.randint(0, n, (1,))]` (RAND-36, one word), uniform condition
  ///    `torch.FloatTensor(d).uniform_(-r, r)` (RAND-32, float32);
  /// 3. b = -(W z) in float32, products added in order (torch's `-W @ z` for these shapes);
  /// 4. while the node outputs 0 at every point, evaluated in float32 as their `model(X)` does
  ///    (``isDeadInFloat32(_:points:)``), a new uniform z and b, W kept (at most
  ///    `maximumReinitializations`);
  /// 5. training: `steps` epochs of their shuffled DataLoader, each drawing
  ///    ``loaderDrawsPerEpoch`` int64 `random_()` values (RAND-38) from the global stream.
  /// Weights and biases are float32 values held as doubles. `points` is row-major [n, d].
  public static func initialNodes(_ activation: NodeActivation, _ condition: BiasCondition, points: [Double], dimension d: Int,
                                  count: Int, steps: Int, uniformHalfWidth: Double, maximumReinitializations: Int,
                                  generator: inout TorchGenerator) throws(AbsMahalanobisError) -> [Start] {
    let n = points.count / d
    var starts: [Start] = []
    do {
      for index in 0..<count {
        _ = try TorchModules.linear(d, 1, using: &generator)
        let weight = try Initializer.xavierUniform(gain: 1).torchTensor(shape: [1, d], dtype: .float32, using: &generator).scalars
        var z: [Double]
        switch condition {
        case .data: z = Array(points[(try generator.randint(low: 0, high: n, count: 1)[0] * d)...].prefix(d))
        case .uniform: z = try generator.uniform(count: d, from: -uniformHalfWidth, to: uniformHalfWidth, dtype: .float32)
        }
        var node = SingleNode(weight: weight, bias: float32BiasThrough(z, weight: weight), activation: activation)
        var reinitializations = 0
        while isDeadInFloat32(node, points: points) {
          guard reinitializations < maximumReinitializations else {
            throw AbsMahalanobisError.invalidConfiguration(
              "model \(index): still dead after \(reinitializations) re-initialisations")
          }
          z = try generator.uniform(count: d, from: -uniformHalfWidth, to: uniformHalfWidth, dtype: .float32)
          node.bias = float32BiasThrough(z, weight: weight)
          reinitializations += 1
        }
        for _ in 0..<(steps * loaderDrawsPerEpoch) { _ = generator.randomInt64() }
        starts.append((node, z, reinitializations))
      }
    } catch let error as AbsMahalanobisError {
      throw error
    } catch {
      throw .invalidConfiguration("\(error)")
    }
    return starts
  }

  /// True when act(W x + b) is exactly 0 at every point with float32 arithmetic: s = w0 x0, then
  /// s = s + w_j x_j, then s + b, each rounded to float (ABS-42). The difference from the double
  /// check matters exactly at the data point z the boundary was put through: there the float32
  /// pre-activation is exactly 0 (the sum that made b), while in double it keeps b's rounding
  /// error, which may be positive. torch's run of the author's loop needs this check (one
  /// data-sampled ReLU model is dead in float32 and alive in double).
  public static func isDeadInFloat32(_ node: SingleNode, points: [Double]) -> Bool {
    let d = node.weight.count
    let w = node.weight.map { Float($0) }, b = Float(node.bias)
    var i = 0
    while i + d <= points.count {
      var s = w[0] * Float(points[i])
      for j in 1..<d { s = s + w[j] * Float(points[i + j]) }
      if node.activation.apply(Double(s + b)) != 0 { return false }
      i += d
    }
    return true
  }

  /// b = -(W z) in float32: s = w0 z0, then s = s + w_j z_j, every product and sum rounded to
  /// float (what their `-W @ z` gave: all 1,200 stored biases) (ABS-42).
  public static func float32BiasThrough(_ z: [Double], weight: [Double]) -> Double {
    var s = Float(weight[0]) * Float(z[0])
    for j in 1..<weight.count { s = s + Float(weight[j]) * Float(z[j]) }
    return Double(-s)
  }
}
