import Foundation
import Tensors

/// One named tensor of a safetensors file: its values as doubles and the dtype it is (or will be)
/// stored in (FMT-1, FMT-2).
public struct SafetensorsTensor: Equatable, Sendable {
  public var name: String
  public var dtype: SafetensorsDType
  public var value: Tensor

  public init(name: String, dtype: SafetensorsDType = .F64, value: Tensor) {
    self.name = name
    self.dtype = dtype
    self.value = value
  }
}

/// A safetensors file (FMT-1): the format PyTorch users exchange weights in (Hugging Face's
/// `safetensors`). Layout: an unsigned 64-bit little-endian N; N bytes of UTF-8 JSON, the header,
/// mapping each tensor name to {"dtype", "shape", "data_offsets": [begin, end]} and, optionally,
/// "__metadata__" to an object of strings; then the data buffer, in which each tensor's elements
/// lie row-major and little-endian at bytes begin..<end. The header may end in spaces (writers pad
/// it to a multiple of 8 bytes).
///
/// Reading (``init(bytes:)``) validates everything the reference implementation does (FMT-3) and
/// converts every element to a double exactly; ``tensors`` are then in data order. Writing
/// (``serialized()``, FMT-4) lays the tensors out in the given order, contiguously from offset 0,
/// with `__metadata__` first in the header and the header padded with spaces to a multiple of 8:
/// byte for byte what the reference implementation writes when given the same order (it sorts by
/// dtype, then name).
public struct SafetensorsFile: Equatable, Sendable {
  /// The tensors, in data order (read) or in the order to write.
  public var tensors: [SafetensorsTensor]
  /// The `__metadata__` entries, in header order.
  public var metadata: [(key: String, value: String)]

  /// The reference implementation's limit on the header length (safetensors' MAX_HEADER_SIZE).
  public static let maximumHeaderLength = 100_000_000

  public init(tensors: [SafetensorsTensor], metadata: [(key: String, value: String)] = []) {
    self.tensors = tensors
    self.metadata = metadata
  }

  public static func == (a: SafetensorsFile, b: SafetensorsFile) -> Bool {
    a.tensors == b.tensors && a.metadata.map(\.key) == b.metadata.map(\.key) && a.metadata.map(\.value) == b.metadata.map(\.value)
  }

  /// The tensor called `name`.
  public func tensor(_ name: String) throws(SafetensorsError) -> Tensor {
    guard let t = tensors.first(where: { $0.name == name }) else { throw .missingTensor(name) }
    return t.value
  }

  /// The metadata value under `key`, if any.
  public func metadata(_ key: String) -> String? { metadata.first { $0.key == key }?.value }

  // MARK: Files

  /// Reads and parses the file at `url` (FMT-3's checks; a failure to read is ``SafetensorsError/io(path:reason:)``).
  public init(contentsOf url: URL) throws(SafetensorsError) {
    let data: Data
    do { data = try Data(contentsOf: url) } catch { throw .io(path: url.path, reason: error.localizedDescription) }
    try self.init(bytes: [UInt8](data))
  }

  /// Writes the file to `url` atomically (a temporary file renamed over the target), so a failure
  /// leaves no half-written file.
  public func write(to url: URL) throws(SafetensorsError) {
    let bytes = try serialized()
    do { try Data(bytes).write(to: url, options: .atomic) } catch {
      throw .io(path: url.path, reason: error.localizedDescription)
    }
  }
}
