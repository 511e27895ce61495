import Networks
import Tensors

/// How a tap's output becomes one embedding vector per example (EBE-4).
public enum EmbeddingReduction: String, Sendable, CaseIterable {
  /// The whole output [n, ...] read row-major as [n, d] (the paper's reading: the layer's
  /// activations as they are).
  case flatten
  /// Global average pooling of a feature map [n, C, H, W] to [n, C]: each channel's H W values
  /// summed in row-major order from 0, divided by H W. Outputs of rank 2 are kept as they are.
  case globalAveragePool
}

/// The candidate embedding taps of a backbone (EBE-3) and the extraction of embeddings (EBE-4).
public enum EmbeddingTaps {
  /// Which taps are candidates (EBE-3).
  public enum Selection: String, Sendable {
    /// The stem's output, every residual block's output, avgpool and fc: the paper's "layers".
    /// A stage's last block is named by the stage ("layer1", not "layer1.1": the same tensor).
    case blockOutputs
    /// Every tap the model records (NET-32), convolutions and batch norms inside blocks included.
    case all
  }

  /// The candidate taps of `network`, in the model's recording order (EBE-3). For a ResNet
  /// (NET-41) with blocks [2, 2, 2, 2] and the ImageNet stem: maxpool, layer1.0, layer1, layer2.0,
  /// layer2, layer3.0, layer3, layer4.0, layer4, avgpool, fc; with the small-image stem, relu
  /// instead of maxpool.
  public static func candidates(of network: Network, selection: Selection = .blockOutputs) -> [String] {
    let names = network.tapNames
    guard selection == .blockOutputs else { return names }
    let stem = names.contains("maxpool") ? "maxpool" : "relu"
    return names.enumerated().compactMap { position, name in
      if name == stem || name == "avgpool" || name == "fc" { return name }
      let parts = name.split(separator: ".")
      guard let stage = parts.first, stage.hasPrefix("layer"), Int(stage.dropFirst(5)) != nil else { return nil }
      if parts.count == 1 { return name }
      // layerN.B: a block output unless it is the stage's last block (the next block-level tap is the stage).
      guard parts.count == 2, Int(parts[1]) != nil else { return nil }
      let next = names[(position + 1)...].first { $0.split(separator: ".").count <= 2 && $0.hasPrefix(String(stage)) }
      return next == String(stage) ? nil : name
    }
  }

  /// Checks that every name in `taps` is a candidate (EBE-3).
  public static func validate(_ taps: [String], of network: Network, selection: Selection = .blockOutputs) throws(EBEDNNError) {
    let available = candidates(of: network, selection: selection)
    for tap in taps where !available.contains(tap) { throw .unknownTap(tap, candidates: available) }
  }

  /// One tap's batch output [b, ...] as [b, d] under `reduction` (EBE-4).
  public static func reduce(_ output: Tensor, _ reduction: EmbeddingReduction) throws(EBEDNNError) -> Tensor {
    guard output.rank >= 1, output.shape[0] >= 1 else {
      throw .dimensionMismatch(what: "tap output rank", expected: 2, got: output.rank)
    }
    let b = output.shape[0]
    if reduction == .globalAveragePool, output.rank == 4 {
      let (c, plane) = (output.shape[1], output.shape[2] * output.shape[3])
      var pooled = Tensor.zeros([b, c])
      output.scalars.withUnsafeBufferPointer { x in
        for row in 0..<(b * c) {
          var sum = 0.0
          for i in 0..<plane { sum += x[row * plane + i] }
          pooled[flat: row] = plane == 0 ? 0 : sum / Double(plane)
        }
      }
      return pooled
    }
    return try liftTensor { () throws(TensorError) in try output.reshaped([b, output.count / b]) }
  }

  /// The embeddings of the rows of `inputs` [n, ...] at each of `taps` (EBE-4): evaluation-mode
  /// passes (NET-45) of `batchSize` rows, each tap's output reduced per batch (so only one batch's
  /// feature maps are held at a time) and stacked. The pass of a batch stops once every requested
  /// tap is recorded. Results do not depend on the batch size beyond the kernels' summation order
  /// (BatchNorm uses its running statistics).
  public static func embed(_ network: Network, inputs: Tensor, taps: [String], reduction: EmbeddingReduction = .flatten,
                           batchSize: Int = 100) throws -> [String: Tensor] {
    guard batchSize >= 1 else { throw EBEDNNError.invalidConfiguration("batch size \(batchSize) must be >= 1") }
    guard inputs.rank >= 2, inputs.shape[0] >= 1 else {
      throw EBEDNNError.dimensionMismatch(what: "inputs rank (at least [n, ...] with n >= 1)", expected: 2, got: inputs.rank)
    }
    try network.validateTaps(taps)
    var parts: [String: [Tensor]] = [:]
    var start = 0
    while start < inputs.shape[0] {
      let end = Swift.min(inputs.shape[0], start + batchSize)
      let batch = try liftTensor { () throws(TensorError) in try inputs.rows(start..<end) }
      let outputs = try network.features(batch, taps: taps)
      for tap in taps {
        guard let output = outputs[tap] else { throw EBEDNNError.unknownTap(tap, candidates: network.tapNames) }
        parts[tap, default: []].append(try reduce(output, reduction))
      }
      start = end
    }
    var result: [String: Tensor] = [:]
    for (tap, values) in parts { result[tap] = try liftTensor { () throws(TensorError) in try Tensor.concatenateRows(values) } }
    return result
  }
}
