/// PyTorch's default CPU generator after `torch.manual_seed(seed)`: an ``MT19937`` seeded with
/// `init_genrand` on the low 32 bits of the seed, plus the cached second normal of the
/// Box-Muller pair (RAND-30). Every draw method of this type returns bit for bit what the torch
/// function of the same name returns on the CPU (checked against Fixtures/golden/torch_random.json,
/// written by torch 2.15).
///
/// Like ``NumpyRandomState`` it is deliberately not a ``RandomSource``: torch turns words into
/// numbers with its own transforms (RAND-32 ... RAND-39), and a separate type means they can never
/// be mixed up with the project's generic ones. Where torch's result depends on how its CPU
/// kernels were compiled (fused multiply-add, a vectorised float normal), ``capability`` says
/// which build is reproduced (RAND-31).
public struct TorchGenerator: Sendable, Equatable {
  /// The word source (torch: `CPUGeneratorImpl::engine_`).
  public private(set) var engine: MT19937
  /// The second value of the last scalar Box-Muller pair, returned by the next scalar-path normal
  /// draw (torch: `next_double_normal_sample_`). The blocked path of RAND-34 neither reads nor
  /// writes it.
  public private(set) var cachedNormal: Double?
  /// Which of torch's CPU kernel builds is reproduced (RAND-31).
  public let capability: TorchCPUCapability
  /// The seed last given (torch: `initial_seed()`).
  public private(set) var seed: UInt64

  /// `torch.manual_seed(seed)` on a machine whose torch dispatches to `capability`
  /// (`torch.backends.cpu.get_cpu_capability()`, or the `ATEN_CPU_CAPABILITY` override) (RAND-30).
  public init(seed: UInt64, capability: TorchCPUCapability) {
    self.engine = MT19937(seed: UInt32(truncatingIfNeeded: seed))
    self.cachedNormal = nil
    self.capability = capability
    self.seed = seed
  }

  /// `torch.manual_seed(seed)` again: a fresh engine and no cached normal (RAND-30).
  public mutating func manualSeed(_ seed: UInt64) {
    self = TorchGenerator(seed: seed, capability: capability)
  }

  /// One 32-bit word (torch: `CPUGeneratorImpl::random()`) (RAND-30).
  public mutating func random() -> UInt32 { engine.nextUInt32() }

  /// Two words a then b joined as (a << 32) | b (torch: `random64()`, the first word high) (RAND-30).
  public mutating func random64() -> UInt64 { engine.next() }

  mutating func takeCachedNormal() -> Double? {
    defer { cachedNormal = nil }
    return cachedNormal
  }

  mutating func cacheNormal(_ value: Double) { cachedNormal = value }
}

/// The element type of a tensor torch fills: the draws and the arithmetic differ by type (RAND-32).
/// float32 results are returned as the `Double` holding the same value (every `Float` is exactly
/// representable), so the rest of the project keeps working in double.
public enum TorchDType: String, Sendable, CaseIterable, Equatable {
  case float32, float64
}

/// The CPU kernel build whose arithmetic is reproduced (RAND-31). torch compiles its CPU
/// kernels once per instruction set and picks one at start-up (`torch.backends.cpu.get_cpu_capability()`;
/// `ATEN_CPU_CAPABILITY=default|avx2|avx512` forces one). The builds differ in two places only,
/// both fixed by goldens written by torch 2.15 under each setting:
/// - `default` evaluates x * (to - from) + from (uniform) and z * std + mean (scalar normal) with
///   two roundings; `avx2` and `avx512` fuse them into one fused multiply-add;
/// - a float32 tensor of 16 or more elements is made normal with glibc's `logf`, `cosf`, `sinf`
///   under `default`, and with the vectorised cephes polynomials of torch's `avx_mathfun.h`
///   (every multiply-add fused) under `avx2` and `avx512` (RAND-35).
/// Everything else (words, integer draws, double normals of 16 or more) is the same for all three.
public enum TorchCPUCapability: String, Sendable, CaseIterable, Equatable {
  case `default`, avx2, avx512

  /// True when the compiler fused a * b + c into one rounding in the scalar kernels.
  public var fusesMultiplyAdd: Bool { self != .default }

  /// True when float32 normals of 16 or more come from the AVX2 polynomial path (RAND-35).
  public var usesVectorisedFloatNormal: Bool { self != .default }
}
