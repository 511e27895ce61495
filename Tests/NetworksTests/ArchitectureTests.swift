import Foundation
import Randomness
import Testing
import Tensors
@testable import Autodiff
@testable import Networks

/// The papers' architectures (NET-39 ... NET-42): shapes, torch's names, taps, initialisation.
@Suite("Architectures")
struct ArchitectureTests {
  @Test("[NET-39] NN-kNN's ConvNet: 32 x 32 x 3 -> 10 logits, torch-style names, features at relu3 (128)")
  func convNet() throws {
    var g = Xoshiro256StarStar(seed: 1)
    let network = try Network(try ConvolutionalNetworks.convNet(), using: &g)
    #expect(network.parameters.names == ["conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "fc1.weight", "fc1.bias",
                                         "fc2.weight", "fc2.bias"])
    #expect(try network.parameters.value("fc1.weight").shape == [128, 4096])
    var d = Draw(seed: 2)
    let x = d.uniform([2, 3, 32, 32])
    let f = try network.features(x, taps: ["pool2", ConvolutionalNetworks.convNetFeatureTap, "fc2"])
    #expect(f["pool2"]?.shape == [2, 64, 8, 8] && f["relu3"]?.shape == [2, 128] && f["fc2"]?.shape == [2, 10])
    #expect(f["relu3"]!.scalars.allSatisfy { $0 >= 0 })
  }

  @Test("""
    [NET-40] Papernot's MNIST CNN: TensorFlow SAME then VALID convolutions, 28 -> 14 -> 5 -> 1, \
    cleverhans layer names as taps
    """)
  func papernot() throws {
    var g = Xoshiro256StarStar(seed: 3)
    let network = try Network(try ConvolutionalNetworks.papernotMNIST(), using: &g)
    #expect(network.parameters.names == ["Conv2D0.weight", "Conv2D0.bias", "Conv2D2.weight", "Conv2D2.bias",
                                         "Conv2D4.weight", "Conv2D4.bias", "logits.weight", "logits.bias"])
    #expect(network.tapNames == ["Conv2D0", "ReLU1", "Conv2D2", "ReLU3", "Conv2D4", "ReLU5", "Flatten6", "logits"])
    var d = Draw(seed: 4)
    let f = try network.features(d.uniform([2, 1, 28, 28]), taps: ConvolutionalNetworks.papernotDkNNTaps)
    #expect(f["ReLU1"]?.shape == [2, 64, 14, 14] && f["ReLU3"]?.shape == [2, 128, 5, 5])
    #expect(f["ReLU5"]?.shape == [2, 128, 1, 1] && f["logits"]?.shape == [2, 10])
    #expect(throws: NetworkError.self) { try ConvolutionalNetworks.papernotMNIST(imageSize: (20, 20)) }
  }

  /// torchvision's resnet18 `state_dict` keys, built from its structure as documented.
  static func torchvisionKeys() -> (parameters: [String], buffers: [String]) {
    var parameters = ["conv1.weight", "bn1.weight", "bn1.bias"]
    var buffers = ["bn1.running_mean", "bn1.running_var", "bn1.num_batches_tracked"]
    func bn(_ prefix: String) {
      parameters += ["\(prefix).weight", "\(prefix).bias"]
      buffers += ["\(prefix).running_mean", "\(prefix).running_var", "\(prefix).num_batches_tracked"]
    }
    for stage in 1...4 {
      for block in 0...1 {
        let p = "layer\(stage).\(block)"
        parameters.append("\(p).conv1.weight"); bn("\(p).bn1")
        parameters.append("\(p).conv2.weight"); bn("\(p).bn2")
        if stage > 1 && block == 0 { parameters.append("\(p).downsample.0.weight"); bn("\(p).downsample.1") }
      }
    }
    return (parameters + ["fc.weight", "fc.bias"], buffers)
  }

  @Test("""
    [NET-41] ResNet18: torchvision's 62 parameter and 60 buffer names in order, widths times the \
    multiplier, both stems' shapes
    """)
  func resnet18() throws {
    var g = Xoshiro256StarStar(seed: 5)
    let full = try ResNet.resnet18()
    #expect(full.widths == [64, 128, 256, 512])
    let keys = Self.torchvisionKeys()
    #expect(full.parameterSpecs.map(\.name) == keys.parameters)
    #expect(full.bufferSpecs.map(\.name) == keys.buffers)
    #expect(full.parameterSpecs.reduce(0) { $0 + $1.shape.reduce(1, *) } == 11_689_512)  // torchvision's resnet18 parameter count
    let small = try ResNet.resnet18(inputChannels: 1, classes: 10, widthMultiplier: 1.0 / 16, stem: .smallImage)
    #expect(small.widths == [4, 8, 16, 32])
    let network = try Network(small, using: &g)
    #expect(try network.parameters.value("conv1.weight").shape == [4, 1, 3, 3])
    #expect(try network.parameters.value("layer2.0.downsample.0.weight").shape == [8, 4, 1, 1])
    #expect(try network.buffers.value("layer4.1.bn2.running_var") == Tensor.ones([32]))
    var d = Draw(seed: 6)
    let f = try network.features(d.uniform([2, 1, 16, 16]), taps: ["layer1", "layer2", "layer3", "layer4", "flatten", "fc"])
    #expect(f["layer1"]?.shape == [2, 4, 16, 16] && f["layer4"]?.shape == [2, 32, 2, 2])
    #expect(f["flatten"]?.shape == [2, 32] && f["fc"]?.shape == [2, 10])
    let imageNet = try Network(try ResNet.resnet18(inputChannels: 3, classes: 5, widthMultiplier: 1.0 / 8), using: &g)
    let h = try imageNet.features(d.uniform([1, 3, 32, 32]), taps: ["relu", "maxpool", "layer4"])
    #expect(h["relu"]?.shape == [1, 8, 16, 16] && h["maxpool"]?.shape == [1, 8, 8, 8] && h["layer4"]?.shape == [1, 64, 1, 1])
    #expect(network.tapNames.contains("layer2.0.downsample.1") && network.tapNames.contains("layer3.1.relu_1"))
    #expect(!network.tapNames.contains("maxpool") && imageNet.tapNames.contains("maxpool"))
  }

  @Test("""
    [NET-42] torchvision's initialisation: layer defaults in construction order, then \
    kaiming_normal(fan_out, relu) for every convolution; BatchNorm ones and zeros
    """)
  func resnetInitialisation() throws {
    let layer = try ResNet.resnet18(inputChannels: 3, classes: 4, widthMultiplier: 1.0 / 16)
    var g = Xoshiro256StarStar(seed: 7)
    let network = try Network(layer, using: &g)
    // Replay the documented order on a fresh stream.
    var replay = Xoshiro256StarStar(seed: 7)
    let defaultWeight = LinearInitialization.pytorchDefaultWeight
    var fc: (Tensor, Tensor)?
    for (name, shape, _) in layer.constructionOrder {
      if name == "fc" {
        let w = try defaultWeight.tensor(shape: shape, using: &replay)
        let b = 1 / Foundation.sqrt(Double(shape[1]))
        fc = (w, try Initializer.uniform(low: -b, high: b).tensor(shape: [shape[0]], using: &replay))
      } else {
        _ = try defaultWeight.tensor(shape: shape, using: &replay)
      }
    }
    // Construction order puts layer2.0's downsample before its conv1, unlike registration order.
    let order = layer.constructionOrder.map(\.name)
    #expect(order.firstIndex(of: "layer2.0.downsample.0")! < order.firstIndex(of: "layer2.0.conv1")!)
    for spec in layer.parameterSpecs where spec.shape.count == 4 {
      let expected = try Initializer.kaimingNormal(mode: .fanOut, nonlinearity: .relu).tensor(shape: spec.shape, using: &replay)
      #expect(try network.parameters.value(spec.name) == expected, "\(spec.name)")
    }
    #expect(try network.parameters.value("fc.weight") == fc!.0 && network.parameters.value("fc.bias") == fc!.1)
    #expect(try network.parameters.value("layer3.1.bn2.weight") == Tensor.ones([16]))
    #expect(try network.parameters.value("bn1.bias") == Tensor.zeros([4]))
    // The redraw's spread: std sqrt(2 / fan_out) for layer4's 3x3 convolutions (fan_out = 32 * 9).
    let w = try network.parameters.value("layer4.0.conv2.weight").scalars
    let std = Foundation.sqrt(w.reduce(0) { $0 + $1 * $1 } / Double(w.count))
    #expect(abs(std - Foundation.sqrt(2.0 / 288)) < 0.05 * Foundation.sqrt(2.0 / 288))
  }
}
