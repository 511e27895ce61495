import Foundation
import Tensors

/// Numeric CSV readers (DATA-7).
///
/// Fields are separated by commas and trimmed of spaces and tabs; quoting is not supported (a
/// quoted number is a non-numeric field). Lines end in "\n" or "\r\n"; blank lines at the end of
/// the file are ignored; anywhere else a blank line is an error at its own line (DATA-31). Features
/// parse as `Double` and must be finite; labels are integers. Errors give the file, the 1-based
/// line and the 1-based field. gzip-compressed files are read transparently (by magic bytes).
public enum CSVReader {
  /// Options of the plain numeric layout.
  public struct Options: Sendable {
    /// The first line holds column names (then the non-label ones become feature names).
    public var hasHeader: Bool
    /// Index of the label column; negative counts from the end (-1 is the last column).
    public var labelColumn: Int
    /// The classes. When given, a label field is a class name or else an integer index into this
    /// list (the name wins when both match); when nil, labels must be integers in
    /// 0..<``CSVReader/maximumInferredClasses`` and the classes are "0" ... "max label".
    public var classNames: [String]?

    public init(hasHeader: Bool = false, labelColumn: Int = -1, classNames: [String]? = nil) {
      self.hasHeader = hasHeader
      self.labelColumn = labelColumn
      self.classNames = classNames
    }
  }

  /// The largest class count inferred from integer labels when no class names are given (DATA-31).
  public static let maximumInferredClasses = 1 << 16

  // MARK: scikit-learn layout

  /// Reads scikit-learn's layout: line 1 is `n_samples, n_features, class names...`; then
  /// exactly n_samples rows of n_features numbers and an integer label in 0..<classCount.
  public static func readScikitLearn(
    _ bytes: [UInt8], source: String, name: String, featureNames: [String]? = nil
  ) throws(DatasetError) -> Dataset {
    let lines = try DataFile.rows(try DataFile.text(bytes, source: source), source: source)
    guard let headerLine = lines.first else {
      throw .parse(file: source, line: 1, column: 1, reason: "empty file (expected a header n_samples, n_features, class names)")
    }
    let header = fields(headerLine)
    guard header.count >= 3 else {
      throw .ragged(file: source, line: 1, expected: 3, got: header.count)
    }
    let sampleCount = try count(header[0], source: source, line: 1, column: 1)
    let featureCount = try count(header[1], source: source, line: 1, column: 2)
    // A row holds n_features + 1 fields of at least one byte each (DATA-31): larger is impossible.
    guard featureCount < bytes.count else {
      throw .parse(file: source, line: 1, column: 2,
                   reason: "n_features \(featureCount) is more than a \(bytes.count)-byte file can hold")
    }
    let classNames = header[2...].map(String.init)
    guard lines.count - 1 == sampleCount else {
      throw .parse(file: source, line: lines.count + 1, column: 1,
                   reason: "the header promises \(sampleCount) samples, the file has \(lines.count - 1) rows")
    }
    var scalars: [Double] = []
    // The header's counts are untrusted (FOUND-70): reserve no more than the bytes could hold.
    let (cells, overflow) = sampleCount.multipliedReportingOverflow(by: featureCount)
    scalars.reserveCapacity(overflow ? bytes.count : min(cells, bytes.count))
    var labels: [Int] = []
    labels.reserveCapacity(sampleCount)
    for (index, line) in lines.enumerated().dropFirst() {
      let row = fields(line)
      guard row.count == featureCount + 1 else {
        throw .ragged(file: source, line: index + 1, expected: featureCount + 1, got: row.count)
      }
      for column in 0..<featureCount {
        scalars.append(try number(row[column], source: source, line: index + 1, column: column + 1))
      }
      labels.append(try label(row[featureCount], classNames: classNames, byName: false, source: source,
                              line: index + 1, column: featureCount + 1))
    }
    let features = try Dataset.matrix(rows: sampleCount, columns: featureCount, scalars: scalars, name: name)
    return try Dataset(name: name, features: features, labels: labels, classNames: classNames, featureNames: featureNames)
  }

  /// Reads a file in scikit-learn's layout (gzip allowed).
  public static func readScikitLearn(file: URL, name: String, featureNames: [String]? = nil) throws(DatasetError) -> Dataset {
    let (bytes, source) = try DataFile.contents(file)
    return try readScikitLearn(bytes, source: source, name: name, featureNames: featureNames)
  }

  // MARK: Plain numeric layout

