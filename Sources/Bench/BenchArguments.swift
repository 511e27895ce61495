import Tensors

/// The command line of `bench` (FOUND-14): workloads to run and how.
struct BenchArguments {
  static let workloads = ["gemm", "pairwise", "mlp", "nnknn", "weighted", "nnknn-joint", "search", "deep"]
  /// Diagnostics that `all` leaves out.
  static let diagnostics = ["conv-profile"]

  static let usage = """
    usage: bench [WORKLOAD ...] [--threads N[,N...]] [--variants] [--quick] [--queries N] [--json FILE|-]
      Times the hot kernels of a release build (swift run -c release bench ...). Compare figures only
      as ratios to a peer measured in the same run: Sources/Bench/peers.py runs numpy, scikit-learn
      and PyTorch on the same workloads and prints both side by side.
    workloads (default: gemm):
      gemm       matrix product n x n x n, n = 256, 512, 1024 (--quick: 256, 512)
      pairwise   squared Euclidean distances 1000 x 4000 x 784, fast form and naive twin
      mlp        one epoch of a 784-128-10 ReLU MLP on the tape, 10,000 samples, batch 64; and one
                 epoch of one abs-table5 model (closed form, one thread)
      nnknn      one NN-kNN training epoch on Digits (1,617 cases, w = 4, batch 32)
      weighted   NN-kNN's weighted-distance kernels at that epoch's shape (32 x 1,617 x 64): forward,
                 backward with dW alone (no extractor) and with dQ, dC and dW
      nnknn-joint  joint training of seed 000's ConvNet with NN-kNN on 32 x 32 x 3 images, batch 100,
                 500 and 2,000 sampled cases: seconds per step, projected per 50,000-image epoch (NNKNN-25)
      search     exact kNN, 10,000 queries x 60,000 points x 784, k = 10, Euclidean and cosine
                 (about half a minute per metric; --queries N for fewer queries)
      deep       one training pass of ResNet18 (width 1/4; and width 1 unless --quick, about a minute),
                 batch 64, Papernot's MNIST CNN, batch 500, and the 3-layer BiLSTM classifier (300 units),
                 batch 128 x 20 tokens (NET-49)
      all        every workload above
      conv-profile  diagnostic: the convolution kernel at every ResNet18 shape (processor time)
    options:
      --threads N[,N...]  thread counts to run (default: 1 and the processor count)
      --variants          gemm: also every other kernel variant this CPU supports, and the reference at n = 256
      --quick             smaller sizes
      --queries N         search: number of queries (default 10000)
      --json FILE|-       also write the measurements as JSON (- for standard output, text then goes to stderr)
      --help              this text
    """

  var workloads: [String] = []
  var threads: [Int] = Array(Set([1, Parallelism.processors])).sorted()
  var variants = false
  var quick = false
  var queries = 10_000
  var json: String?

  struct Failure: Error { let message: String }

  /// Parses the arguments after the program name; `nil` means `--help` was asked.
  static func parse(_ arguments: [String]) throws(Failure) -> BenchArguments? {
    var result = BenchArguments()
    var rest = arguments[...]
    func value(_ flag: String) throws(Failure) -> String {
      guard let next = rest.popFirst(), !next.hasPrefix("--") else { throw Failure(message: "\(flag) needs a value") }
      return next
    }
    while let argument = rest.popFirst() {
      switch argument {
      case "--help", "-h": return nil
      case "--variants": result.variants = true
      case "--quick": result.quick = true
      case "--json": result.json = try value(argument)
      case "--threads":
        let text = try value(argument)
        let counts = text.split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
        guard !counts.isEmpty, counts.allSatisfy({ ($0 ?? 0) >= 1 && ($0 ?? 0) <= 256 }) else {
          throw Failure(message: "--threads \(text): expected positive integers up to 256, separated by commas")
        }
        result.threads = counts.map { $0! }
      case "--queries":
        let text = try value(argument)
        guard let n = Int(text), n >= 1, n <= 10_000 else { throw Failure(message: "--queries \(text): expected 1...10000") }
        result.queries = n
      case "all": result.workloads += workloads
      case let name where workloads.contains(name) || diagnostics.contains(name): result.workloads.append(name)
      default:
        throw Failure(message: """
          unknown argument '\(argument)' (workloads: \(workloads.joined(separator: ", ")), all; see \
          --help)
          """)
      }
    }
    if result.workloads.isEmpty { result.workloads = ["gemm"] }
    var seen = Set<String>()
    result.workloads = result.workloads.filter { seen.insert($0).inserted }
    return result
  }
}
