import Foundation
import Tensors

/// Where a result was measured (EVAL-25): cores, operating system, Swift version, thread count.
/// `threads` is the kernel thread count in force when the report is made (EVAL-32): `--threads`,
/// else a valid `NN_THREADS`, else the cores; never the raw environment text.
public struct Environment: Sendable {
  public var cores: Int, operatingSystem: String, swiftVersion: String, threads: Int

  public static var current: Environment {
    Environment(cores: ProcessInfo.processInfo.activeProcessorCount,
                operatingSystem: ProcessInfo.processInfo.operatingSystemVersionString,
                swiftVersion: compilerVersion,
                threads: Parallelism.threads)
  }

  /// The compiler's language version, from compile-time conditions.
  static var compilerVersion: String {
    #if compiler(>=6.4)
      return ">= 6.4"
    #elseif compiler(>=6.3)
      return "6.3"
    #elseif compiler(>=6.2)
      return "6.2"
    #elseif compiler(>=6.1)
      return "6.1"
    #else
      return "6.0"
    #endif
  }

  public var summary: String { "\(cores) cores, \(operatingSystem), Swift \(swiftVersion)" }

  public var json: JSONValue {
    .object([("cores", .number(Double(cores))), ("os", .string(operatingSystem)),
             ("swift", .string(swiftVersion)), ("threads", .number(Double(threads)))])
  }
}
