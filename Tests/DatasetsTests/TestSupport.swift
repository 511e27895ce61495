import Foundation
import Randomness
@testable import Datasets

/// Paths and helpers shared by the Datasets suites.
enum TestSupport {
  /// The repository root (Tests/DatasetsTests/ThisFile.swift -> three levels up).
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
  static let fixtures = root.appendingPathComponent("Fixtures")
  static let goldenGzip = fixtures.appendingPathComponent("golden/gzip")
  /// The full MNIST beside the project (../shared/datasets/mnist), present on developer machines and CI.
  static let sharedMNIST = root.deletingLastPathComponent().appendingPathComponent("shared/datasets/mnist")

  static func golden(_ name: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: goldenGzip.appendingPathComponent(name)))
  }

  /// A fresh temporary directory (removed by the caller with `cleanUp`).
  static func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("nn-datasets-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  static func cleanUp(_ url: URL) { try? FileManager.default.removeItem(at: url) }

  static func write(_ bytes: [UInt8], to url: URL) throws { try Data(bytes).write(to: url) }
  static func write(_ text: String, to url: URL) throws { try Data(text.utf8).write(to: url) }

  /// The system's gzip, if installed.
  static let gzipTool: URL? = ["/usr/bin/gzip", "/bin/gzip", "/usr/local/bin/gzip", "/opt/homebrew/bin/gzip"]
    .map { URL(fileURLWithPath: $0) }.first { FileManager.default.isExecutableFile(atPath: $0.path) }

  /// Compresses `bytes` with the system's gzip at `level` (via a temporary file, so the header
  /// carries a file name).
  static func systemGzip(_ bytes: [UInt8], level: Int, in directory: URL) throws -> [UInt8] {
    guard let tool = gzipTool else { throw CocoaError(.fileNoSuchFile) }
    let input = directory.appendingPathComponent("input-\(level)-\(bytes.count).bin")
    try write(bytes, to: input)
    let process = Process()
    process.executableURL = tool
    process.arguments = ["-c", "-\(level)", input.path]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown) }
    return [UInt8](output)
  }

  static func randomBytes(_ count: Int, seed: UInt64) -> [UInt8] {
    var rng = Xoshiro256StarStar(seed: seed)
    return (0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
  }

  /// Text-like bytes with many repeats: words from a small list, chosen at random.
  static func repetitiveBytes(_ count: Int, seed: UInt64) -> [UInt8] {
    var rng = Xoshiro256StarStar(seed: seed)
    let words = ["case", "neighbour", "network", "distance", "weight", " ", " ", "\n", "0", "1", "the",
                 "of"].map { Array($0.utf8) }
    var bytes: [UInt8] = []
    while bytes.count < count { bytes += words[Int(rng.next() % UInt64(words.count))] }
    return Array(bytes.prefix(count))
  }

  /// A gzip member wrapped by hand around a raw DEFLATE stream (FLG as given; the optional
  /// fields filled in when their flag is set).
  static func gzipMember(deflate: [UInt8], content: [UInt8], flags: UInt8 = 0, extra: [UInt8] = [1, 2, 3],
                         name: String = "name.txt", comment: String = "a comment") -> [UInt8] {
    var header: [UInt8] = [0x1F, 0x8B, 8, flags, 0x78, 0x56, 0x34, 0x12, 0, 3]
    if flags & 0x04 != 0 { header += [UInt8(extra.count & 0xFF), UInt8(extra.count >> 8)] + extra }
    if flags & 0x08 != 0 { header += Array(name.utf8) + [0] }
    if flags & 0x10 != 0 { header += Array(comment.utf8) + [0] }
    if flags & 0x02 != 0 {
      let crc = CRC32.checksum(header)
      header += [UInt8(crc & 0xFF), UInt8((crc >> 8) & 0xFF)]
    }
    return header + deflate + littleEndian(CRC32.checksum(content)) + littleEndian(UInt32(truncatingIfNeeded: content.count))
  }

  static func littleEndian(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }

  /// A raw DEFLATE stream of stored blocks (built by hand: BFINAL, BTYPE 00, padding to the byte,
  /// LEN, NLEN, data), splitting `content` into blocks of at most `blockSize` bytes.
  static func storedDeflate(_ content: [UInt8], blockSize: Int = 65535) -> [UInt8] {
    var stream: [UInt8] = []
    var start = 0
    repeat {
      let end = min(start + blockSize, content.count)
      let isFinal = end == content.count
      let length = end - start
      stream.append(isFinal ? 1 : 0)
      stream += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)]
      stream += content[start..<end]
      start = end
    } while start < content.count
    return stream
  }

  /// The raw DEFLATE stream inside a single-member gzip file (skipping the header as gzip writes
  /// it: 10 bytes plus the FNAME when flag 0x08 is set).
  static func deflateBody(ofGzip gz: [UInt8]) -> [UInt8] {
    var start = 10
    if gz[3] & 0x08 != 0 { while gz[start] != 0 { start += 1 }; start += 1 }
    return Array(gz[start..<(gz.count - 8)])
  }
}
