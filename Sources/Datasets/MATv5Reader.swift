/// A reader for the MATLAB 5 MAT-file elements that numeric arrays use (DATA-70): what SVHN's
/// `train_32x32.mat` / `test_32x32.mat` hold (a uint8 array X [32, 32, 3, N] and a double array y
/// [N, 1]), as MATLAB's `save` and scipy's `savemat` write them.
///
/// Layout (MathWorks, "MAT-File Format", version 5): a 128-byte header (116 bytes of text, 8 of
/// subsystem offset, version 0x0100, the endian indicator "MI" written as a 16-bit value: bytes
/// "IM" in a little-endian file), then data elements. Each element is a tag (type, byte count as
/// two uint32) and its data, padded to 8 bytes; a small element packs type and count (16 bits
/// each) with up to 4 bytes of data into 8 bytes. Type 15 (miCOMPRESSED) holds a zlib stream
/// (inflated by ``Zlib``) of one element; type 14 (miMATRIX) holds sub-elements: array flags
/// (class in the low byte), dimensions (int32), name (int8), the real part (stored in any numeric
/// type: MATLAB narrows doubles to the smallest integer type that holds them), optionally an
/// imaginary part. Read: little-endian files, numeric classes (double, single, int8...uint64);
/// refused by name: big-endian files, complex, sparse, cell, struct, char and object arrays.
/// Errors: ``DatasetError/format(file:offset:reason:)`` naming the byte; the inflater's errors.
public enum MATv5Reader {
  /// One numeric array: its name, dimensions (MATLAB's, column-major), class name, and values in
  /// column-major order, each as a double (uint8 values exactly).
  public struct NumericArray: Sendable, Equatable {
    public let name: String
    public let dimensions: [Int]
    public let className: String
    public let values: [Double]
  }

  static let classNames = [6: "double", 7: "single", 8: "int8", 9: "uint8", 10: "int16", 11: "uint16", 12: "int32",
                           13: "uint32", 14: "int64", 15: "uint64"]

  /// Every numeric array of the file, in file order.
  public static func arrays(_ bytes: [UInt8], source: String) throws(DatasetError) -> [NumericArray] {
    guard bytes.count >= 128 else { throw .truncated(source: source, offset: bytes.count) }
    guard bytes[126] == UInt8(ascii: "I"), bytes[127] == UInt8(ascii: "M") else {
      throw .format(
        file: source, offset: 126,
        reason: "endian indicator is not 'IM' (a little-endian MAT 5 file); big-endian files are not read")
    }
    guard bytes[124] == 0x00, bytes[125] == 0x01 else {
      throw .format(
        file: source, offset: 124, reason: "version \(bytes[125]).\(bytes[124]) is not 0x0100 (MAT 5; v7.3 files are HDF5)")
    }
    var result: [NumericArray] = []
    var reader = ElementReader(bytes: bytes, source: source, position: 128)
    while reader.position < bytes.count {
      let element = try reader.next()
      switch element.type {
      case 15:
        let inflated = try Zlib.decompress(
          Array(bytes[element.start..<element.end]), source: "\(source) (element at byte \(element.offset))")
        var inner = ElementReader(
          bytes: inflated, source: "\(source) (compressed element at byte \(element.offset))", position: 0)
        let matrix = try inner.next()
        guard matrix.type == 14 else {
          throw .format(file: inner.source, offset: 0, reason: "compressed element holds type \(matrix.type), not a matrix (14)")
        }
        result.append(try numericArray(inflated, matrix, source: inner.source))
      case 14: result.append(try numericArray(bytes, element, source: source))
      default: continue  // other top-level elements are not arrays
      }
    }
    return result
  }

  /// A data element: type, where its data lies, where its tag began.
  struct Element { let type: Int, start: Int, end: Int, offset: Int }

  struct ElementReader {
    let bytes: [UInt8], source: String
    var position: Int

    func uint32(_ at: Int) -> Int {
      Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24
    }

