import Foundation
import Tensors

/// An n-dimensional array of unsigned bytes read from an IDX file.
public struct IDXArray: Equatable, Sendable {
  /// The extents, outermost first (MNIST images: [n, 28, 28]; labels: [n]).
  public let dimensions: [Int]
  /// The elements in row-major order.
  public let bytes: [UInt8]
}

/// The IDX format of MNIST and Fashion-MNIST (DATA-8).
///
/// Layout: magic `00 00 TT R` (TT the element type, R the number of dimensions), R big-endian
/// 32-bit extents, then the elements in row-major order. Only TT = 0x08 (unsigned byte) is read,
/// which is what (Fashion-)MNIST use. The data must fill the file exactly: a shorter file is
/// truncated, a longer one has trailing bytes; both are errors. Files may be gzip-compressed
/// (recognised by the magic bytes 1f 8b).
public enum IDXReader {
  /// Parses IDX bytes (already inflated).
  public static func parse(_ bytes: [UInt8], source: String) throws(DatasetError) -> IDXArray {
    guard bytes.count >= 4 else { throw .truncated(source: source, offset: bytes.count) }
    guard bytes[0] == 0, bytes[1] == 0 else {
      throw .format(file: source, offset: 0, reason: "IDX magic must start with 00 00, found \(hex(bytes[0])) \(hex(bytes[1]))")
    }
    guard bytes[2] == 0x08 else {
      throw .format(file: source, offset: 2, reason: "element type \(hex(bytes[2])) (only 0x08, unsigned byte, is supported)")
    }
    let rank = Int(bytes[3])
    guard rank >= 1 else { throw .format(file: source, offset: 3, reason: "zero dimensions") }
    let dataStart = 4 + 4 * rank
    guard bytes.count >= dataStart else { throw .truncated(source: source, offset: bytes.count) }
    var dimensions: [Int] = []
    var elementCount = 1
    for axis in 0..<rank {
      let at = 4 + 4 * axis
      let extent = Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
      dimensions.append(extent)
      let (product, overflow) = elementCount.multipliedReportingOverflow(by: extent)
      guard !overflow else { throw .format(file: source, offset: at, reason: "dimensions \(dimensions) overflow") }
      elementCount = product
    }
    let available = bytes.count - dataStart
    guard available >= elementCount else { throw .truncated(source: source, offset: bytes.count) }
    guard available == elementCount else {
      throw .format(file: source, offset: dataStart + elementCount,
                    reason: "\(available - elementCount) bytes after the \(dimensions) array")
    }
    return IDXArray(dimensions: dimensions, bytes: Array(bytes[dataStart...]))
  }

  /// Reads an IDX file, inflating it first if it is gzip-compressed; errors about the content of a
  /// compressed file name it as "PATH (inflated)", their offsets counting in the inflated bytes.
  public static func read(_ url: URL) throws(DatasetError) -> IDXArray {
    try readNamed(url).array
  }

  /// The array and the source name its errors use (DATA-31).
  static func readNamed(_ url: URL) throws(DatasetError) -> (array: IDXArray, source: String) {
    let (bytes, source) = try DataFile.contents(url)
    return (try parse(bytes, source: source), source)
  }

  /// Pairs an image array [n, ...] with a label array [n] into a data set: features are the raw
  /// byte values 0...255 as `Double` (no scaling: preprocessing is a separate, named step), one
  /// flattened image per row; `sampleShape` is the image's extents. `limit` keeps the first
  /// samples. Labels must lie in 0..<classNames.count.
  public static func dataset(
    images: IDXArray, labels: IDXArray, imagesSource: String, labelsSource: String,
    name: String, classNames: [String], limit: Int? = nil
  ) throws(DatasetError) -> Dataset {
    guard images.dimensions.count >= 2 else {
      throw .format(file: imagesSource, offset: 3, reason: "images need at least 2 dimensions, found \(images.dimensions)")
    }
    guard labels.dimensions.count == 1 else {
      throw .format(file: labelsSource, offset: 3, reason: "labels need 1 dimension, found \(labels.dimensions)")
    }
    let total = images.dimensions[0]
    guard labels.dimensions[0] == total else {
      throw .format(file: labelsSource, offset: 4,
                    reason: "\(labels.dimensions[0]) labels for \(total) images in \(imagesSource)")
    }
    if let limit, limit < 0 { throw .invalidArgument(operation: "IDXReader.dataset", reason: "negative limit \(limit)") }
    let count = min(total, limit ?? total)
    let sampleShape = Array(images.dimensions.dropFirst())
    let width = sampleShape.reduce(1, *)
    var classLabels: [Int] = []
    classLabels.reserveCapacity(count)
    for index in 0..<count {
      let label = Int(labels.bytes[index])
      guard label < classNames.count else {
        throw .format(file: labelsSource, offset: 8 + index,
                      reason: "label \(label) of item \(index) outside 0..<\(classNames.count)")
      }
      classLabels.append(label)
    }
    let scalars = images.bytes[0..<(count * width)].map { Double($0) }
    let features = try Dataset.matrix(rows: count, columns: width, scalars: scalars, name: name)
    return try Dataset(name: name, features: features, labels: classLabels, classNames: classNames, sampleShape: sampleShape)
  }

  /// Reads an images file and a labels file into a data set (see
  /// ``dataset(images:labels:imagesSource:labelsSource:name:classNames:limit:)``).
  public static func dataset(
    imagesFile: URL, labelsFile: URL, name: String, classNames: [String], limit: Int? = nil
  ) throws(DatasetError) -> Dataset {
    let (images, labels) = (try readNamed(imagesFile), try readNamed(labelsFile))
    return try dataset(images: images.array, labels: labels.array, imagesSource: images.source,
                       labelsSource: labels.source, name: name, classNames: classNames, limit: limit)
  }

  static func hex(_ byte: UInt8) -> String {
    let digits = String(byte, radix: 16)
    return "0x" + (digits.count == 1 ? "0" : "") + digits
  }
}