  /// Reads plain numeric CSV: an optional header, then rows of equal length, one column of
  /// which is the label (see ``Options``).
  public static func readNumeric(_ bytes: [UInt8], source: String, name: String,
                                 options: Options = Options()) throws(DatasetError) -> Dataset {
    let lines = try DataFile.rows(try DataFile.text(bytes, source: source), source: source)
    guard let first = lines.first else {
      throw .parse(file: source, line: 1, column: 1, reason: "empty file")
    }
    let width = fields(first).count
    let labelColumn = options.labelColumn < 0 ? width + options.labelColumn : options.labelColumn
    guard labelColumn >= 0, labelColumn < width else {
      throw .invalidArgument(operation: "CSVReader.readNumeric",
                             reason: "label column \(options.labelColumn) for \(width) columns in \(source)")
    }
    if let names = options.classNames, names.isEmpty {
      throw .invalidArgument(operation: "CSVReader.readNumeric", reason: "empty class list")
    }
    let featureColumns = (0..<width).filter { $0 != labelColumn }
    var featureNames: [String]? = nil
    if options.hasHeader {
      let header = fields(first)
      featureNames = featureColumns.map { String(header[$0]) }
    }
    let firstData = options.hasHeader ? 1 : 0
    let rowCount = lines.count - firstData
    var scalars: [Double] = []
    scalars.reserveCapacity(min(rowCount * featureColumns.count, bytes.count))
    var labels: [Int] = []
    labels.reserveCapacity(rowCount)
    for index in firstData..<lines.count {
      let row = fields(lines[index])
      guard row.count == width else { throw .ragged(file: source, line: index + 1, expected: width, got: row.count) }
      for column in featureColumns {
        scalars.append(try number(row[column], source: source, line: index + 1, column: column + 1))
      }
      if let names = options.classNames {
        labels.append(try label(row[labelColumn], classNames: names, byName: true, source: source,
                                line: index + 1, column: labelColumn + 1))
      } else {
        let label = try count(row[labelColumn], source: source, line: index + 1, column: labelColumn + 1, what: "label")
        // The classes "0" ... "max label" are built as a list: bound it (DATA-31).
        guard label < maximumInferredClasses else {
          throw .parse(file: source, line: index + 1, column: labelColumn + 1,
                       reason: """
                         label \(label) is not below \(maximumInferredClasses), the most classes \
                         inferred without class names
                         """)
        }
        labels.append(label)
      }
    }
    let classNames = options.classNames ?? (0...(labels.max() ?? 0)).map(String.init)
    let features = try Dataset.matrix(rows: rowCount, columns: featureColumns.count, scalars: scalars, name: name)
    return try Dataset(name: name, features: features, labels: labels, classNames: classNames, featureNames: featureNames)
  }

  /// Reads a plain numeric CSV file (gzip allowed).
  public static func readNumeric(file: URL, name: String, options: Options = Options()) throws(DatasetError) -> Dataset {
    let (bytes, source) = try DataFile.contents(file)
    return try readNumeric(bytes, source: source, name: name, options: options)
  }

  // MARK: Fields

  /// The trimmed fields of a line; a blank line has no fields.
  static func fields(_ line: Substring) -> [Substring] {
    if DataFile.isBlank(line) { return [] }
    return line.split(separator: ",", omittingEmptySubsequences: false).map(DataFile.trimmed)
  }

  /// A finite number.
  static func number(_ field: Substring, source: String, line: Int, column: Int) throws(DatasetError) -> Double {
    guard let value = Double(field) else {
      throw .parse(file: source, line: line, column: column, reason: "\"\(field)\" is not a number")
    }
    guard value.isFinite else {
      throw .parse(file: source, line: line, column: column, reason: "\"\(field)\" is not finite")
    }
    return value
  }

  /// A non-negative integer.
  static func count(_ field: Substring, source: String, line: Int, column: Int,
                    what: String = "count") throws(DatasetError) -> Int {
    guard let value = Int(field), value >= 0 else {
      throw .parse(file: source, line: line, column: column, reason: "\(what) \"\(field)\" is not a non-negative integer")
    }
    return value
  }

  /// A class index: the field is an integer index into `classNames` or, when `byName`, first
  /// looked up among the names (a name wins over an index if both would match).
  static func label(_ field: Substring, classNames: [String], byName: Bool, source: String, line: Int,
                    column: Int) throws(DatasetError) -> Int {
    if byName, let index = classNames.firstIndex(where: { $0 == field }) { return index }
    if let index = Int(field), index >= 0, index < classNames.count { return index }
    throw .unknownLabel(file: source, line: line, label: String(field), known: classNames)
  }
}
