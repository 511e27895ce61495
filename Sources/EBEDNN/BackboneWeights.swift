import Formats
import Foundation
import Networks
import Tensors

/// A backbone trained elsewhere (EBE-11): its network and the file's metadata.
public struct LoadedBackbone: Sendable {
  public let network: Network
  /// The file's `__metadata__` (EBE-15 writes dataset, width_multiplier, stem, epochs...).
  public let metadata: [String: String]
  public let path: String
}

/// Backbones from named tensors (EBE-11): torchvision's `state_dict` names and layouts (NET-30,
/// NET-41), the architecture read off the shapes.
///
/// Inference: the stem from conv1.weight [w0, C, k, k] (k = 7: `.imageNet`, k = 3:
/// `.smallImage`), the input channels C, the stage widths w_s from layer{s+1}.0.conv1.weight
/// [w_s, ...], the classes from fc.weight [classes, w_3]; the width multiplier is the midpoint of
/// the interval of multipliers that reproduce every w_s under NET-41's rounding. Then every parameter and
/// buffer the architecture lists must be present with its shape, and nothing else may be
/// (`num_batches_tracked` may be absent: it is then 0 and unused in evaluation mode).
public enum BackboneWeights {
  /// The ResNet18 that tensors of these shapes belong to.
  public static func architecture(shapes: [String: [Int]]) throws(EBEDNNError) -> ResNet {
    guard let conv1 = shapes["conv1.weight"], conv1.count == 4, conv1[2] == conv1[3], conv1[2] == 7 || conv1[2] == 3 else {
      throw .weights(
        """
          conv1.weight must be [w, C, 7, 7] (torchvision stem) or [w, C, 3, 3] (small-image stem), got \
          \(shapes["conv1.weight"].map { "\($0)" } ?? "nothing")
          """
      )
    }
    var widths: [Int] = []
    for s in 1...4 {
      guard let w = shapes["layer\(s).0.conv1.weight"], w.count == 4, w[0] >= 1 else {
        throw .weights("layer\(s).0.conv1.weight [w, ...] is missing")
      }
      widths.append(w[0])
    }
    guard let fc = shapes["fc.weight"], fc.count == 2, fc[0] >= 1 else { throw .weights("fc.weight [classes, width] is missing") }
    // round(64 2^s m) = w_s holds for m in [(w_s - 1/2) / (64 2^s), (w_s + 1/2) / (64 2^s)) (any m below
    // the bound when w_s = 1, by the max(1, ...)): intersect, take the midpoint, and check it.
    var (low, high) = (0.0, Double.infinity)
    for (s, w) in widths.enumerated() {
      let unit = Double(64 << s)
      low = Swift.max(low, w == 1 ? 0 : (Double(w) - 0.5) / unit)
      high = Swift.min(high, (Double(w) + 0.5) / unit)
    }
    let multiplier = (low + high) / 2
    guard low < high,
      widths.enumerated().allSatisfy({ Swift.max(1, Int((Double(64 << $0.offset) * multiplier).rounded())) == $0.element })
    else {
      throw .weights("stage widths \(widths) are not 64, 128, 256, 512 times one width multiplier")
    }
    do {
      return try ResNet.resnet18(
        inputChannels: conv1[1], classes: fc[0], widthMultiplier: multiplier, stem: conv1[2] == 7 ? .imageNet : .smallImage)
    } catch { throw .network(error) }
  }

  /// The network of named tensors (parameters and buffers under state-dict names).
  public static func network(_ tensors: [String: Tensor]) throws(EBEDNNError) -> Network {
    let layer = try architecture(shapes: tensors.mapValues(\.shape))
    var parameters: [Parameter] = [], buffers: [Buffer] = []
    var used: Set<String> = []
    for spec in layer.parameterSpecs + layer.bufferSpecs {
      let isBuffer = layer.bufferSpecs.contains { $0.name == spec.name }
      var value = tensors[spec.name]
      if value == nil, spec.name.hasSuffix("num_batches_tracked") { value = Tensor.zeros(spec.shape) }
      guard let value else { throw .weights("\(spec.name) (shape \(spec.shape)) is missing") }
      guard value.shape == spec.shape else {
        throw .weights("\(spec.name) has shape \(value.shape), the architecture needs \(spec.shape)")
      }
      try requireFinite(value.scalars, spec.name)
      used.insert(spec.name)
      if isBuffer {
        buffers.append(Buffer(name: spec.name, value: value))
      } else {
        parameters.append(Parameter(name: spec.name, value: value))
      }
    }
    if let extra = tensors.keys.sorted().first(where: { !used.contains($0) }) {
      throw .weights("'\(extra)' is not a tensor of \(layer.description)")
    }
    do {
      return try Network(layer, parameters: try ParameterStore(parameters), buffers: try BufferStore(buffers))
    } catch { throw .network(error) }
  }

  /// The seam through which files enter (EBE-11): the named tensors and metadata of a
  /// safetensors file, read by the Formats module (FMT-1 ... FMT-3), which refuses a malformed file
  /// with a typed reason (its strict JSON header cannot repeat a name).
  public static func readTensors(_ url: URL) throws(EBEDNNError) -> (tensors: [String: Tensor], metadata: [String: String]) {
    guard FileManager.default.fileExists(atPath: url.path) else { throw .backboneFile(path: url.path, reason: "no such file") }
    let file: SafetensorsFile
    do { file = try SafetensorsFile(contentsOf: url) } catch { throw .backboneFile(path: url.path, reason: "\(error)") }
    return (Dictionary(file.tensors.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first }),
            Dictionary(file.metadata.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first }))
  }

  /// A backbone from a safetensors file (EBE-11).
  public static func load(_ url: URL) throws(EBEDNNError) -> LoadedBackbone {
    let (tensors, metadata) = try readTensors(url)
    do {
      return LoadedBackbone(network: try network(tensors), metadata: metadata, path: url.path)
    } catch let error {
      if case .weights = error { throw .backboneFile(path: url.path, reason: error.description) }
      throw error
    }
  }
}
