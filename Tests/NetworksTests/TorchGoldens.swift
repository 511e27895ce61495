import Formats
import Foundation
import Tensors

/// Readers for the PyTorch goldens of Fixtures/golden (NET-46), written by make_deep_layers.py.
enum TorchGoldens {
  /// The repository root: Tests/NetworksTests/ThisFile.swift is three levels down.
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// A JSON number, or one of the strings "nan", "inf", "-inf".
  struct Number: Decodable {
    let value: Double
    init(from decoder: Decoder) throws {
      let container = try decoder.singleValueContainer()
      if let x = try? container.decode(Double.self) { value = x; return }
      switch try container.decode(String.self) {
      case "nan": value = .nan
      case "inf": value = .infinity
      case "-inf": value = -.infinity
      case let other: throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a number: \(other)")
      }
    }
  }

  struct GoldenTensor: Decodable {
    let shape: [Int]
    let data: [Number]
    var tensor: Tensor { get throws { try Tensor(shape: shape, scalars: data.map(\.value)) } }
  }

  /// A configuration value: an integer list, an integer, a number, a flag or a string.
  enum Value: Decodable {
    case integers([Int]), integer(Int), number(Double), flag(Bool), text(String)
    init(from decoder: Decoder) throws {
      let c = try decoder.singleValueContainer()
      if let v = try? c.decode([Int].self) { self = .integers(v) } else if let v = try? c.decode(Int.self) { self = .integer(v) }
      else if let v = try? c.decode(Double.self) {
        self = .number(v)
      } else if let v = try? c.decode(Bool.self) {
        self = .flag(v)
      }
      else { self = .text(try c.decode(String.self)) }
    }
    var integers: [Int] { if case let .integers(v) = self { return v }; if case let .integer(v) = self { return [v] }; return [] }
    var integer: Int { integers.first ?? 0 }
    var number: Double {
      if case let .number(v) = self { return v }; if case let .integer(v) = self { return Double(v) }; return .nan
    }
    var flag: Bool { if case let .flag(v) = self { return v }; return false }
    var text: String { if case let .text(v) = self { return v }; return "" }
  }

  struct LayerCase: Decodable {
    let name: String
    let op: String
    let config: [String: Value]
    let tensors: [String: GoldenTensor]
    func tensor(_ key: String) throws -> Tensor {
      guard let t = tensors[key] else { throw GoldenError.missing("\(name): \(key)") }
      return try t.tensor
    }
  }

  struct Schedule: Decodable {
    let kind: String
    let base: Double
    let epochs: Int
    let arguments: [String: Value]
    let rates: [Double]
  }

  struct LayerFile: Decodable {
    let torch: String
    let cases: [LayerCase]
    let schedules: [Schedule]
  }

  enum GoldenError: Error { case missing(String), malformed(String) }

  static func layers() throws -> LayerFile {
    let data = try Data(contentsOf: root.appendingPathComponent("Fixtures/golden/deep_layers.json"))
    return try JSONDecoder().decode(LayerFile.self, from: data)
  }

  /// The cotangent every layer case uses: r[i] = ((37 i) mod 17 - 8) / 4 over the flat index.
  static func cotangent(_ shape: [Int]) throws -> Tensor {
    let count = shape.reduce(1, *)
    return try Tensor(shape: shape, scalars: (0..<count).map { Double((37 * $0) % 17 - 8) / 4 })
  }

  /// A safetensors golden, read by the project's own reader (FMT-1), which replaced a test-only one.
  static func safetensors(_ path: String) throws -> SafetensorsFile {
    try SafetensorsFile(contentsOf: root.appendingPathComponent(path))
  }

  /// max |ours - torch| / max |torch| over the elements (NaN must sit where torch has NaN; an
  /// all-zero golden compares absolutely). The goldens are held to 1e-12.
  static func scaledError(_ ours: Tensor, _ torch: Tensor) -> Double {
    guard ours.shape == torch.shape else { return .infinity }
    var scale = 0.0, worst = 0.0
    for (a, b) in zip(ours.scalars, torch.scalars) {
      if b.isNaN || a.isNaN { if !(a.isNaN && b.isNaN) { return .infinity }; continue }
      if b.isInfinite || a.isInfinite { if a != b { return .infinity }; continue }
      scale = max(scale, abs(b))
      worst = max(worst, abs(a - b))
    }
    return scale == 0 ? worst : worst / scale
  }
}
