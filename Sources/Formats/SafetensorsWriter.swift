/// Writing safetensors (FMT-4).
extension SafetensorsFile {
  /// The file's bytes: the tensors in ``tensors`` order, contiguous from data offset 0, each in its
  /// dtype (F64, F32 or I64, FMT-2); the header `{"__metadata__": {...}, name: {"dtype", "shape",
  /// "data_offsets"}, ...}` in that order without spaces (no `__metadata__` member when there is no
  /// metadata), padded with spaces to a multiple of 8 bytes.
  ///
  /// Errors, before anything is produced: an empty or repeated name or `__metadata__`
  /// (``SafetensorsError/invalidName(_:reason:)``), a read-only dtype, a value the dtype cannot
  /// hold (``SafetensorsError/invalidValue(tensor:index:reason:)``: a non-integral or NaN I64, a
  /// finite value beyond F32's range; F32 otherwise rounds to nearest, ties to even).
  public func serialized() throws(SafetensorsError) -> [UInt8] {
    var seen = Set<String>()
    var data: [UInt8] = []
    data.reserveCapacity(tensors.reduce(0) { $0 + $1.value.count * $1.dtype.size })
    var entries: [(String, JSONValue)] =
      metadata.isEmpty ? [] : [("__metadata__", .object(metadata.map { ($0.key, .string($0.value)) }))]
    for tensor in tensors {
      guard !tensor.name.isEmpty, tensor.name != "__metadata__" else {
        throw .invalidName(tensor.name, reason: "empty or reserved")
      }
      guard seen.insert(tensor.name).inserted else { throw .invalidName(tensor.name, reason: "appears twice") }
      guard tensor.dtype.isWritable else { throw .unwritableDType(tensor: tensor.name, dtype: tensor.dtype.rawValue) }
      let begin = data.count
      for (i, x) in tensor.value.scalars.enumerated() {
        if let problem = tensor.dtype.encode(x, into: &data) {
          throw .invalidValue(tensor: tensor.name, index: i, reason: problem)
        }
      }
      entries.append((tensor.name, .object([("dtype", .string(tensor.dtype.rawValue)),
                                            ("shape", .array(tensor.value.shape.map { .number(Double($0)) })),
                                            ("data_offsets", .array([.number(Double(begin)), .number(Double(data.count))]))])))
    }
    var header = Array(JSONValue.object(entries).serialized().utf8)
    header += [UInt8](repeating: 0x20, count: (8 - header.count % 8) % 8)
    let length = UInt64(header.count)
    return (0..<8).map { UInt8(truncatingIfNeeded: length >> (8 * UInt64($0))) } + header + data
  }
}
