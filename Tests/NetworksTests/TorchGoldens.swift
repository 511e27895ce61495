import Foundation
import Tensors

/// Readers for the PyTorch goldens of Fixtures/golden (NET-46), written by make_deep_layers.py.
enum TorchGoldens {
  /// The repository root: Tests/NetworksTests/ThisFile.swift is three levels down.
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

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
      else if let v = try? c.decode(Double.self) { self = .number(v) } else if let v = try? c.decode(Bool.self) { self = .flag(v) }
      else { self = .text(try c.decode(String.self)) }
    }
    var integers: [Int] { if case let .integers(v) = self { return v }; if case let .integer(v) = self { return [v] }; return [] }
    var integer: Int { integers.first ?? 0 }
    var number: Double { if case let .number(v) = self { return v }; if case let .integer(v) = self { return Double(v) }; return .nan }
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

  /// A safetensors file read whole (F32 and F64 entries only; the test fixtures need no more):
  /// an 8-byte little-endian header length, the JSON header, then little-endian data.
  struct Safetensors {
    let tensors: [String: Tensor]
    let metadata: [String: String]

    init(_ path: String) throws {
      let bytes = [UInt8](try Data(contentsOf: TorchGoldens.root.appendingPathComponent(path)))
      func word(_ at: Int, _ size: Int) -> UInt64 { (0..<size).reduce(UInt64(0)) { $0 | UInt64(bytes[at + $1]) << (8 * UInt64($1)) } }
      let headerLength = Int(word(0, 8))
      guard let header = try JSONSerialization.jsonObject(with: Data(bytes[8..<(8 + headerLength)])) as? [String: Any] else {
        throw GoldenError.malformed("header")
      }
      var tensors: [String: Tensor] = [:]
      var metadata: [String: String] = [:]
      for (name, entry) in header {
        if name == "__metadata__" { metadata = entry as? [String: String] ?? [:]; continue }
        guard let e = entry as? [String: Any], let dtype = e["dtype"] as? String, let shape = e["shape"] as? [Int],
              let offsets = e["data_offsets"] as? [Int], offsets.count == 2 else { throw GoldenError.malformed(name) }
        let start = 8 + headerLength + offsets[0]
        let size = dtype == "F64" ? 8 : 4
        let count = (offsets[1] - offsets[0]) / size
        let values = (0..<count).map { i -> Double in
          size == 8 ? Double(bitPattern: word(start + 8 * i, 8)) : Double(Float(bitPattern: UInt32(word(start + 4 * i, 4))))
        }
        tensors[name] = try Tensor(shape: shape, scalars: values)
      }
      self.tensors = tensors
      self.metadata = metadata
    }

    func tensor(_ name: String) throws -> Tensor {
      guard let t = tensors[name] else { throw GoldenError.missing(name) }
      return t
    }
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
