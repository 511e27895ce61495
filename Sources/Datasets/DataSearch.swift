import Foundation

/// Finding a data set made of several files among the run's data directories (DATA-63).
///
/// Each data directory D is tried with each subdirectory name in order (the empty name is D
/// itself), e.g. Fashion-MNIST in D/fashion-mnist and D/FashionMNIST/raw (torchvision's layout),
/// never in D itself where MNIST's files of the same names would be taken for it. A candidate
/// directory holding none of the files is passed over (absent, DATA-30); one holding some but not
/// all is an error naming the missing files; the first holding all wins. When none does, the
/// outcome lists every directory looked in, for the report's "not run" line.
public enum DataSearch {
  public enum Outcome: Equatable, Sendable {
    case found(URL)
    case absent(searched: [String])
  }

  /// `files`: for each required file, its accepted names (any one of them will do).
  public static func locate(dataSet: String, files: [[String]], directories: [URL], subdirectories: [String]) throws(DatasetError)
    -> Outcome
  {
    var searched: [String] = []
    for directory in directories {
      for sub in subdirectories {
        let candidate = sub.isEmpty ? directory : directory.appendingPathComponent(sub, isDirectory: true)
        let present = files.map { names in
          names.contains { FileManager.default.fileExists(atPath: candidate.appendingPathComponent($0).path) }
        }
        if !present.contains(true) {
          searched.append(candidate.path)
          continue
        }
        guard present.allSatisfy({ $0 }) else {
          let missing = zip(files, present).filter { !$0.1 }.map { $0.0[0] }
          throw .invalidArgument(operation: "locating \(dataSet)",
                                 reason: "\(candidate.path) holds part of \(dataSet) but not \(missing.joined(separator: ", "))")
        }
        return .found(candidate)
      }
    }
    return .absent(searched: searched)
  }
}
