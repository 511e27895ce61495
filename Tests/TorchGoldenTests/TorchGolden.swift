import Foundation
@testable import Randomness

/// Fixtures/golden/torch_random.json, written by Fixtures/golden/make_torch_random.py with torch.
struct TorchGolden: Decodable {
  /// One tensor as stored: every value when small, else a checksum of all values and a few of them.
  struct Values: Decodable {
    let count: Int
    let doubles: [Double]?
    let ints: [Int]?
    let fnv1a64: String?
    let head: [Double]?
    let tail: [Double]?

    enum CodingKeys: String, CodingKey { case count, values, fnv1a64, head, tail }

    init(from decoder: Decoder) throws {
      let c = try decoder.container(keyedBy: CodingKeys.self)
      count = try c.decode(Int.self, forKey: .count)
      doubles = try? c.decode([Double].self, forKey: .values)
      ints = try? c.decode([Int].self, forKey: .values)
      fnv1a64 = try c.decodeIfPresent(String.self, forKey: .fnv1a64)
      head = try c.decodeIfPresent([Double].self, forKey: .head)
      tail = try c.decodeIfPresent([Double].self, forKey: .tail)
    }

    /// True when `ours` equals the stored tensor bit for bit (`float32`: compared as floats,
    /// checksummed over 4-byte patterns).
    func matches(_ ours: [Double], float32: Bool) -> Bool {
      guard ours.count == count else { return false }
      if let doubles { return ours.map(\.bitPattern) == doubles.map(\.bitPattern) }
      // The IEEE bytes in memory order (little-endian on every platform Swift runs on here).
      let bytes: [UInt8] = float32 ? ours.map { Float($0) }.withUnsafeBytes { Array($0) } : ours.withUnsafeBytes { Array($0) }
      guard let fnv1a64, UInt64(fnv1a64) == SeedStream.fnv1a64(bytes) else { return false }
      return ours.prefix(4).map(\.bitPattern) == (head ?? []).map(\.bitPattern)
        && ours.suffix(4).map(\.bitPattern) == (tail ?? []).map(\.bitPattern)
    }

    /// The same for integer tensors (checksummed over 8-byte two's complement).
    func matches(_ ours: [Int]) -> Bool {
      guard ours.count == count else { return false }
      if let ints { return ours == ints }
      let bytes = ours.map { Int64($0) }.withUnsafeBytes { Array($0) }
      return fnv1a64.flatMap(UInt64.init) == SeedStream.fnv1a64(bytes)
    }
  }

  struct SeedState: Decodable {
    let initialSeed: String
    let keyHead: [UInt32]
    let keyFnv1a64: String
    enum CodingKeys: String, CodingKey { case initialSeed = "initial_seed", keyHead = "key_head", keyFnv1a64 = "key_fnv1a64" }
  }

  struct CommonSeed: Decodable {
    let seed: String
    let stateAfterSeed: SeedState
    let paths: [String: Values]
    enum CodingKeys: String, CodingKey { case seed, paths, stateAfterSeed = "state_after_seed" }
  }

  struct CapabilitySeed: Decodable {
    let seed: String
    let paths: [String: Values]
    let initialisers: [String: Initialiser]
  }

  /// An initialiser entry: one tensor, or a module's named parameters in order.
  enum Initialiser: Decodable {
    case tensor(Values)
    case parameters([(name: String, shape: [Int], values: Values)])

    init(from decoder: Decoder) throws {
      if let v = try? Values(from: decoder) { self = .tensor(v); return }
      var list = try decoder.unkeyedContainer()
      var result: [(String, [Int], Values)] = []
      while !list.isAtEnd {
        var item = try list.nestedUnkeyedContainer()
        result.append((try item.decode(String.self), try item.decode([Int].self), try item.decode(Values.self)))
      }
      self = .parameters(result)
    }

    var tensor: Values? { if case let .tensor(v) = self { return v } else { return nil } }
    var parameters: [(name: String, shape: [Int],
                      values: Values)] { if case let .parameters(p) = self { return p } else { return [] } }
  }

  struct AuthorExperiment1: Decodable {
    struct CPUData: Decodable {
      let scaleTril: [Double]
      let firstPoints: [[Double]]
      let all: Values
      let nextRandFloat64: Double
      enum CodingKeys: String,
          CodingKey { case all, scaleTril = "scale_tril", firstPoints = "first_points", nextRandFloat64 = "next_rand_float64" }
    }
    struct Run: Decodable {
      let weights: Values
      let biases: Values
      let reinitialisations: Int
      let firstModels: [[Double]]
      enum CodingKeys: String, CodingKey { case weights, biases, reinitialisations, firstModels = "first_models" }
    }
    let cpuData: CPUData
    let models: [String: Run]
    enum CodingKeys: String, CodingKey { case models, cpuData = "cpu_data" }
  }

  struct Capability: Decodable {
    let seeds: [CapabilitySeed]
    let authorExperiment1: AuthorExperiment1
    enum CodingKeys: String, CodingKey { case seeds, authorExperiment1 = "author_experiment1" }
  }

  struct Common: Decodable { let seeds: [CommonSeed] }

  /// randperm at the first n of its inside-out algorithm (RAND-37).
  struct LargeRandperm: Decodable {
    let seed: Int
    let n: Int
    let weightedSum: String
    let positions: [Int]
    let values: [Int]
    enum CodingKeys: String, CodingKey { case seed, n, positions, values, weightedSum = "weighted_sum" }
  }

  let torch: String
  let common: Common
  let randpermLarge: LargeRandperm
  let capabilities: [String: Capability]

  enum CodingKeys: String, CodingKey { case torch, common, capabilities, randpermLarge = "randperm_large" }

  func capability(_ c: TorchCPUCapability) -> Capability { capabilities[c.rawValue]! }

  /// The fixture, read once. Tests/<Target>/ThisFile.swift -> repository root is three levels up.
  static let shared: TorchGolden = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let data = try! Data(contentsOf: root.appendingPathComponent("Fixtures/golden/torch_random.json"))
    return try! JSONDecoder().decode(TorchGolden.self, from: data)
  }()
}

func littleEndian(_ word: UInt64, _ bytes: Int) -> [UInt8] {
  (0..<bytes).map { UInt8(truncatingIfNeeded: word >> (8 * UInt64($0))) }
}

/// The seed of a golden case (stored as a string: it may exceed 2^53).
func seedValue(_ s: String) -> UInt64 { UInt64(s)! }
