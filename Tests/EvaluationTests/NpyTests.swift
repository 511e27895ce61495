import Foundation
import Testing
import Tensors
@testable import Formats

/// The .npy reader and writer (FMT-20 ... FMT-23) against files numpy wrote
/// (Fixtures/golden/npy, make_npy.py).
@Suite(".npy reader and writer")
struct NpyTests {
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
    .appendingPathComponent("Fixtures/golden/npy")
  static let expected = Result {
    try JSONValue(parsing: [UInt8](try Data(contentsOf: directory.appendingPathComponent("expected.json"))))
  }

  static var fileNames: [String] { (try? expected.get()["files"]?.members?.map(\.0)) ?? [] }

  @Test(
    """
      [FMT-20] [FMT-21] every file numpy wrote reads to its shape and row-major values: each dtype, both byte orders, C and \
      Fortran order, 0-d, empty, 3-d, versions 2.0 and 3.0
      """,
        arguments: fileNames)
  func readsNumpyFiles(name: String) throws {
    let entry = try #require(try Self.expected.get()["files"]?[name])
    let tensor = try NpyReader.read(path: Self.directory.appendingPathComponent(name + ".npy").path)
    #expect(tensor.shape == entry["shape"]?.array?.compactMap { $0.number.map(Int.init) })
    let values = entry["data"]?.array?.compactMap(\.number) ?? []
    #expect(tensor.scalars.map(\.bitPattern) == values.map(\.bitPattern), "\(name)")
  }

  @Test(
    "[FMT-23] the writer reproduces np.save's bytes for float64 C-order arrays (header padding and growth-axis spaces included)",
    arguments: ["f8le_c", "scalar", "empty", "vector"])
  func writesAsNumpy(name: String) throws {
    let bytes = [UInt8](try Data(contentsOf: Self.directory.appendingPathComponent(name + ".npy")))
    let tensor = try NpyReader.parse(bytes, source: name)
    #expect(try NpyWriter.encode(tensor) == bytes)
  }

  @Test("[FMT-23] every dtype and order round-trips through the writer and reader; Fortran files equal numpy's bytes")
  func roundTrips() throws {
    let t = try Tensor(shape: [2, 3], scalars: [1.5, -2, 3, 4, 0, -6.25])
    for kind in NpyType.Kind.allCases where kind != .uint8 && kind != .int32 && kind != .int64 {
      for big in [false, true] {
        for fortran in [false, true] {
          let bytes = try NpyWriter.encode(t, as: NpyType(kind, bigEndian: big), fortranOrder: fortran)
          #expect(try NpyReader.parse(bytes, source: "x") == t, "\(kind) big \(big) fortran \(fortran)")
        }
      }
    }
    let numpyFortran = [UInt8](try Data(contentsOf: Self.directory.appendingPathComponent("f8le_fortran.npy")))
    #expect(try NpyWriter.encode(t, fortranOrder: true) == numpyFortran)
    #expect(throws: NpyError.notRepresentable(source: "array", index: 0, value: 1.5, descr: "<i4")) {
      try NpyWriter.encode(t, as: NpyType(.int32))
    }
  }

  @Test("[FMT-22] bad files are typed errors naming the file", arguments: [
    ("not npy", Array("hello world".utf8), "notNpy"),
    ("empty", [], "notNpy"),
    ("short prefix", NpyHeader.magic + [1], "malformedHeader"),
    ("version 4", NpyHeader.magic + [4, 0, 10, 0], "unsupportedVersion"),
    ("cut header", NpyHeader.magic + [1, 0, 100, 0] + Array("{'descr'".utf8), "malformedHeader"),
  ] as [(String, [UInt8], String)])
  func refusals(label: String, bytes: [UInt8], kind: String) {
    do {
      _ = try NpyReader.parse(bytes, source: "file-\(label).npy")
      Issue.record("\(label): accepted")
    } catch {
      #expect(Mirror(reflecting: error).children.first?.label == kind, "\(label): \(error)")
      #expect(error.description.hasPrefix("file-\(label).npy: "))
    }
  }

  static func file(_ header: String, data: [UInt8]) -> [UInt8] {
    let text = Array(header.utf8) + [0x0A]
    return NpyHeader.magic + [1, 0, UInt8(text.count & 0xFF), UInt8(text.count >> 8)] + text + data
  }

  @Test("[FMT-22] header and data problems: each refusal names its reason", arguments: [
    ("{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }", 16, "unsupportedType"),
    ("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", 8, "wrongDataLength"),
    ("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", 9, "wrongDataLength"),
    ("{'descr': '<f8', 'fortran_order': False}", 8, "malformedHeader"),
    ("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'extra': 1}", 8, "malformedHeader"),
    ("{'descr': '<f8', 'fortran_order': 'no', 'shape': (1,), }", 8, "malformedHeader"),
    ("{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }", 8, "malformedHeader"),
    ("{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296, 4294967296), }", 8, "tooLarge"),
    ("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), } trailing", 8, "malformedHeader"),
  ] as [(String, Int, String)])
  func headerProblems(header: String, dataBytes: Int, kind: String) {
    do {
      _ = try NpyReader.parse(Self.file(header, data: [UInt8](repeating: 0, count: dataBytes)), source: "h.npy")
      Issue.record("accepted: \(header)")
    } catch {
      #expect(Mirror(reflecting: error).children.first?.label == kind, "\(header): \(error)")
    }
  }

  @Test(
    "[FMT-21] [FMT-22] int64 values beyond 2^53 are refused, not rounded; the element limit is checked before the data is read")
  func limits() throws {
    let inexact = Self.directory.appendingPathComponent("int64_inexact.npy").path
    #expect(throws: NpyError.inexactInteger(source: inexact, index: 0, value: (1 << 53) + 1)) {
      try NpyReader.read(path: inexact)
    }
    let cube = Self.directory.appendingPathComponent("cube_fortran.npy").path
    #expect(throws: NpyError.tooLarge(source: cube, elements: "24", limit: 23)) {
      try NpyReader.read(path: cube, maximumElements: 23)
    }
    #expect(throws: NpyError.cannotAccess(source: "/no/such.npy", reason: "no such file")) {
      try NpyReader.read(path: "/no/such.npy")
    }
    #expect(throws: NpyError.cannotAccess(source: Self.directory.path, reason: "it is a directory")) {
      try NpyReader.read(path: Self.directory.path)
    }
  }
}
