// swift-tools-version:6.0
// NeuralNeighbors: a readable, double-precision reference for four methods joining neural
// networks and nearest neighbours. No package dependencies: the toolchain only.
import PackageDescription

/// The kernel layers (Tensors, Randomness) are always compiled with optimisation, also in debug
/// builds, so that `swift test` exercises the same fast kernels that `reproduce` runs. Set
/// NN_TARGET_CPU (e.g. `haswell`, `native`) to let swiftc use a wider instruction set; the default
/// is the portable baseline x86-64 (see "Target CPU" in Spec/Foundations.md).
let targetCPU = Context.environment["NN_TARGET_CPU"].flatMap { $0.isEmpty ? nil : $0 }
let kernelFlags: [SwiftSetting] = [.unsafeFlags(["-O"] + (targetCPU.map { ["-target-cpu", $0] } ?? []))]
let cpuFlags: [SwiftSetting] = targetCPU.map { [.unsafeFlags(["-target-cpu", $0])] } ?? []

let package = Package(
  name: "NeuralNeighbors",
  platforms: [.macOS(.v13)],
  products: [
    .library(name: "Tensors", targets: ["Tensors"]),
    .library(name: "Randomness", targets: ["Randomness"]),
    .library(name: "Autodiff", targets: ["Autodiff"]),
    .library(name: "Networks", targets: ["Networks"]),
    .library(name: "Neighbors", targets: ["Neighbors"]),
    .library(name: "Datasets", targets: ["Datasets"]),
    .library(name: "Evaluation", targets: ["Evaluation"]),
    .library(name: "NNkNN", targets: ["NNkNN"]),
    .library(name: "AbsMahalanobis", targets: ["AbsMahalanobis"]),
    .executable(name: "reproduce", targets: ["reproduce"]),
    .executable(name: "oracle", targets: ["oracle"]),
    .executable(name: "bench", targets: ["bench"]),
  ],
  targets: [
    // Layer 0: values and kernels; seeded randomness. Layer 1: differentiation.
    .target(name: "Tensors", swiftSettings: kernelFlags),
    .target(name: "Randomness", swiftSettings: kernelFlags),
    .target(name: "Autodiff", dependencies: ["Tensors", "Randomness"], swiftSettings: cpuFlags),
    // Layer 2: layers, initialisers, optimisers with PyTorch's update rules, training loop; data.
    .target(name: "Networks", dependencies: ["Tensors", "Randomness", "Autodiff"], swiftSettings: cpuFlags),
    // Nearest neighbours: holds the pairwise-distance hot loop, so it gets the kernel flags.
    .target(name: "Neighbors", dependencies: ["Tensors", "Randomness", "Autodiff"], swiftSettings: kernelFlags),
    .target(name: "Datasets", dependencies: ["Tensors", "Randomness"], swiftSettings: cpuFlags),
    // Layer 3: protocols, metrics, reports.
    .target(name: "Evaluation", dependencies: ["Tensors", "Randomness"], swiftSettings: cpuFlags),
    // Layer 4: one module per method.
    .target(name: "NNkNN", dependencies: ["Tensors", "Randomness", "Autodiff", "Networks", "Neighbors", "Datasets", "Evaluation"],
            swiftSettings: cpuFlags),
    .target(name: "AbsMahalanobis", dependencies: ["Tensors", "Randomness", "Autodiff", "Networks", "Datasets", "Evaluation"],
            swiftSettings: cpuFlags),

    // Executables: the table runner (sources in Reproductions/), the oracle, the benchmarks.
    .executableTarget(name: "reproduce", dependencies: ["Evaluation", "Tensors", "Datasets", "NNkNN", "AbsMahalanobis"],
                      path: "Reproductions", exclude: ["results", "README.md"], swiftSettings: cpuFlags),
    .executableTarget(name: "oracle", dependencies: ["Evaluation", "Tensors", "Randomness", "Autodiff", "Networks", "Neighbors", "Datasets",
                                                     "NNkNN", "AbsMahalanobis"],
                      path: "Sources/Oracle", swiftSettings: cpuFlags),
    .executableTarget(name: "bench", dependencies: ["Tensors", "Randomness", "Autodiff", "Networks", "Neighbors", "Datasets", "Evaluation", "NNkNN"],
                      path: "Sources/Bench", swiftSettings: cpuFlags),

    .testTarget(name: "TensorsTests", dependencies: ["Tensors", "Randomness"]),
    .testTarget(name: "RandomnessTests", dependencies: ["Randomness"]),
    .testTarget(name: "AutodiffTests", dependencies: ["Autodiff", "Tensors", "Randomness"]),
    .testTarget(name: "NetworksTests", dependencies: ["Networks", "Autodiff", "Tensors", "Randomness"]),
    .testTarget(name: "NNkNNTests", dependencies: ["NNkNN", "Networks", "Autodiff", "Tensors", "Randomness"]),
    .testTarget(name: "NeighborsTests", dependencies: ["Neighbors", "Tensors", "Randomness", "Autodiff"]),
    .testTarget(name: "AbsMahalanobisTests", dependencies: ["AbsMahalanobis", "Networks", "Autodiff", "Tensors", "Randomness", "Datasets", "Evaluation"]),
    .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "Tensors", "Randomness"]),
    .testTarget(name: "EvaluationTests", dependencies: ["Evaluation", "Tensors", "Randomness"]),
    .testTarget(name: "ToolsTests", dependencies: ["Evaluation"]),
    // Everything checked against Fixtures/golden/torch_random.json (written by torch): the torch
    // generator, the torch-exact initialisers and the Abs-node author's seeded Experiment 1.
    .testTarget(name: "TorchGoldenTests", dependencies: ["Randomness", "Networks", "Autodiff", "Tensors", "AbsMahalanobis"]),
    .testTarget(name: "SpecTests", dependencies: []),
  ]
)
