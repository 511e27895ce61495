import Foundation
import Testing
@testable import Datasets

/// Reader messages that point at the right place, said one way (DATA-31).
@Suite("Reader messages and checked header sizes")
struct ReaderMessageTests {
  @Test("[DATA-31] a blank line inside a CSV is an error at that line, in both layouts, whatever the row count says")
  func blankLines() {
    let blank = { (line: Int) in DatasetError.parse(file: "t.csv", line: line, column: 1,
                                                    reason: "blank line before the end of the file") }
    #expect(throws: blank(3)) { try CSVReader.readScikitLearn(Array("2,1,a\n1,0\n\n2,0\n".utf8), source: "t.csv", name: "t") }
    #expect(throws: blank(3)) { try CSVReader.readScikitLearn(Array("3,1,a\n1,0\n \t\n2,0\n".utf8), source: "t.csv", name: "t") }
    #expect(throws: blank(2)) { try CSVReader.readNumeric(Array("1,0\n\n2,1\n".utf8), source: "t.csv", name: "t") }
    #expect(throws: blank(4)) {
      try CSVReader.readNumeric(Array("1,0\r\n2,1\r\n3,0\r\n\r\n4,1\r\n".utf8), source: "t.csv", name: "t")
    }
    // Trailing blank lines are still the end of the file.
    #expect((try? CSVReader.readNumeric(Array("1,0\n2,1\n\n\n".utf8), source: "t.csv", name: "t"))?.count == 2)
  }

  @Test("[DATA-31] header counts that overflow or promise more than the file holds neither trap nor allocate: they are errors")
  func hugeHeaderCounts() {
    for (count, rows) in [("9223372036854775807", "1,0\n1,0\n"), ("9223372036854775806", "1,0\n1,0\n"),
                          ("1000000000000000000", "1,0\n1,0\n")] {
      let text = "2,\(count),a\n" + rows
      #expect(throws: DatasetError.parse(file: "t.csv", line: 1, column: 2,
                                         reason: "n_features \(count) is more than a \(text.utf8.count)-byte file can hold")) {
        try CSVReader.readScikitLearn(Array(text.utf8), source: "t.csv", name: "t")
      }
    }
    #expect(throws: DatasetError.ragged(file: "t.csv", line: 2, expected: 6, got: 2)) {
      try CSVReader.readScikitLearn(Array("1,5,a\n1,0\n".utf8), source: "t.csv", name: "t")
    }
    #expect(throws: DatasetError.parse(file: "t.csv", line: 1, column: 2,
                                       reason: "count \"99999999999999999999\" is not a non-negative integer")) {
      try CSVReader.readScikitLearn(Array("1,99999999999999999999,a\n1,0\n".utf8), source: "t.csv", name: "t")
    }
    #expect(throws: DatasetError.format(file: "i", offset: 8, reason: "dimensions [4294967295, 4294967295] overflow")) {
      try IDXReader.parse([0, 0, 8, 3] + [UInt8](repeating: 0xFF, count: 12), source: "i")
    }
  }

  @Test("[DATA-31] an integer label of 10^9 without class names is an error, not a billion inferred classes")
  func hugeInferredLabel() throws {
    #expect(
      throws: DatasetError.parse(
        file: "t.csv", line: 2, column: 2,
        reason: "label 1000000000 is not below 65536, the most classes inferred without class names")
    ) {
      try CSVReader.readNumeric(Array("1,0\n2,1000000000\n".utf8), source: "t.csv", name: "t")
    }
    #expect(try CSVReader.readNumeric(Array("1,0\n2,65535\n".utf8), source: "t.csv", name: "t").classNames.count == 65536)
  }

  @Test("[DATA-31] gzip and zlib header bytes print as 0x and two hex digits")
  func hexBytes() {
    #expect(throws: DatasetError.badHeader(source: "g", offset: 0, reason: "magic bytes 0x1f 0x0b instead of 0x1f 0x8b")) {
      try Gzip.decompress([0x1F, 0x0B, 8, 0, 0, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0], source: "g")
    }
    #expect(throws: DatasetError.badHeader(source: "z", offset: 0,
                                           reason: "CMF 0x07: method must be 8 with a window of at most 32 KiB")) {
      try Zlib.decompress([0x07, 0x00, 0x03, 0x00], source: "z")
    }
  }

  @Test("[DATA-31] errors inside a gzip-compressed IDX file say the offset is into the inflated data")
  func inflatedOffsets() throws {
    let directory = try TestSupport.temporaryDirectory()
    defer { TestSupport.cleanUp(directory) }
    let idx: [UInt8] = [0, 0, 8, 1, 0, 0, 0, 2, 7, 8, 9]  // one extra byte after the [2] array
    let raw = directory.appendingPathComponent("a-idx1-ubyte"), packed = directory.appendingPathComponent("a-idx1-ubyte.gz")
    try TestSupport.write(idx, to: raw)
    try TestSupport.write(TestSupport.gzipMember(deflate: TestSupport.storedDeflate(idx), content: idx), to: packed)
    #expect(throws: DatasetError.format(file: raw.path, offset: 10, reason: "1 bytes after the [2] array")) {
      try IDXReader.read(raw)
    }
    #expect(throws: DatasetError.format(file: packed.path + " (inflated)", offset: 10, reason: "1 bytes after the [2] array")) {
      try IDXReader.read(packed)
    }
    let corrupt = Array(TestSupport.gzipMember(deflate: TestSupport.storedDeflate(idx), content: idx).dropLast(3))
    try TestSupport.write(corrupt, to: packed)
    #expect(throws: DatasetError.truncated(source: packed.path, offset: corrupt.count)) { try IDXReader.read(packed) }
  }
}
