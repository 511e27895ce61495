import Evaluation
import Foundation
import Tensors

/// Tensors exchanged as .npy files (ORACLE-74): in a request, any tensor may be written
/// `{"npy": "path/to/file.npy"}` (read by ``NpyReader``, FMT-20 ... FMT-22; a relative path is
/// relative to the oracle's working directory); with the request member `"npyDirectory": DIR`, every
/// tensor in the results is written to DIR as float64 .npy (``NpyWriter``, FMT-23) and answered as
/// `{"npy": "DIR/NAME.npy"}`.
enum NpyExchange {
  /// Replaces every `{"npy": path}` in the arguments by the tensor it holds. The files together may
  /// hold at most the oracle's scalar limit (ORACLE-21), checked from each header before its data
  /// is read. A bad file is `badArgument` naming the argument and the file.
  static func resolve(_ arguments: JSONValue) throws(OracleCommand.Failure) -> JSONValue {
    var budget = Int(OracleCost.limits.scalars)
    guard let members = arguments.members, members.contains(where: { Self.mentionsNpy($0.1) }) else { return arguments }
    var resolved: [(String, JSONValue)] = []
    for (name, value) in members { resolved.append((name, try resolve(value, argument: name, budget: &budget))) }
    return .object(resolved)
  }

  /// Whether a value holds an npy reference anywhere (most requests have none: they pass untouched).
  static func mentionsNpy(_ value: JSONValue) -> Bool {
    switch value {
    case let .object(members): return members.contains { $0.0 == "npy" || mentionsNpy($0.1) }
    case let .array(items): return items.contains(where: mentionsNpy)
    default: return false
    }
  }

  static func resolve(_ value: JSONValue, argument: String, budget: inout Int) throws(OracleCommand.Failure) -> JSONValue {
    switch value {
    case let .object(members) where members.count == 1 && members[0].0 == "npy":
      guard let path = members[0].1.string, !path.isEmpty else {
        throw .init(kind: "badArgument", message: "argument '\(argument)': \"npy\" must be a non-empty path string")
      }
      do {
        let tensor = try NpyReader.read(path: path, maximumElements: budget)
        budget -= tensor.count
        return JSONValue(tensor)
      } catch let NpyError.tooLarge(source, elements, _) {
        throw .init(
          kind: "tooLarge",
          message:
            """
              argument '\(argument)': \(source) holds \(elements) elements; the .npy files of one request may hold at most \
              \(Int(OracleCost.limits.scalars)) in all
              """
        )
      } catch {
        throw .init(kind: "badArgument", message: "argument '\(argument)': \(error)")
      }
    case let .object(members):
      var resolved: [(String, JSONValue)] = []
      for (key, item) in members { resolved.append((key, try resolve(item, argument: argument, budget: &budget))) }
      return .object(resolved)
    case let .array(items):
      var resolved: [JSONValue] = []
      for item in items { resolved.append(try resolve(item, argument: argument, budget: &budget)) }
      return .array(resolved)
    default:
      return value
    }
  }

  /// The output directory of a request: an existing directory; with an id, the id must be usable
  /// in a file name (letters, digits, '-', '_', '.').
  static func checkDirectory(_ value: JSONValue, id: JSONValue?) throws(OracleCommand.Failure) -> String {
    guard let path = value.string, !path.isEmpty else {
      throw .init(kind: "badRequest", message: "\"npyDirectory\" must be a non-empty path string", id: id)
    }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
      throw .init(kind: "badRequest", message: "\"npyDirectory\": '\(path)' is not an existing directory", id: id)
    }
    if let id,
      filePrefix(id).dropLast().contains(where: {
        !($0.isLetter && $0.isASCII || $0.isNumber && $0.isASCII || "-_.".contains($0))
      })
    {
      throw .init(
        kind: "badRequest",
        message: "\"id\" \(id.serialized()) cannot be used in file names (letters, digits, '-', '_', '.' only)", id: id)
    }
    return path
  }

  /// The file-name prefix of a request with an id: "ID.".
  static func filePrefix(_ id: JSONValue) -> String {
    (id.string ?? id.serialized()) + "."
  }

  /// Writes every tensor of `results` to `directory` as PREFIX + its path (members joined by '.',
  /// array items by their index) + ".npy" and puts `{"npy": file}` in its place. Either every file
  /// is written or none is left behind (`cannotWrite`).
  static func write(_ results: [(String, JSONValue)], directory: String, prefix: String) throws(OracleCommand.Failure) -> [(
    String, JSONValue
  )] {
    var written: [String] = []
    do {
      return try results.map { ($0.0, try write($0.1, path: prefix + $0.0, directory: directory, written: &written)) }
    } catch {
      for file in written { try? FileManager.default.removeItem(atPath: file) }
      throw .init(kind: "cannotWrite", message: "\(error)")
    }
  }

  static func write(_ value: JSONValue, path: String, directory: String, written: inout [String]) throws -> JSONValue {
    switch value {
    case let .object(members) where members.count == 2 && members[0].0 == "shape" && members[1].0 == "data":
      let file = URL(fileURLWithPath: directory).appendingPathComponent(path + ".npy").path
      try NpyWriter.write(try value.tensor(named: path), to: file)
      written.append(file)
      return .object([("npy", .string(file))])
    case let .object(members):
      return .object(
        try members.map { ($0.0, try write($0.1, path: path + "." + $0.0, directory: directory, written: &written)) })
    case let .array(items):
      return .array(
        try items.enumerated().map { try write($0.1, path: path + ".\($0.0)", directory: directory, written: &written) })
    default:
      return value
    }
  }
}
