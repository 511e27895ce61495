import Foundation
import Kernels
#if arch(x86_64)
import KernelsX86V3
import KernelsX86V4
#endif

/// The instruction-set variants of the kernel layer (FOUND-13).
public enum KernelVariant: String, CaseIterable, Sendable, CustomStringConvertible {
  /// Compiled for the toolchain's default target (baseline x86-64 or arm64): runs everywhere.
  case portable
  /// AVX2 + FMA (Intel Haswell and later, AMD Zen).
  case x86V3 = "x86-64-v3"
  /// AVX-512 F/BW/CD/DQ/VL (Intel Skylake-SP and later, AMD Zen 4).
  case x86V4 = "x86-64-v4"

  public var description: String { rawValue }
}

/// Chooses the kernel variant once per process (FOUND-13).
///
/// The choice: `NN_KERNEL` if it names a variant this CPU supports, else the widest supported
/// variant. Every variant computes the same bits (FOUND-11), so the choice changes speed only;
/// tests run each supported variant explicitly through ``table(_:)``.
public enum KernelSelection {
  /// The variants this CPU and build can run, narrowest first (always starts with `.portable`).
  public static let supported: [KernelVariant] = {
    var result: [KernelVariant] = [.portable]
    #if arch(x86_64)
    let flags = CPUFeatures.current
    if flags.isSuperset(of: CPUFeatures.x86V3) { result.append(.x86V3) }
    if flags.isSuperset(of: CPUFeatures.x86V3.union(CPUFeatures.x86V4)) { result.append(.x86V4) }
    #endif
    return result
  }()

  /// The table of `variant`, or nil when this CPU cannot run it.
  public static func table(_ variant: KernelVariant) -> KernelTable? {
    guard supported.contains(variant) else { return nil }
    switch variant {
    case .portable: return portableKernels
    #if arch(x86_64)
    case .x86V3: return x86V3Kernels
    case .x86V4: return x86V4Kernels
    #else
    case .x86V3, .x86V4: return nil
    #endif
    }
  }

  /// Why `NN_KERNEL` cannot be honoured (unknown name, or a variant this CPU lacks); nil when it is
  /// unset or valid. The executables check this at start-up and refuse to run; the library then
  /// falls back to the automatic choice.
  public static let environmentError: String? = {
    guard let text = ProcessInfo.processInfo.environment["NN_KERNEL"], !text.isEmpty else { return nil }
    let names = KernelVariant.allCases.map(\.rawValue).joined(separator: ", ")
    guard let variant = KernelVariant(rawValue: text) else {
      return "NN_KERNEL=\(text) is not a kernel variant (one of: \(names))"
    }
    guard supported.contains(variant) else {
      return "NN_KERNEL=\(text): this CPU cannot run it (supported: \(supported.map(\.rawValue).joined(separator: ", ")))"
    }
    return nil
  }()

  /// The variant in force for this process.
  public static let selected: KernelVariant = {
    if environmentError == nil, let text = ProcessInfo.processInfo.environment["NN_KERNEL"],
       let variant = KernelVariant(rawValue: text) {
      return variant
    }
    return supported.last!
  }()

  /// The table of the variant in force.
  public static let selectedTable: KernelTable = table(selected)!
}

/// The CPU feature flags the variants need, as Linux's /proc/cpuinfo names them.
enum CPUFeatures {
  static let x86V3: Set<String> = ["avx", "avx2", "fma", "bmi1", "bmi2", "f16c", "movbe", "abm"]
  static let x86V4: Set<String> = ["avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl"]

  /// The flags of this CPU that the operating system enables (empty when they cannot be read, which
  /// leaves only the portable variant).
  static let current: Set<String> = {
    #if os(Linux)
    // The kernel lists a flag only when it also saves the registers the extension uses.
    guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
          let line = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") }),
          let colon = line.firstIndex(of: ":") else { return [] }
    return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
    #elseif os(macOS) && arch(x86_64)
    var result: Set<String> = []
    let names: [(String, [String])] = [
      ("hw.optional.avx1_0", ["avx"]), ("hw.optional.avx2_0", ["avx2"]), ("hw.optional.fma", ["fma"]),
      ("hw.optional.bmi1", ["bmi1"]), ("hw.optional.bmi2", ["bmi2"]), ("hw.optional.f16c", ["f16c"]),
      ("hw.optional.movbe", ["movbe"]), ("hw.optional.lzcnt", ["abm"]), ("hw.optional.avx512f", ["avx512f"]),
      ("hw.optional.avx512bw", ["avx512bw"]), ("hw.optional.avx512cd", ["avx512cd"]),
      ("hw.optional.avx512dq", ["avx512dq"]), ("hw.optional.avx512vl", ["avx512vl"]),
    ]
    for (sysctlName, flags) in names {
      var value: Int32 = 0
      var size = MemoryLayout<Int32>.size
      if sysctlbyname(sysctlName, &value, &size, nil, 0) == 0, value != 0 { result.formUnion(flags) }
    }
    return result
    #else
    return []
    #endif
  }()
}

/// The kernel layer's matrix view, re-exported so that clients of Tensors need not import Kernels.
public typealias StridedMatrix = Kernels.StridedMatrix
