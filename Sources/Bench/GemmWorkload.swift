import Tensors

/// Matrix products n x n x n through the selected kernel variant (and, with --variants, every
/// other supported one and the reference at n = 256), at each thread count. Work = 2 n^3 flops.
func benchGemm(_ arguments: BenchArguments) -> [Measurement] {
  var results: [Measurement] = []
  let variants = arguments.variants ? KernelSelection.supported.reversed() : [KernelSelection.selected]
  for n in arguments.quick ? [256, 512] : [256, 512, 1024] {
    let a = randomMatrix(n, n, seed: 1), b = randomMatrix(n, n, seed: 2)
    let flops = 2 * Double(n) * Double(n) * Double(n)
    var first: [Double]?
    for variant in variants {
      // The portable variant without hardware FMA is slow by design: time it once, at 256 only.
      if variant == .portable && variants.count > 1 && n > 256 { continue }
      for threads in arguments.threads {
        var c: [Double] = []
        let t = bestWithin { c = MatrixMultiply.fast(a.scalars, b.scalars, m: n, k: n, n: n, threads: threads, variant: variant) }
        if let first { precondition(first == c, "variant \(variant) differs from the first: the kernels' contract is broken") }
        first = first ?? c
        results.append(Measurement(workload: "gemm", size: "\(n)x\(n)x\(n)", threads: threads, variant: variant.rawValue,
                                   seconds: t, work: flops, unit: "flop"))
      }
    }
    if arguments.variants && n == 256 {
      var c: [Double] = []
      let t = best(1) { c = MatrixMultiply.reference(a.scalars, b.scalars, m: n, k: n, n: n) }
      precondition(first == c, "the fast kernel differs from the reference")
      results.append(Measurement(workload: "gemm", size: "\(n)x\(n)x\(n)", threads: 1, variant: "reference", seconds: t,
                                 work: flops, unit: "flop"))
    }
  }
  return results
}

/// Uniform entries in [-0.5, 0.5) from a fixed linear congruential stream (bench data only).
func randomMatrix(_ rows: Int, _ columns: Int, seed: UInt64) -> Tensor {
  var state = seed
  var t = Tensor.zeros([rows, columns])
  for i in 0..<t.count {
    state = state &* 6364136223846793005 &+ 1442695040888963407
    t[flat: i] = Double(state >> 11) * 0x1.0p-53 - 0.5
  }
  return t
}
