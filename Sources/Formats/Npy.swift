import Foundation
import Tensors

/// Reading .npy files (FMT-20 ... FMT-22): numpy's array format, versions 1.0 to 3.0, the dtypes of
/// ``NpyType`` in either byte order, C (row-major) or Fortran (column-major) order. The result is a
/// row-major ``Tensor`` of doubles: float32, int32 and uint8 values convert exactly, int64 values
/// must lie within +-2^53 (else ``NpyError/inexactInteger(source:index:value:)``). The data section
/// must hold exactly the bytes the shape and dtype need. Every error names the file. Every length
/// is checked before it is used (FMT-24: the fuzz campaign feeds mutated files through both entry
/// points, and each ends in a tensor or a typed error, never a trap or an unbounded allocation).
public enum NpyReader {
  /// Parses a whole file's bytes; `source` names it in errors; at most `maximumElements` elements.
  public static func parse(_ bytes: [UInt8], source: String, maximumElements: Int = .max) throws(NpyError) -> Tensor {
    let (header, dataStart) = try self.header(bytes[...], source: source)
    let count = try checkedCount(header, source: source, maximumElements: maximumElements)
    return try decode(bytes[dataStart...], header: header, count: count, source: source)
  }

  /// Reads the file at `path`: the header first, so that a file over `maximumElements` is refused
  /// before its data is read.
  public static func read(path: String, maximumElements: Int = .max) throws(NpyError) -> Tensor {
    let handle: FileHandle
    do {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw NpyError.cannotAccess(source: path, reason: "no such file")
      }
      guard !isDirectory.boolValue else { throw NpyError.cannotAccess(source: path, reason: "it is a directory") }
      handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
    } catch let error as NpyError { throw error } catch {
      throw .cannotAccess(source: path, reason: "\(error.localizedDescription)")
    }
    defer { try? handle.close() }
    func next(_ count: Int) throws(NpyError) -> [UInt8] {
      guard count > 0 else { return [] }
      do { return [UInt8](try handle.read(upToCount: count) ?? Data()) } catch {
        throw .cannotAccess(source: path, reason: "\(error.localizedDescription)")
      }
    }
    var bytes = try next(12)
    let (headerLength, prefixLength) = try NpyHeader.prefix(bytes[...], source: path)
    bytes += try next(prefixLength + headerLength - bytes.count)
    let (header, dataStart) = try self.header(bytes[...], source: path)
    let count = try checkedCount(header, source: path, maximumElements: maximumElements)
    let needed = count * header.type.kind.size
    bytes += try next(dataStart + needed + 1 - bytes.count)  // one more byte tells of trailing data
    return try decode(bytes[dataStart...], header: header, count: count, source: path)
  }

  /// The header and the offset of the data.
  static func header(_ bytes: ArraySlice<UInt8>, source: String) throws(NpyError) -> (NpyHeader, Int) {
    let (length, prefixLength) = try NpyHeader.prefix(bytes, source: source)
    guard bytes.count >= prefixLength + length else {
      throw .malformedHeader(
        source: source, reason: "the file ends inside the header (\(bytes.count) bytes, header to byte \(prefixLength + length))")
    }
    let start = bytes.startIndex + prefixLength
    let header = try NpyHeader.parse(Array(bytes[start..<(start + length)]), source: source)
    return (header, prefixLength + length)
  }

  static func checkedCount(_ header: NpyHeader, source: String, maximumElements: Int) throws(NpyError) -> Int {
    guard let count = header.elementCount, count <= maximumElements, count <= Int.max / 8 else {
      let elements = header.elementCount.map(String.init) ?? header.shape.map(String.init).joined(separator: " x ")
      throw .tooLarge(source: source, elements: elements, limit: maximumElements)
    }
    return count
  }

  /// The data section as a row-major tensor.
  static func decode(_ data: ArraySlice<UInt8>, header: NpyHeader, count: Int, source: String) throws(NpyError) -> Tensor {
    let size = header.type.kind.size
    guard data.count == count * size else { throw .wrongDataLength(source: source, expected: count * size, actual: data.count) }
    var values = [Double](repeating: 0, count: count)
    var inexact: (Int, Int64)?
    data.withUnsafeBytes { raw in
      for i in 0..<count {
        guard let x = header.type.value(raw, at: i * size) else {
          var word: UInt64 = 0
          withUnsafeMutableBytes(of: &word) {
            $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[(i * size)..<(i * size + 8)]))
          }
          inexact = (i, Int64(bitPattern: header.type.bigEndian ? UInt64(bigEndian: word) : UInt64(littleEndian: word)))
          return
        }
        values[i] = x
      }
    }
    if let (index, value) = inexact { throw .inexactInteger(source: source, index: index, value: value) }
    if header.fortranOrder && header.shape.count > 1 { values = rowMajor(fromColumnMajor: values, shape: header.shape) }
    do { return try Tensor(shape: header.shape, scalars: values) } catch {
      throw .tooLarge(source: source, elements: "\(count)", limit: count)
    }
  }

  /// For each row-major position of an array of `shape`, its offset in column-major order (first
  /// index fastest): the one index map both the reader and the writer use for Fortran order.
  static func columnMajorOffsets(_ shape: [Int]) -> [Int] {
    var columnStrides = [Int](repeating: 1, count: shape.count)
    for axis in shape.indices.dropFirst() { columnStrides[axis] = columnStrides[axis - 1] * shape[axis - 1] }
    let count = shape.reduce(1, *)
    var offsets = [Int](repeating: 0, count: count)
    var index = [Int](repeating: 0, count: shape.count)
    for flat in 0..<count {
      offsets[flat] = zip(index, columnStrides).reduce(0) { $0 + $1.0 * $1.1 }
      var axis = shape.count - 1
      while axis >= 0 {
        index[axis] += 1
        if index[axis] < shape[axis] { break }
        index[axis] = 0
        axis -= 1
      }
    }
    return offsets
  }

  static func rowMajor(fromColumnMajor values: [Double], shape: [Int]) -> [Double] {
    columnMajorOffsets(shape).map { values[$0] }
  }
}

