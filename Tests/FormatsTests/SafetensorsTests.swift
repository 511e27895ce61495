import Foundation
import Testing
import Tensors
@testable import Formats

/// The safetensors reader and writer (FMT-1 ... FMT-4) against files the reference implementation
/// (Hugging Face's `safetensors` 0.8.0) wrote: Fixtures/golden/make_safetensors.py.
@Suite("safetensors")
struct SafetensorsTests {
  static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Fixtures/golden")

  static func read(_ name: String) throws -> SafetensorsFile {
    try SafetensorsFile(contentsOf: golden.appendingPathComponent(name))
  }

  /// The expected values of make_safetensors.py: dtype, shape and values as doubles.
  static func expected(_ group: String) throws -> [(name: String, dtype: String, shape: [Int], data: [Double])] {
    let json = try JSONValue(parsing: [UInt8](try Data(contentsOf: golden.appendingPathComponent("safetensors_dtypes.json"))))
    return try #require(json[group]?.members).map { name, entry in
      (name, entry["dtype"]?.string ?? "", entry["shape"]?.array?.compactMap { $0.number.map { Int($0) } } ?? [],
       entry["data"]?.array?.compactMap(\.number) ?? [])
    }
  }

  /// Equal as doubles, bit for bit (so -0.0 differs from 0.0; NaN equals NaN).
  static func identical(_ a: [Double], _ b: [Double]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) }
  }

  @Test(
    """
      [FMT-2] every dtype the reference writes reads to its exact double: signed zeros, subnormals, extremes, infinities, NaN, \
      integer limits, BOOL, scalars, empty and 3-d tensors
      """,
        arguments: ["tensors", "bf16"])
  func dtypes(group: String) throws {
    let file = try Self.read(group == "bf16" ? "safetensors_bf16.safetensors" : "safetensors_dtypes.safetensors")
    let expected = try Self.expected(group)
    #expect(Set(file.tensors.map(\.name)) == Set(expected.map(\.name)))
    for e in expected {
      let t = try #require(file.tensors.first { $0.name == e.name })
      #expect(t.dtype.rawValue == e.dtype, "\(e.name)")
      #expect(t.value.shape == e.shape, "\(e.name)")
      #expect(Self.identical(t.value.scalars, e.data), "\(e.name): \(t.value.scalars) vs \(e.data)")
    }
    if group == "tensors" {
      #expect(file.metadata.count == 1)
      #expect(file.metadata("written_by")?.hasPrefix("safetensors ") == true)
    }
  }

  @Test(
    """
      [FMT-4] reading a file the reference wrote and writing it back gives its bytes exactly (F64, F32, I64, metadata, header \
      padding)
      """
  )
  func writerMatchesReference() throws {
    let url = Self.golden.appendingPathComponent("safetensors_written.safetensors")
    let original = [UInt8](try Data(contentsOf: url))
    let file = try SafetensorsFile(bytes: original)
    #expect(file.tensors.map(\.name) == ["bn.num_batches_tracked", "conv.bias", "conv.weight", "fc.weight", "bn.running_var"])
    #expect(try file.serialized() == original)
    #expect(try file.tensor("bn.num_batches_tracked") == Tensor(scalar: 7))
    #expect(file.metadata("format") == "pt")
    // The reference pads the header with spaces so that the data starts at a multiple of 8.
    #expect((Int(original[0]) | Int(original[1]) << 8) % 8 == 0)
  }

  @Test(
    """
      [FMT-1] a written file reads back the same tensors, dtypes and metadata; F32 rounds to nearest; scalars and empty tensors \
      survive
      """
  )
  func roundTrip() throws {
    let file = SafetensorsFile(tensors: [
      SafetensorsTensor(name: "w", value: try Tensor(shape: [2, 3], scalars: [0.1, -0.0, .pi, 5e-324, -.infinity, .nan])),
      SafetensorsTensor(name: "single", dtype: .F32, value: Tensor([0.1, 1.5])),
      SafetensorsTensor(name: "count", dtype: .I64, value: Tensor(scalar: 9_007_199_254_740_992)),
      SafetensorsTensor(name: "nothing", value: Tensor.zeros([0, 4])),
    ], metadata: [("b", "2"), ("a", "\"quoted\"\n")])
    let bytes = try file.serialized()
    let back = try SafetensorsFile(bytes: bytes)
    #expect(back.tensors.map(\.name) == ["w", "single", "count", "nothing"])
    #expect(Self.identical(back.tensors[0].value.scalars, file.tensors[0].value.scalars))
    #expect(back.tensors[1].value.scalars == [Double(Float(0.1)), 1.5])
    #expect(back.tensors[2].value.scalars == [9_007_199_254_740_992] && back.tensors[2].dtype == .I64)
    #expect(back.tensors[3].value.shape == [0, 4])
    #expect(back.metadata.map(\.key) == ["b", "a"] && back.metadata("a") == "\"quoted\"\n")
    #expect((Int(bytes[0]) | Int(bytes[1]) << 8) % 8 == 0)
    // A file written to disk reads back equal, and is replaced atomically.
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("fmt-\(UUID().uuidString).safetensors")
    defer { try? FileManager.default.removeItem(at: url) }
    try back.write(to: url)
    #expect(try SafetensorsFile(contentsOf: url).serialized() == (try back.serialized()))
  }

  @Test(
    "[FMT-2] binary16 conversion is exact for every one of the 65,536 bit patterns (against Float16 where the platform has it)")
  func halfPrecision() throws {
    #expect(SafetensorsDType.half(0x3C00) == 1)
    #expect(SafetensorsDType.half(0x0001) == 0x1p-24)
    #expect(SafetensorsDType.half(0x7BFF) == 65504)
    #expect(SafetensorsDType.half(0x8000).sign == .minus && SafetensorsDType.half(0x8000) == 0)
    #expect(SafetensorsDType.half(0xFC00) == -.infinity && SafetensorsDType.half(0x7E00).isNaN)
    #if !(os(macOS) && arch(x86_64))  // Float16 is unavailable there
    for bits in UInt16.min...UInt16.max {
      let reference = Double(Float16(bitPattern: bits))
      let ours = SafetensorsDType.half(bits)
      #expect(ours.bitPattern == reference.bitPattern || (ours.isNaN && reference.isNaN), "bits \(bits)")
    }
    #endif
  }
}
