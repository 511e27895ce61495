import Foundation

/// MNIST looked for in the data directories of a reproduction (DATA-30), shared by every table
/// that trains on MNIST (ABS-21, DKNN-8).
public enum MNISTSearch {
  /// MNIST as found: both splits as raw byte values (DATA-8), where they came from, and the notice
  /// to give when the shipped slice stands in for files that were looked for and not found.
  public struct Found: Sendable {
    public let training: Dataset
    public let test: Dataset
    /// "DIRECTORY (N training, M test images)", the directory relative to the repository when inside it.
    public let source: String
    public let fallbackNotice: String?
  }

  /// Why MNIST could not be loaded: the message names the directory or file and what to do.
  public struct Failure: Error, Sendable, CustomStringConvertible {
    public let message: String
    /// True when the full MNIST was required and no directory holds it (nothing present was bad):
    /// a table may then report itself as not run (REPRO-51).
    public var absent = false
    public var description: String { message }
  }

  /// The four MNIST files as (split, kind, rank) of ``Dataset/idxFileNames(split:kind:rank:)``.
  static let files = [("train", "images", 3), ("train", "labels", 1), ("t10k", "images", 3), ("t10k", "labels", 1)]

  /// Loads MNIST from the first of `directories` (or its `mnist` subdirectory) that holds any of
  /// the four files (DATA-30). A directory that holds some but not all of them, or a file that is
  /// present but unreadable or malformed, is an error naming the file (and the byte, for a bad
  /// file); only absent files let the search go on. When no directory holds them, the shipped
  /// slice Fixtures/mnist is used, with a notice, unless `requireFull` (60,000 training and
  /// 10,000 test images, paper scale), in which case the error says where to put them.
  /// `trainingLimit` and `testLimit` keep the first images of each split.
  public static func load(directories: [URL], trainingLimit: Int?, testLimit: Int?, requireFull: Bool) throws(Failure) -> Found {
    var candidates: [URL] = []
    for d in directories { candidates += [d, d.appendingPathComponent("mnist", isDirectory: true)] }
    var searched: [String] = [], tooSmall: [String] = []
    for directory in candidates {
      let present = files.filter { file in
        Dataset.idxFileNames(split: file.0, kind: file.1, rank: file.2).contains {
          FileManager.default.fileExists(atPath: directory.appendingPathComponent($0).path)
        }
      }
      if present.isEmpty {
        if !isShipped(directory) { searched.append(display(directory)) }
        continue
      }
      guard present.count == files.count else {
        let missing = files.filter { f in !present.contains { $0 == f } }.map { "\($0.0)-\($0.1)-idx\($0.2)-ubyte(.gz)" }
        throw Failure(message: "\(display(directory)) holds part of MNIST but not \(missing.joined(separator: ", "))")
      }
      let train: Dataset, test: Dataset
      do {
        train = try Dataset.mnist(directory: directory, train: true, limit: trainingLimit)
        test = try Dataset.mnist(directory: directory, train: false, limit: testLimit)
      } catch { throw Failure(message: "MNIST in \(display(directory)): \(error)") }
      if requireFull && (train.count < 60_000 || test.count < 10_000) {
        tooSmall.append("\(display(directory)) has \(train.count) training and \(test.count) test images")
        continue
      }
      let notice = isShipped(directory) && !searched.isEmpty ? fallbackNotice(searched) : nil
      return Found(
        training: train, test: test, source: "\(display(directory)) (\(train.count) training, \(test.count) test images)",
        fallbackNotice: notice)
    }
    guard !requireFull else {
      throw Failure(message: "full MNIST (60,000 training and 10,000 test images) not found in \(candidates.map(\.path))"
                    + (tooSmall.isEmpty ? "" : " (\(tooSmall.joined(separator: "; ")))")
          + """
            ; pass --data-dir with train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, \
            t10k-labels-idx1-ubyte.gz
            """,
                    absent: true)
    }
    do {
      let train = try Dataset.mnist(directory: nil, train: true, limit: trainingLimit)
      let test = try Dataset.mnist(directory: nil, train: false, limit: testLimit)
      return Found(
        training: train, test: test,
        source: "the shipped slice Fixtures/mnist (\(train.count) training, \(test.count) test images)",
        fallbackNotice: searched.isEmpty ? nil : fallbackNotice(searched))
    } catch { throw Failure(message: "\(error)") }
  }

  static func fallbackNotice(_ searched: [String]) -> String {
    "MNIST files not found in \(searched.joined(separator: ", ")); using the shipped slice Fixtures/mnist instead"
  }

  /// True for the repository's Fixtures directory and anything under it.
  static func isShipped(_ directory: URL) -> Bool {
    let fixtures = Fixtures.directory.standardizedFileURL.path
    let path = directory.standardizedFileURL.path
    return path == fixtures || path.hasPrefix(fixtures + "/")
  }

  /// A directory inside the repository relative to its root (results files are committed).
  public static func display(_ directory: URL) -> String {
    let root = Fixtures.repositoryRoot.standardizedFileURL.path + "/"
    let path = directory.standardizedFileURL.path
    return path.hasPrefix(root) ? String(path.dropFirst(root.count)) : path
  }
}
