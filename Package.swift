// swift-tools-version:6.0
// NeuralNeighbors: a readable, double-precision reference for four methods joining neural
// networks and nearest neighbours. No package dependencies: the toolchain only.
import PackageDescription

/// The kernel layer (Tensors) is always compiled with optimisation, also in debug builds, so that
/// `swift test` exercises the same fast kernels that `reproduce` runs. Set NN_TARGET_CPU (e.g.
/// `haswell`, `native`) to let swiftc use a wider instruction set; the default is the portable
/// baseline x86-64 (see "Target CPU" in Spec/Foundations.md).
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
    .library(name: "Neighbors", targets: ["Neighbors"]),
  ],
  targets: [
    // Layer 0: values and kernels. Layer 0': seeded randomness. Layer 1: differentiation.
    .target(name: "Tensors", swiftSettings: kernelFlags),
    .target(name: "Randomness", swiftSettings: kernelFlags),
    .target(name: "Autodiff", dependencies: ["Tensors", "Randomness"], swiftSettings: cpuFlags),
    // Nearest neighbours: holds the pairwise-distance hot loop, so it gets the kernel flags.
    .target(name: "Neighbors", dependencies: ["Tensors", "Randomness", "Autodiff"], swiftSettings: kernelFlags),

    .testTarget(name: "TensorsTests", dependencies: ["Tensors", "Randomness"]),
    .testTarget(name: "RandomnessTests", dependencies: ["Randomness"], resources: []),
    .testTarget(name: "AutodiffTests", dependencies: ["Autodiff", "Tensors", "Randomness"]),
    .testTarget(name: "NeighborsTests", dependencies: ["Neighbors", "Tensors", "Randomness", "Autodiff"]),
    .testTarget(name: "SpecTests", dependencies: []),
  ]
)
