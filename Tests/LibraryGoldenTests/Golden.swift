import Formats
import Foundation
import Tensors

/// The goldens written by the real libraries (ORACLE-70): PyTorch (torch_networks.json,
/// torch_nnknn.json) and scikit-learn (sklearn.json), read with the project's strict JSON reader
/// (doubles round-trip exactly), and the scaled error the tests use.
enum Golden {
  /// The repository root: Tests/LibraryGoldenTests/ThisFile.swift is three levels down.
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  enum Failure: Error, CustomStringConvertible {
    case missing(String)
    var description: String { switch self { case let .missing(what): return "golden: \(what) is missing or malformed" } }
  }

  static func load(_ name: String) throws -> JSONValue {
    try JSONValue(parsing: [UInt8](try Data(contentsOf: root.appendingPathComponent("Fixtures/golden/" + name))))
  }

  static let torchNetworks = Result { try load("torch_networks.json") }
  static let torchNNkNN = Result { try load("torch_nnknn.json") }
  static let sklearn = Result { try load("sklearn.json") }

  /// A {"shape", "data"} member as a tensor.
  static func tensor(_ value: JSONValue?, _ what: String) throws -> Tensor {
    guard let value else { throw Failure.missing(what) }
    return try value.tensor(named: what)
  }

  static func numbers(_ value: JSONValue?, _ what: String) throws -> [Double] {
    guard let items = value?.array else { throw Failure.missing(what) }
    return try items.map { item in
      guard let x = item.number else { throw Failure.missing(what) }
      return x
    }
  }

  static func integers(_ value: JSONValue?, _ what: String) throws -> [Int] { try numbers(value, what).map { Int($0) } }

  /// max |ours - theirs| / max |theirs| (the absolute error when theirs is all 0; infinity when the
  /// shapes differ or a NaN or infinity does not sit where theirs has it).
  static func scaledError(_ ours: Tensor, _ theirs: Tensor) -> Double {
    guard ours.shape == theirs.shape else { return .infinity }
    var scale = 0.0, worst = 0.0
    for (a, b) in zip(ours.scalars, theirs.scalars) {
      if !a.isFinite || !b.isFinite { if !(a == b || a.isNaN && b.isNaN) { return .infinity }; continue }
      scale = max(scale, abs(b))
      worst = max(worst, abs(a - b))
    }
    return scale == 0 ? worst : worst / scale
  }
}
