/// Every way a safetensors file can be refused (FMT-3). Each case names the tensor at fault when
/// there is one, and says what was found and what is accepted, so the message alone locates the
/// problem in the file.
public enum SafetensorsError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The file ends before the 8-byte header length, or before the end of the header it announces.
  case truncated(needed: Int, got: Int)
  /// The announced header is longer than the reference implementation allows (100,000,000 bytes).
  case headerTooLong(length: UInt64, limit: Int)
  /// The header is not JSON (RFC 8259, no repeated keys), or not a JSON object.
  case headerNotJSON(String)
  /// `__metadata__` is not an object of strings.
  case malformedMetadata(String)
  /// An entry that is not {"dtype": string, "shape": [integers >= 0], "data_offsets": [begin, end]}
  /// with begin <= end.
  case malformedEntry(tensor: String, reason: String)
  /// A dtype name outside F64 F32 F16 BF16 I64 I32 I16 I8 U8 BOOL.
  case unknownDType(tensor: String, dtype: String)
  /// The entry's byte range does not lie within the data buffer.
  case offsetsOutOfRange(tensor: String, begin: Int, end: Int, dataSize: Int)
  /// Two entries claim the same bytes.
  case overlap(tensor: String, other: String)
  /// Bytes `start..<end` of the data buffer belong to no tensor: before `tensor`, or at the end of
  /// the buffer when `tensor` is nil. (The reference implementation requires the tensors to tile
  /// the buffer exactly.)
  case gap(before: String?, start: Int, end: Int)
  /// The entry's byte length is not its element count times its dtype's size.
  case byteCount(tensor: String, dtype: String, shape: [Int], expected: Int, got: Int)
  /// An element that cannot be read or written exactly (a BOOL byte other than 0 or 1, an I64
  /// beyond +-2^53 read as a double; a non-integral I64 or an F32 overflow when writing).
  case invalidValue(tensor: String, index: Int, reason: String)
  /// Two tensors with one name, an empty name or the reserved name `__metadata__` (writing).
  case invalidName(String, reason: String)
  /// A dtype that is read but not written.
  case unwritableDType(tensor: String, dtype: String)
  /// A tensor the file does not hold.
  case missingTensor(String)
  /// The file could not be read or written.
  case io(path: String, reason: String)

  public var description: String {
    switch self {
    case let .truncated(n, g): return "safetensors: truncated file: needs at least \(n) bytes, has \(g)"
    case let .headerTooLong(l, limit): return "safetensors: header length \(l) exceeds the limit of \(limit) bytes"
    case let .headerNotJSON(r): return "safetensors: header is not a JSON object: \(r)"
    case let .malformedMetadata(r): return "safetensors: __metadata__: \(r)"
    case let .malformedEntry(t, r): return "safetensors: tensor '\(t)': \(r)"
    case let .unknownDType(t, d):
      return
        """
          safetensors: tensor '\(t)': unknown dtype \"\(d)\" (accepted: \
          \(SafetensorsDType.allCases.map(\.rawValue).joined(separator: ", ")))
          """
    case let .offsetsOutOfRange(t, b, e, s):
      return "safetensors: tensor '\(t)': data_offsets [\(b), \(e)] lie outside the data buffer of \(s) bytes"
    case let .overlap(t, o): return "safetensors: tensors '\(o)' and '\(t)' overlap"
    case let .gap(t, s, e):
      return
        """
          safetensors: bytes \(s)..<\(e) of the data buffer belong to no tensor \
          (\(t.map { "before '\($0)'" } ?? "at the end of the buffer"))
          """
    case let .byteCount(t, d, shape, e, g):
      return "safetensors: tensor '\(t)': \(d) of shape \(shape) needs \(e) bytes, its data_offsets span \(g)"
    case let .invalidValue(t, i, r): return "safetensors: tensor '\(t)', element \(i): \(r)"
    case let .invalidName(n, r): return "safetensors: tensor name '\(n)': \(r)"
    case let .unwritableDType(t, d):
      return "safetensors: tensor '\(t)': dtype \(d) is read but not written (write F64, F32 or I64)"
    case let .missingTensor(n): return "safetensors: no tensor named '\(n)'"
    case let .io(p, r): return "safetensors: \(p): \(r)"
    }
  }
}