    /// The next element; the position moves past its padding.
    mutating func next() throws(DatasetError) -> Element {
      let offset = position
      guard offset + 8 <= bytes.count else { throw .truncated(source: source, offset: bytes.count) }
      let first = uint32(offset)
      if first >> 16 != 0 {  // small element: count in the high half, at most 4 bytes of data
        let count = first >> 16
        guard count <= 4 else {
          throw .format(file: source, offset: offset, reason: "small element of \(count) bytes (at most 4)")
        }
        position = offset + 8
        return Element(type: first & 0xFFFF, start: offset + 4, end: offset + 4 + count, offset: offset)
      }
      let count = uint32(offset + 4)
      let end = offset + 8 + count
      guard end <= bytes.count else { throw .truncated(source: source, offset: bytes.count) }
      let type = first
      position = type == 15 ? end : offset + 8 + (count + 7) / 8 * 8
      return Element(type: type, start: offset + 8, end: end, offset: offset)
    }
  }

  static func numericArray(_ bytes: [UInt8], _ matrix: Element, source: String) throws(DatasetError) -> NumericArray {
    var reader = ElementReader(bytes: bytes, source: source, position: matrix.start)
    let flags = try reader.next()
    guard flags.type == 6, flags.end - flags.start == 8 else {
      throw .format(
        file: source, offset: flags.offset, reason: "array flags must be 8 bytes of uint32 (type 6), got type \(flags.type)")
    }
    let classCode = Int(bytes[flags.start]), flagBits = Int(bytes[flags.start + 1])
    let dims = try reader.next()
    guard dims.type == 5, (dims.end - dims.start) % 4 == 0 else {
      throw .format(file: source, offset: dims.offset, reason: "dimensions must be int32 (type 5), got type \(dims.type)")
    }
    let dimensions = stride(from: dims.start, to: dims.end, by: 4).map { reader.uint32($0) }
    let nameElement = try reader.next()
    let name = String(decoding: bytes[nameElement.start..<nameElement.end], as: UTF8.self)
    guard let className = classNames[classCode] else {
      throw .format(
        file: source, offset: flags.start, reason: "array '\(name)' has class \(classCode): only numeric arrays (6...15) are read"
      )
    }
    guard flagBits & 0x08 == 0 else {
      throw .format(file: source, offset: flags.start + 1, reason: "array '\(name)' is complex: only real arrays are read")
    }
    let real = try reader.next()
    let values = try decode(bytes, real, source: source)
    var count = 1
    for d in dimensions {
      let (product, overflow) = count.multipliedReportingOverflow(by: d)
      guard !overflow else {
        throw .format(file: source, offset: dims.offset, reason: "array '\(name)' has dimensions \(dimensions): too many values")
      }
      count = product
    }
    guard values.count == count else {
      throw .format(
        file: source, offset: real.offset, reason: "array '\(name)' has \(values.count) values for dimensions \(dimensions)")
    }
    return NumericArray(name: name, dimensions: dimensions, className: className, values: values)
  }

  /// The values of a numeric data element (types 1...13 but 8, 10, 11), as doubles.
  static func decode(_ bytes: [UInt8], _ e: Element, source: String) throws(DatasetError) -> [Double] {
    let width: Int
    switch e.type {
    case 1, 2: width = 1
    case 3, 4: width = 2
    case 5, 6, 7: width = 4
    case 9, 12, 13: width = 8
    default: throw .format(file: source, offset: e.offset, reason: "data type \(e.type) is not numeric")
    }
    guard (e.end - e.start) % width == 0 else {
      throw .format(file: source, offset: e.offset, reason: "\(e.end - e.start) bytes are not whole values of \(width) bytes")
    }
    return stride(from: e.start, to: e.end, by: width).map { at in
      var raw: UInt64 = 0
      for i in 0..<width { raw |= UInt64(bytes[at + i]) << (8 * UInt64(i)) }
      switch e.type {
      case 1: return Double(Int8(truncatingIfNeeded: raw))
      case 3: return Double(Int16(truncatingIfNeeded: raw))
      case 5: return Double(Int32(truncatingIfNeeded: raw))
      case 7: return Double(Float(bitPattern: UInt32(raw)))
      case 9: return Double(bitPattern: raw)
      case 12: return Double(Int64(bitPattern: raw))
      default: return Double(raw)  // unsigned: 2, 4, 6, 13
      }
    }
  }
}
