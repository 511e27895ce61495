import Testing
import Tensors
@testable import Formats

/// Every refusal of FMT-3 and FMT-4, each on a file built by hand, with the tensor it names.
@Suite("safetensors errors")
struct SafetensorsErrorTests {
  /// A file from a header text and a data buffer, the length field as given or computed.
  static func file(_ header: String, _ data: [UInt8] = [], length: UInt64? = nil) -> [UInt8] {
    let h = Array(header.utf8)
    let n = length ?? UInt64(h.count)
    return (0..<8).map { UInt8(truncatingIfNeeded: n >> (8 * UInt64($0))) } + h + data
  }

  static func error(_ bytes: [UInt8]) -> SafetensorsError? {
    do { _ = try SafetensorsFile(bytes: bytes); return nil } catch { return error }
  }

  static let f64 = [UInt8](repeating: 0, count: 8)

  @Test("[FMT-3] truncated files and headers: shorter than 8 bytes, shorter than the announced header, a header over 100 MB")
  func truncation() {
    #expect(Self.error([1, 2, 3]) == .truncated(needed: 8, got: 3))
    #expect(Self.error(Self.file("{}", length: 40)) == .truncated(needed: 48, got: 10))
    #expect(Self.error(Self.file("{}", length: 100_000_001)) == .headerTooLong(length: 100_000_001, limit: 100_000_000))
    #expect(Self.error(Self.file("{}", length: UInt64.max)) == .headerTooLong(length: UInt64.max, limit: 100_000_000))
    #expect(Self.error(Self.file("{}")) == nil)
    #expect(Self.error(Self.file("{}      ")) == nil)  // padding
  }

  @Test("[FMT-3] a header that is not a JSON object, repeats a key, or has malformed metadata")
  func headers() {
    for text in ["", "[1]", "{\"a\":", "{\"a\":1}x", "\u{FEFF}{}", "{\"x\":{},\"x\":{}}"] {
      guard case .headerNotJSON = Self.error(Self.file(text)) else { Issue.record("\(text.debugDescription) accepted"); continue }
    }
    #expect(Self.error(Self.file(#"{"__metadata__":{"a":1}}"#)) == .malformedMetadata(#"the value of "a" is 1, not a string"#))
    #expect(Self.error(Self.file(#"{"__metadata__":[]}"#)) == .malformedMetadata("expected an object of strings, got []"))
  }

