import Foundation

/// Finds a data file by its standard name(s) in an ordered list of directories (DATA-11).
///
/// `locate` tries every directory in order and, within a directory, every candidate name in
/// order (several names when a data set circulates under more than one, e.g. MNIST's
/// `train-images-idx3-ubyte.gz` and `train-images.idx3-ubyte.gz`); the first existing path wins,
/// and it must be a file (a directory there is an error, DATA-30). When none exists, the error
/// lists every full path that was tried.
public struct DataLocator: Equatable, Sendable {
  public let directories: [URL]

  public init(directories: [URL]) { self.directories = directories }

  /// The project's convention: the user's `--data-dir` first (when given), then
  /// `Fixtures/<fixturesSubdirectory>` in the repository.
  public static func standard(dataDirectory: URL?, fixturesSubdirectory: String) -> DataLocator {
    let fixtures = Fixtures.directory.appendingPathComponent(fixturesSubdirectory, isDirectory: true)
    return DataLocator(directories: (dataDirectory.map { [$0] } ?? []) + [fixtures])
  }

  /// The first existing file among `names` in `directories`.
  public func locate(_ names: [String]) throws(DatasetError) -> URL {
    var searched: [String] = []
    for directory in directories {
      for name in names {
        let candidate = directory.appendingPathComponent(name, isDirectory: false)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory) {
          // Present but not a file is an error, not an absence (DATA-30): nothing silently falls back.
          guard !isDirectory.boolValue else { throw .unreadable(file: candidate.path, reason: "a directory, not a file") }
          return candidate
        }
        searched.append(candidate.path)
      }
    }
    throw .fileNotFound(names: names, searched: searched)
  }

  /// The first existing file with the given name.
  public func locate(_ name: String) throws(DatasetError) -> URL { try locate([name]) }
}

/// Where the repository's shipped data lives (DATA-11).
public enum Fixtures {
  /// The repository root, three levels above this source file
  /// (Sources/Datasets/DataLocator.swift).
  public static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  /// `<repository>/Fixtures`.
  public static let directory = repositoryRoot.appendingPathComponent("Fixtures", isDirectory: true)
}