/// Writing .npy files (FMT-23): the bytes numpy's `np.save` writes for the same array (header of
/// ``NpyHeader/encoded()``, then the data), float64 little-endian C order unless asked otherwise.
public enum NpyWriter {
  /// The file's bytes; `type` other than float64 must hold every value exactly.
  public static func encode(_ tensor: Tensor, as type: NpyType = .float64, fortranOrder: Bool = false,
                            source: String = "array") throws(NpyError) -> [UInt8] {
    var bytes = NpyHeader(type: type, fortranOrder: fortranOrder, shape: tensor.shape).encoded()
    let values = fortranOrder && tensor.shape.count > 1 ? columnMajor(tensor) : tensor.scalars
    bytes.reserveCapacity(bytes.count + values.count * type.kind.size)
    for (i, x) in values.enumerated() {
      guard let encoded = type.bytes(of: x) else {
        throw .notRepresentable(source: source, index: i, value: x, descr: type.description)
      }
      bytes += encoded
    }
    return bytes
  }

  /// Writes `tensor` to `path` as float64: to a temporary file beside it, then renamed, so that
  /// `path` is either the whole new file or untouched.
  public static func write(_ tensor: Tensor, to path: String) throws(NpyError) {
    let bytes = try encode(tensor, source: path)
    let url = URL(fileURLWithPath: path)
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
      throw .cannotAccess(source: path, reason: "a directory is in the way")
    }
    let temporary = url.deletingLastPathComponent().appendingPathComponent(
      ".\(url.lastPathComponent).\(UUID().uuidString).partial")
    do {
      try Data(bytes).write(to: temporary)
      if FileManager.default.fileExists(atPath: path) {
        _ = try FileManager.default.replaceItemAt(url, withItemAt: temporary)
      } else {
        try FileManager.default.moveItem(at: temporary, to: url)
      }
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw .cannotAccess(source: path, reason: error.localizedDescription)
    }
  }

  /// The values in column-major order (first index fastest).
  static func columnMajor(_ tensor: Tensor) -> [Double] {
    var result = [Double](repeating: 0, count: tensor.count)
    for (flat, offset) in NpyReader.columnMajorOffsets(tensor.shape).enumerated() { result[offset] = tensor.scalars[flat] }
    return result
  }
}