  @Test("[FMT-3] malformed entries, unknown dtypes and byte counts name the tensor")
  func entries() {
    let cases: [(String, String)] = [
      (#"{"w":3}"#, "w"), (#"{"w":{"shape":[1],"data_offsets":[0,8]}}"#, "w"),
      (#"{"w":{"dtype":"F64","shape":[-1],"data_offsets":[0,8]}}"#, "w"),
      (#"{"w":{"dtype":"F64","shape":[1.5],"data_offsets":[0,8]}}"#, "w"),
      (#"{"w":{"dtype":"F64","shape":[1],"data_offsets":[0]}}"#, "w"),
      (#"{"w":{"dtype":"F64","shape":[1],"data_offsets":[8,0]}}"#, "w"),
      (#"{"w":{"dtype":"F64","shape":[1],"data_offsets":[0,1e300]}}"#, "w"),
      (#"{"w":{"dtype":"F64","shape":[4294967296,4294967296],"data_offsets":[0,8]}}"#, "w"),
    ]
    for (header, name) in cases {
      guard case let .malformedEntry(tensor, _) = Self.error(Self.file(header, Self.f64)), tensor == name else {
        Issue.record("\(header): \(String(describing: Self.error(Self.file(header, Self.f64))))"); continue
      }
    }
    #expect(
      Self.error(Self.file(#"{"w":{"dtype":"F8_E4M3","shape":[1],"data_offsets":[0,1]}}"#, [0]))
        == .unknownDType(tensor: "w", dtype: "F8_E4M3"))
    #expect(Self.error(Self.file(#"{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, Self.f64))
            == .byteCount(tensor: "w", dtype: "F32", shape: [3], expected: 12, got: 8))
    // Extra members of an entry are ignored, as the reference does.
    #expect(Self.error(Self.file(#"{"w":{"dtype":"F64","shape":[1],"data_offsets":[0,8],"extra":true}}"#, Self.f64)) == nil)
  }

  @Test("[FMT-3] offsets outside the buffer, overlapping ranges, gaps and trailing bytes")
  func tiling() {
    #expect(Self.error(Self.file(#"{"a":{"dtype":"F64","shape":[2],"data_offsets":[0,16]}}"#, Self.f64))
            == .offsetsOutOfRange(tensor: "a", begin: 0, end: 16, dataSize: 8))
    #expect(
      Self.error(
        Self.file(
          #"{"a":{"dtype":"F64","shape":[2],"data_offsets":[0,16]},"b":{"dtype":"F64","shape":[1],"data_offsets":[8,16]}}"#,
          Self.f64 + Self.f64)) == .overlap(tensor: "b", other: "a"))
    #expect(Self.error(Self.file(#"{"a":{"dtype":"F64","shape":[1],"data_offsets":[8,16]}}"#, Self.f64 + Self.f64))
            == .gap(before: "a", start: 0, end: 8))
    #expect(Self.error(Self.file(#"{"a":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}}"#, Self.f64 + [1]))
            == .gap(before: nil, start: 8, end: 9))
    // An empty tensor inside another tensor's bytes overlaps it; at a boundary it is fine.
    #expect(
      Self.error(
        Self.file(
          #"{"a":{"dtype":"F64","shape":[2],"data_offsets":[0,16]},"e":{"dtype":"F64","shape":[0],"data_offsets":[8,8]}}"#,
          Self.f64 + Self.f64)) == .overlap(tensor: "e", other: "a"))
    #expect(
      Self.error(
        Self.file(
          #"{"a":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},"e":{"dtype":"F64","shape":[0],"data_offsets":[8,8]}}"#,
          Self.f64)) == nil)
  }

  @Test("[FMT-3] values a double cannot hold exactly: I64 beyond 2^53, BOOL bytes other than 0 and 1")
  func values() {
    let big = (0..<8).map { UInt8(truncatingIfNeeded: (UInt64(1) << 53 + 1) >> (8 * UInt64($0))) }
    guard
      case .invalidValue(tensor: "n", index: 1, reason: _) = Self.error(
        Self.file(
          #"{"n":{"dtype":"I64","shape":[2],"data_offsets":[0,16]}}"#,
          Self.f64 + big))
    else {
      Issue.record("I64 2^53 + 1 accepted"); return
    }
    guard
      case .invalidValue(tensor: "b", index: 0, reason: _) = Self.error(
        Self.file(#"{"b":{"dtype":"BOOL","shape":[1],"data_offsets":[0,1]}}"#, [2]))
    else {
      Issue.record("BOOL 2 accepted"); return
    }
  }

  @Test(
    """
      [FMT-4] the writer refuses repeated, empty or reserved names, read-only dtypes and values the dtype cannot hold, before \
      writing
      """
  )
  func writing() {
    func error(_ tensors: [SafetensorsTensor]) -> SafetensorsError? {
      do { _ = try SafetensorsFile(tensors: tensors).serialized(); return nil } catch { return error }
    }
    let x = Tensor([1, 2])
    #expect(
      error([SafetensorsTensor(name: "a", value: x), SafetensorsTensor(name: "a", value: x)])
        == .invalidName("a", reason: "appears twice"))
    #expect(
      error([SafetensorsTensor(name: "__metadata__", value: x)]) == .invalidName("__metadata__", reason: "empty or reserved"))
    #expect(error([SafetensorsTensor(name: "", value: x)]) == .invalidName("", reason: "empty or reserved"))
    #expect(error([SafetensorsTensor(name: "h", dtype: .F16, value: x)]) == .unwritableDType(tensor: "h", dtype: "F16"))
    guard
      case .invalidValue(tensor: "n", index: 1, reason: _) = error([
        SafetensorsTensor(name: "n", dtype: .I64, value: Tensor([1, 1.5]))
      ]),
      case .invalidValue(tensor: "n", index: 0, reason: _) = error([
        SafetensorsTensor(name: "n", dtype: .I64, value: Tensor([.nan]))
      ]),
      case .invalidValue(tensor: "f", index: 0, reason: _) = error([
        SafetensorsTensor(name: "f", dtype: .F32, value: Tensor([1e39]))
      ])
    else {
      Issue.record("an unrepresentable value was written"); return
    }
    // Infinities and NaN are F32 values.
    #expect(error([SafetensorsTensor(name: "f", dtype: .F32, value: Tensor([.infinity, .nan]))]) == nil)
  }

  @Test("[FMT-3] error messages name the tensor and what is accepted")
  func messages() {
    #expect(SafetensorsError.unknownDType(tensor: "w", dtype: "Q").description.contains("'w'"))
    #expect(SafetensorsError.unknownDType(tensor: "w", dtype: "Q").description.contains("BF16"))
    #expect(SafetensorsError.gap(before: nil, start: 8, end: 9).description.contains("at the end"))
    #expect(SafetensorsError.overlap(tensor: "b", other: "a").description.contains("'a' and 'b'"))
  }
}
