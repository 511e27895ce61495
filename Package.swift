// swift-tools-version:6.0
// NeuralNeighbors: a readable, double-precision reference for four methods joining neural
// networks and nearest neighbours. No package dependencies: the toolchain only.
import PackageDescription

/// The kernel layer is compiled with optimisation in every configuration (also debug builds), so
/// `swift test` exercises the same fast kernels that `reproduce` runs. The instruction-set variants
/// of the kernels are separate modules built from the same generic source (Sources/Kernels) with
/// their own `-target-cpu`; Tensors picks one at start-up from the CPU's features (FOUND-13), and
/// every variant computes the same bits. Only x86-64 hosts get the x86 target flags; elsewhere those
/// modules are empty. Note for incremental builds: a change to an inlinable body in Sources/Kernels
/// does not make SwiftPM recompile the variant modules; touch Sources/KernelsX86V3 and V4 (or build
/// from clean), else they keep the old code (the kernel-variant tests would then fail).
let optimised: [SwiftSetting] = [.unsafeFlags(["-O"])]
#if arch(x86_64)
let x86V3Flags: [SwiftSetting] = [.unsafeFlags(["-O", "-target-cpu", "haswell"])]
let x86V4Flags: [SwiftSetting] = [.unsafeFlags(["-O", "-target-cpu", "skylake-avx512"])]
#else
let x86V3Flags = optimised
let x86V4Flags = optimised
#endif

