import Foundation
import Testing
@testable import Datasets

@Suite("Data locator")
struct DataLocatorTests {
  @Test("""
    [DATA-11] [DATA-30] directories in order, names in order within a directory; a directory at a \
    name is an error; the error lists every path
    """)
  func locate() throws {
    let first = try TestSupport.temporaryDirectory()
    let second = try TestSupport.temporaryDirectory()
    defer { TestSupport.cleanUp(first); TestSupport.cleanUp(second) }
    try TestSupport.write("x", to: second.appendingPathComponent("b.bin"))
    try TestSupport.write("x", to: second.appendingPathComponent("a.bin"))
    let locator = DataLocator(directories: [first, second])
    #expect(try locator.locate(["a.bin", "b.bin"]).lastPathComponent == "a.bin")
    try FileManager.default.createDirectory(at: first.appendingPathComponent("a.bin"), withIntermediateDirectories: true)
    #expect(throws: DatasetError.unreadable(file: first.appendingPathComponent("a.bin").path,
                                            reason: "a directory, not a file")) {
      try locator.locate(["a.bin", "b.bin"])
    }
    try FileManager.default.removeItem(at: first.appendingPathComponent("a.bin"))
    #expect(try locator.locate("b.bin").deletingLastPathComponent().standardizedFileURL.path == second.standardizedFileURL.path)
    try TestSupport.write("x", to: first.appendingPathComponent("b.bin"))
    #expect(try locator.locate(["a.bin",
                                "b.bin"]).deletingLastPathComponent().standardizedFileURL.path == first.standardizedFileURL.path)
    #expect(throws: DatasetError.fileNotFound(names: ["c", "d"], searched: [
      first.appendingPathComponent("c").path, first.appendingPathComponent("d").path,
      second.appendingPathComponent("c").path, second.appendingPathComponent("d").path,
    ])) { try locator.locate(["c", "d"]) }
  }

  @Test("""
    [DATA-11] the standard locator searches the data directory, then Fixtures/<subdirectory>; the \
    repository root is found from #filePath
    """)
  func standard() throws {
    #expect(Fixtures.repositoryRoot.standardizedFileURL == TestSupport.root.standardizedFileURL)
    #expect(FileManager.default.fileExists(atPath: Fixtures.directory.appendingPathComponent("README.md").path))
    let empty = try TestSupport.temporaryDirectory()
    defer { TestSupport.cleanUp(empty) }
    let locator = DataLocator.standard(dataDirectory: empty, fixturesSubdirectory: "uci")
    #expect(locator.directories.count == 2)
    #expect(try locator.locate("iris.csv").path.hasSuffix("Fixtures/uci/iris.csv"))
    #expect(DataLocator.standard(dataDirectory: nil, fixturesSubdirectory: "mnist").directories.count == 1)
    do { _ = try Dataset.mnist(directory: empty); Issue.record("no error") } catch {
      guard case .fileNotFound(_, let searched) = error else { Issue.record("\(error)"); return }
      #expect(searched.count == 4 && searched.allSatisfy { $0.hasPrefix(empty.path) },
              "an explicit directory never falls back to the slice")
    }
  }
}
