import Evaluation
import Foundation
import Randomness
import Tensors
@testable import Datasets

/// Valid data files of every format the readers take, and their mutations (DATA-32): bit flips,
/// truncations, insertions, deletions, repeats, header fields set to extremes, and for text,
/// tokens replaced and separators inserted.
struct DataFileMutator {
  enum Format: String, CaseIterable { case idx, csvScikit, csvNumeric, gzip, zlib, cifar, text, npy }

  /// A valid file, its format and the (offset, width) of its header fields.
  struct Seed {
    let name: String
    let format: Format
    let bytes: [UInt8]
    let fields: [(offset: Int, width: Int)]
  }

  static func idx(_ dimensions: [UInt32], _ data: [UInt8]) -> [UInt8] {
    [0, 0, 8, UInt8(dimensions.count)]
      + dimensions.flatMap { d in (0..<4).map { UInt8(truncatingIfNeeded: d >> (8 * (3 - $0))) } } + data
  }

  static func littleEndian(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }

  /// Stored DEFLATE blocks of at most 16 bytes, so that mutations meet many block headers.
  static func stored(_ content: [UInt8]) -> [UInt8] {
    var stream: [UInt8] = []
    var start = 0
    repeat {
      let end = min(start + 16, content.count), length = end - start
      stream += [end == content.count ? 1 : 0, UInt8(length), 0, UInt8(~length & 0xFF), 0xFF] + content[start..<end]
      start = end
    } while start < content.count
    return stream
  }

  static func gzip(_ content: [UInt8]) -> [UInt8] {
    [0x1F, 0x8B, 8, 0x08, 1, 2, 3, 4, 0, 3] + Array("f.csv".utf8) + [0] + stored(content)
      + littleEndian(CRC32.checksum(content)) + littleEndian(UInt32(content.count))
  }

  static let scikitCSV = Array("4,2,a,b\n1.5,2,0\n3,4e2,1\n-1,0,1\n0x1p3,7,0\n".utf8)
  static let numericCSV = Array("x,y,label\n1,2,0\n3,4,1\n5,-6,2\n".utf8)