let package = Package(
  name: "NeuralNeighbors",
  platforms: [.macOS(.v13)],
  products: [
    .library(name: "Tensors", targets: ["Tensors"]),
    .library(name: "Randomness", targets: ["Randomness"]),
    .library(name: "Formats", targets: ["Formats"]),
    .library(name: "Autodiff", targets: ["Autodiff"]),
    .library(name: "UpdateRules", targets: ["UpdateRules"]),
    .library(name: "Networks", targets: ["Networks"]),
    .library(name: "Neighbors", targets: ["Neighbors"]),
    .library(name: "Datasets", targets: ["Datasets"]),
    .library(name: "Evaluation", targets: ["Evaluation"]),
    .library(name: "NNkNN", targets: ["NNkNN"]),
    .library(name: "AbsMahalanobis", targets: ["AbsMahalanobis"]),
    .library(name: "EBEDNN", targets: ["EBEDNN"]),
    .library(name: "DkNN", targets: ["DkNN"]),
    .executable(name: "reproduce", targets: ["reproduce"]),
    .executable(name: "oracle", targets: ["oracle"]),
    .executable(name: "bench", targets: ["bench"]),
  ],
  targets: [
    // Layer 0: the kernel variants; values and kernels; seeded randomness. Layer 1: differentiation.
    .target(name: "Kernels", swiftSettings: optimised),
    .target(name: "KernelsX86V3", dependencies: ["Kernels"], swiftSettings: x86V3Flags),
    .target(name: "KernelsX86V4", dependencies: ["Kernels"], swiftSettings: x86V4Flags),
    .target(name: "Tensors", dependencies: ["Kernels", "KernelsX86V3", "KernelsX86V4"], swiftSettings: optimised),
    .target(name: "Randomness", swiftSettings: optimised),
    // File and exchange formats: JSON (RFC 8259, exact doubles), and the weight and array formats.
    .target(name: "Formats", dependencies: ["Tensors"]),
    .target(name: "Autodiff", dependencies: ["Tensors", "Randomness"]),
    // PyTorch's SGD and Adam steps on flat arrays: the one update rule under Networks' optimisers,
    // Neighbors' NCA and LMNN, and Abs-node Experiment 2's loop (NET-120).
    .target(name: "UpdateRules"),
    // Layer 2: layers, initialisers, optimisers with PyTorch's update rules, training loop; data.
    .target(name: "Networks", dependencies: ["Tensors", "Randomness", "Autodiff", "UpdateRules", "Formats"]),
    // Nearest neighbours: holds the pairwise-distance hot loop, so it gets the kernel flags.
    .target(name: "Neighbors", dependencies: ["Tensors", "Randomness", "Autodiff", "UpdateRules"], swiftSettings: optimised),
    .target(name: "Datasets", dependencies: ["Tensors", "Randomness"]),
    // Layer 3: protocols, metrics, reports.
    .target(name: "Evaluation", dependencies: ["Tensors", "Randomness", "Formats"]),
    // Layer 4: one module per method.
    .target(name: "NNkNN", dependencies: ["Tensors", "Randomness", "Autodiff", "Networks", "Neighbors", "Datasets", "Evaluation"]),
    .target(name: "AbsMahalanobis", dependencies: ["Tensors", "Randomness", "Autodiff", "Networks", "UpdateRules", "Datasets",
                                                   "Evaluation"]),
    .target(name: "EBEDNN", dependencies: ["Tensors", "Randomness", "Autodiff", "Networks", "Neighbors", "Datasets", "Evaluation", "Formats"]),
    .target(name: "DkNN", dependencies: ["Tensors", "Randomness", "Autodiff", "Networks", "Neighbors", "Datasets", "Evaluation"]),

    // Executables: the table runner (sources in Reproductions/), the oracle, the benchmarks.
    .executableTarget(name: "reproduce", dependencies: ["Evaluation", "Tensors", "Datasets", "NNkNN", "AbsMahalanobis", "EBEDNN", "DkNN"],
                      path: "Reproductions", exclude: ["results", "README.md"]),
    .executableTarget(name: "oracle", dependencies: ["Evaluation", "Tensors", "Randomness", "Autodiff", "Networks", "Neighbors", "Datasets",
                                                     "NNkNN", "AbsMahalanobis", "EBEDNN", "DkNN"],
                      path: "Sources/Oracle"),
    .executableTarget(name: "bench", dependencies: ["Tensors", "Randomness", "Autodiff", "Networks", "Neighbors", "Datasets", "Evaluation", "NNkNN", "AbsMahalanobis"],
                      path: "Sources/Bench", exclude: ["peers.py", "serve_benchmark.py"]),

    .testTarget(name: "TensorsTests", dependencies: ["Tensors", "Randomness"]),
    .testTarget(name: "RandomnessTests", dependencies: ["Randomness"]),
    .testTarget(name: "AutodiffTests", dependencies: ["Autodiff", "Tensors", "Randomness"]),
    .testTarget(name: "NetworksTests", dependencies: ["Networks", "Autodiff", "Tensors", "Randomness", "Formats"]),
    .testTarget(name: "FormatsTests", dependencies: ["Formats", "Tensors"]),
    .testTarget(name: "NNkNNTests", dependencies: ["NNkNN", "Networks", "Autodiff", "Tensors", "Randomness"]),
    .testTarget(name: "NeighborsTests", dependencies: ["Neighbors", "Networks", "Tensors", "Randomness", "Autodiff"]),
    .testTarget(name: "EBEDNNTests", dependencies: ["EBEDNN", "Networks", "Neighbors", "Autodiff", "Tensors", "Randomness", "Datasets", "Evaluation"]),
    .testTarget(name: "AbsMahalanobisTests", dependencies: ["AbsMahalanobis", "Networks", "Autodiff", "Tensors", "Randomness", "Datasets", "Evaluation"]),
    .testTarget(name: "DkNNTests", dependencies: ["DkNN", "Networks", "Neighbors", "Autodiff", "Tensors", "Randomness", "Datasets", "Evaluation"]),
    .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "Tensors", "Randomness"]),
    .testTarget(name: "EvaluationTests", dependencies: ["Evaluation", "Formats", "Tensors", "Randomness"]),
    .testTarget(name: "ToolsTests", dependencies: ["Evaluation", "Formats", "Tensors", "oracle"]),
    // Everything checked against Fixtures/golden/torch_random.json (written by torch): the torch
    // generator, the torch-exact initialisers and the Abs-node author's seeded Experiment 1.
    .testTarget(name: "TorchGoldenTests", dependencies: ["Randomness", "Networks", "Autodiff", "Tensors", "AbsMahalanobis"]),
    // Everything checked against numbers the real libraries wrote (ORACLE-70): PyTorch's optimisers,
    // clipping, MLPs, NN-kNN modules and NCA; scikit-learn's KFold and KNeighborsClassifier.
    .testTarget(name: "LibraryGoldenTests", dependencies: ["Networks", "Autodiff", "Tensors", "Formats", "Neighbors", "NNkNN", "Evaluation", "Datasets"]),
    .testTarget(name: "SpecTests", dependencies: []),
    // The fuzzing campaigns (ORACLE-24, DATA-32): NN_FUZZ_CASES=N for a longer run, NN_FUZZ_SEED=S to replay.
    .testTarget(name: "FuzzTests", dependencies: ["oracle", "Evaluation", "Formats", "Datasets", "Randomness", "Tensors"]),
  ]
)
