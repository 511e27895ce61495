import Networks
import Tensors

/// The representations of a set of points at the DkNN's layers (DKNN-1): for each named layer a
/// matrix [n, d_l] whose row i is point i's activation at that layer, flattened in row-major order
/// (a convolution tap [n, C, H, W] becomes [n, C H W]). Every layer holds the same n points in the
/// same order; every value is finite.
public struct LayerRepresentations: Sendable, Equatable {
  /// Layer names, in the order the model records them.
  public let layers: [String]
  /// One matrix [n, d_l] per layer.
  public let matrices: [Tensor]

  /// Checks the invariants: at least one layer, distinct names, one matrix per name, each of rank 2
  /// with the same row count and finite values. A tensor of rank above 2 is flattened per row.
  public init(layers: [String], matrices: [Tensor]) throws(DkNNError) {
    guard !layers.isEmpty else { throw .layers("no layers") }
    guard Set(layers).count == layers.count else { throw .layers("a layer name repeats in \(layers)") }
    guard matrices.count == layers.count else { throw .layers("\(layers.count) names for \(matrices.count) matrices") }
    var flat: [Tensor] = []
    for (name, matrix) in zip(layers, matrices) {
      let m = try Self.flattened(matrix, layer: name)
      guard m.shape[0] == (flat.first?.shape[0] ?? m.shape[0]) else {
        throw .representation(layer: name, reason: "\(m.shape[0]) rows, but layer '\(layers[0])' has \(flat[0].shape[0])")
      }
      if let i = m.scalars.firstIndex(where: { !$0.isFinite }) {
        throw .representation(
          layer: name, reason: "entry [\(i / Swift.max(1, m.shape[1])), \(i % Swift.max(1, m.shape[1]))] is \(m.scalars[i])")
      }
      flat.append(m)
    }
    self.layers = layers
    self.matrices = flat
  }

  /// A tensor [n, ...] as the matrix [n, product of the rest].
  static func flattened(_ t: Tensor, layer: String) throws(DkNNError) -> Tensor {
    guard t.rank >= 2 else {
      throw .representation(layer: layer, reason: "expected [n, ...] with rank >= 2, got shape \(t.shape)")
    }
    if t.rank == 2 { return t }
    let width = t.shape.dropFirst().reduce(1, *)
    do { return try t.reshaped([t.shape[0], width]) } catch { throw .representation(layer: layer, reason: "\(error)") }
  }

  /// Number of points n.
  public var count: Int { matrices[0].shape[0] }

  /// The width d_l of each layer.
  public var widths: [Int] { matrices.map { $0.shape[1] } }

  /// The matrix of the named layer.
  public func matrix(_ layer: String) -> Tensor? { layers.firstIndex(of: layer).map { matrices[$0] } }

  /// The points `range` at every layer.
  public func rows(_ range: Range<Int>) throws(DkNNError) -> LayerRepresentations {
    var parts: [Tensor] = []
    for (name, m) in zip(layers, matrices) {
      do { parts.append(try m.rows(range)) } catch { throw .representation(layer: name, reason: "\(error)") }
    }
    return try LayerRepresentations(layers: layers, matrices: parts)
  }

  /// The layers' points stacked: `parts` must share the layer names and widths.
  public static func concatenating(_ parts: [LayerRepresentations]) throws(DkNNError) -> LayerRepresentations {
    guard let first = parts.first else { throw .layers("nothing to concatenate") }
    var matrices: [Tensor] = []
    for (l, name) in first.layers.enumerated() {
      guard parts.allSatisfy({ $0.layers == first.layers }) else { throw .layers("parts with different layers") }
      do { matrices.append(try Tensor.concatenateRows(parts.map { $0.matrices[l] })) } catch {
        throw .representation(layer: name, reason: "\(error)")
      }
    }
    return try LayerRepresentations(layers: first.layers, matrices: matrices)
  }

  /// The representations of `inputs` [n, ...] at the taps `layers` of `network`, in evaluation
  /// mode, `batchSize` rows at a time (NET-45), each tap flattened per row (DKNN-1).
  /// Errors: a tap the network does not have, anything the layers throw.
  public static func extract(
    _ network: Network, inputs: Tensor, layers: [String],
    batchSize: Int
  ) throws -> LayerRepresentations {
    let taps = try network.features(inputs, taps: layers, batchSize: batchSize)
    return try LayerRepresentations(layers: layers, matrices: layers.map { taps[$0]! })
  }
}

/// Collects representations point by point into one set without intermediate copies: each added
/// set's rows are appended to one growing array per layer (DKNN-1).
public struct RepresentationBuilder: Sendable {
  var layers: [String]?
  var widths: [Int] = []
  var scalars: [[Double]] = []
  var rows = 0
  let expectedRows: Int

  /// `expectedRows`, when known, reserves the arrays once (no growth copies).
  public init(expectedRows: Int = 0) { self.expectedRows = expectedRows }

  /// Appends the points of `part` (same layers and widths as the parts before).
  public mutating func append(_ part: LayerRepresentations) throws(DkNNError) {
    if let layers {
      guard layers == part.layers, widths == part.widths else { throw .layers("parts with different layers or widths") }
    } else {
      (layers, widths, scalars) = (part.layers, part.widths, part.layers.map { _ in [] })
      for l in scalars.indices { scalars[l].reserveCapacity(expectedRows * widths[l]) }
    }
    for (l, m) in part.matrices.enumerated() { scalars[l] += m.scalars }
    rows += part.count
  }

  /// The points appended so far. Errors: nothing was appended.
  public func build() throws(DkNNError) -> LayerRepresentations {
    guard let layers else { throw .layers("no representations were added") }
    var matrices: [Tensor] = []
    for (l, width) in widths.enumerated() {
      do { matrices.append(try Tensor(shape: [rows, width], scalars: scalars[l])) } catch {
        throw .representation(layer: layers[l], reason: "\(error)")
      }
    }
    return try LayerRepresentations(layers: layers, matrices: matrices)
  }
}