  static let seeds: [Seed] = {
    var seeds = [
      Seed(name: "labels.idx", format: .idx, bytes: idx([6], [0, 1, 2, 3, 4, 5]), fields: [(3, 1), (4, 4)]),
      Seed(
        name: "images.idx", format: .idx, bytes: idx([2, 2, 3], Array(0..<12)), fields: [(2, 1), (3, 1), (4, 4), (8, 4), (12, 4)]),
      Seed(name: "labels.idx.gz", format: .idx, bytes: gzip(idx([6], [9, 8, 7, 0, 1, 2])),
           fields: [(3, 1), (10, 6), (16, 1), (17, 2), (19, 2)]),
      Seed(name: "scikit.csv", format: .csvScikit, bytes: scikitCSV, fields: []),
      Seed(name: "scikit.csv.gz", format: .csvScikit, bytes: gzip(scikitCSV), fields: [(3, 1), (4, 4), (16, 1), (17, 2)]),
      Seed(name: "numeric.csv", format: .csvNumeric, bytes: numericCSV, fields: []),
      Seed(
        name: "data.gz", format: .gzip, bytes: gzip(Array("neighbours and networks".utf8)),
        fields: [(2, 1), (3, 1), (16, 1), (17, 2)]),
      Seed(name: "data.zlib", format: .zlib,
        bytes: [0x78, 0x01] + stored(Array("case base".utf8))
          + (0..<4).map { UInt8(truncatingIfNeeded: Adler32.checksum(Array("case base".utf8)) >> (8 * (3 - $0))) },
        fields: [(0, 1), (1, 1), (2, 1), (3, 2)]),
      Seed(name: "batch.bin", format: .cifar, bytes: [3] + (0..<3072).map { UInt8($0 % 251) }, fields: [(0, 1)]),
      Seed(name: "corpus.txt", format: .text, bytes: Array("1 a fine film\n0 a dull one\n1 more\n".utf8), fields: []),
    ]
    // .npy files (FMT-24): dtypes, byte orders, orders; fields: version, header length, the shape's digits.
    let matrix = try! Tensor(shape: [2, 3], scalars: [1.5, -2, 3, 4, 0, -6.25])
    for (name, type, fortran) in [
      ("f8.npy", NpyType.float64, false), ("f4be-fortran.npy", NpyType(.float32, bigEndian: true), true),
      ("i8.npy", NpyType(.int64), false), ("u1-fortran.npy", NpyType(.uint8), true),
      ("i4be.npy", NpyType(.int32, bigEndian: true), false)
    ] {
      let values =
        type.kind == .float64 || type.kind == .float32 ? matrix : try! Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 0, 6])
      let bytes = try! NpyWriter.encode(values, as: type, fortranOrder: fortran)
      let shapeDigit = bytes.firstIndex(of: UInt8(ascii: "("))! + 1
      seeds.append(Seed(name: name, format: .npy, bytes: bytes, fields: [(6, 1), (7, 1), (8, 2), (shapeDigit, 1)]))
    }
    // A real dynamic-Huffman stream: the shipped MNIST test labels (gzip -9).
    let shipped = Fixtures.directory.appendingPathComponent("mnist/t10k-labels-idx1-ubyte.gz")
    if let bytes = try? [UInt8](Data(contentsOf: shipped)) {
      seeds.append(
        Seed(name: "t10k-labels-idx1-ubyte.gz", format: .idx, bytes: bytes, fields: [(3, 1), (10, 2), (bytes.count - 4, 4)]))
    }
    return seeds
  }()

  static let extremeFields: [UInt64] = [0, 1, 2, 0x7F, 0x80, 0xFF, 0xFFFF, 1_000_000_000, 0x7FFF_FFFF, 0xFFFF_FFFF]
  static let extremeTokens = [
    "0", "-1", "1e400", "nan", "inf", "9223372036854775807", "99999999999999999999", "", " ", "\"1\"", "0x", "-",
    "1000000000", "é", "\u{FEFF}"
  ]
  static let insertions: [[UInt8]] = [
    [0x0A], [0x0A, 0x0A], [0x2C], [0x22], [0x0D], [0xFF], [0xC3], [0x00], [0x20, 0x0A], Array("nan".utf8)
  ]

  var random: Xoshiro256StarStar

  mutating func mutate(_ seed: Seed) -> [UInt8] {
    var bytes = seed.bytes
    for _ in 0...random.below(2) {
      switch random.below(seed.fields.isEmpty ? 6 : 7) {
      case 0:
        for _ in 0...random.below(4) where !bytes.isEmpty { bytes[random.below(bytes.count)] ^= UInt8(1 << random.below(8)) }
      case 1: bytes.removeSubrange(random.below(bytes.count + 1)...)
      case 2:
        bytes.insert(
          contentsOf: random.chance(0.5)
            ? random.pick(Self.insertions) : (0...random.below(16)).map { _ in UInt8(random.below(256)) },
          at: random.below(bytes.count + 1))
      case 3 where !bytes.isEmpty:
        let at = random.below(bytes.count)
        bytes.removeSubrange(at..<min(bytes.count, at + 1 + random.below(32)))
      case 4 where !bytes.isEmpty:
        let at = random.below(bytes.count)
        bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + 1 + random.below(64))], at: at)
      case 5: replaceToken(&bytes)
      case 6: setField(&bytes, seed.fields)
      default: bytes.append(UInt8(random.below(256)))  // a guarded case that did not apply (empty file)
      }
    }
    return bytes
  }

  /// A header field set to an extreme value, big-endian (IDX) or little-endian (gzip) at random.
  mutating func setField(_ bytes: inout [UInt8], _ fields: [(offset: Int, width: Int)]) {
    let field = random.pick(fields)
    let value = random.pick(Self.extremeFields)
    let bigEndian = random.chance(0.5)
    for i in 0..<field.width where field.offset + i < bytes.count {
      let shift = 8 * (bigEndian ? field.width - 1 - i : i)
      bytes[field.offset + i] = UInt8(truncatingIfNeeded: shift < 64 ? value >> UInt64(shift) : 0)
    }
  }

  /// One comma-, space- or line-separated token replaced by an extreme one.
  mutating func replaceToken(_ bytes: inout [UInt8]) {
    let separators: Set<UInt8> = [0x2C, 0x0A, 0x20]
    let starts = [0] + bytes.indices.filter { separators.contains(bytes[$0]) }.map { $0 + 1 }
    let start = min(random.pick(starts), bytes.count)
    var end = start
    while end < bytes.count, !separators.contains(bytes[end]) { end += 1 }
    bytes.replaceSubrange(start..<end, with: Array(random.pick(Self.extremeTokens).utf8))
  }
}
