import Networks
import Tensors

/// Papernot & McDaniel's DkNN for an image model whose training representations do not fit in
/// memory (DKNN-8): the training images are run through the model a chunk at a time, twice (first
/// the centres of the search space, DKNN-2, then the neighbours, DKNN-3), while the queries'
/// representations are held. Results equal those of ``DkNNIndex`` on the whole set (tested).
public struct StreamedDkNN: Sendable {
  public let network: Network
  public let layers: [String]
  public let space: RepresentationSpace
  public let k: Int
  /// Rows per forward pass (NET-45).
  public let batchSize: Int
  /// Training images per search chunk (at least k, so every chunk yields k neighbours).
  public let chunkRows: Int

  public init(network: Network, layers: [String], space: RepresentationSpace, k: Int = 75, batchSize: Int = 500,
              chunkRows: Int = 4096) throws(DkNNError) {
    guard k >= 1 else { throw .invalidArgument("k = \(k): must be >= 1") }
    guard batchSize >= 1 else { throw .invalidArgument("batchSize = \(batchSize): must be >= 1") }
    do { try network.validateTaps(layers) } catch { throw .layers("\(error)") }
    (self.network, self.layers, self.space, self.k, self.batchSize) = (network, layers, space, k, batchSize)
    self.chunkRows = Swift.max(k, chunkRows)
  }

  /// Training rows per chunk such that one chunk's representations take at most `bytes` (and at
  /// least k rows): layer widths summed, 8 bytes a value.
  public static func chunkRows(widths: [Int], budgetBytes bytes: Int, k: Int) -> Int {
    Swift.max(k, bytes / Swift.max(1, 8 * widths.reduce(0, +)))
  }

  /// The representations of `inputs` [n, ...] at the layers, mapped by `transform`, computed a
  /// batch at a time (DKNN-1, DKNN-2).
  public func representations(_ inputs: Tensor, transform: SpaceTransform?) throws -> LayerRepresentations {
    var builder = RepresentationBuilder(expectedRows: inputs.shape[0])
    try append(inputs, transform: transform, to: &builder)
    return try builder.build()
  }

  /// Appends the mapped representations of `inputs` to `builder`, a batch at a time, so that
  /// several query sets collect into one without copies (DKNN-1, DKNN-2).
  public func append(_ inputs: Tensor, transform: SpaceTransform?, to builder: inout RepresentationBuilder) throws {
    for start in stride(from: 0, to: inputs.shape[0], by: batchSize) {
      let rows = try inputs.rows(start..<Swift.min(inputs.shape[0], start + batchSize))
      let raw = try LayerRepresentations.extract(network, inputs: rows, layers: layers, batchSize: batchSize)
      try builder.append(try transform?.apply(raw) ?? raw)
    }
  }

  /// The fitted search space (DKNN-2): for `unitNormalizedCentered`, the centres accumulated over
  /// the training images in row order, one batch at a time.
  public func transform(training: Tensor, progress: (Int) -> Void = { _ in }) throws -> SpaceTransform {
    guard space == .unitNormalizedCentered else { return SpaceTransform(space: space, centres: []) }
    var accumulator: CentreAccumulator?
    for start in stride(from: 0, to: training.shape[0], by: batchSize) {
      let rows = try training.rows(start..<Swift.min(training.shape[0], start + batchSize))
      let raw = try LayerRepresentations.extract(network, inputs: rows, layers: layers, batchSize: batchSize)
      if accumulator == nil { accumulator = CentreAccumulator(widths: raw.widths) }
      accumulator!.add(raw)
      progress(rows.shape[0])
    }
    return SpaceTransform(space: space, centres: accumulator?.centres ?? [])
  }

  /// The k nearest training images of every query at every layer (DKNN-3): `queries` already
  /// mapped by `transform`; the training images streamed `chunkRows` at a time.
  public func neighbors(training: Tensor, transform: SpaceTransform, queries: LayerRepresentations,
                        progress: (Int) -> Void = { _ in }) throws -> LayerNeighbors {
    var accumulator = try NeighborAccumulator(queries: queries, k: k)
    for start in stride(from: 0, to: training.shape[0], by: chunkRows) {
      let rows = try training.rows(start..<Swift.min(training.shape[0], start + chunkRows))
      try accumulator.add(try representations(rows, transform: transform))
      progress(rows.shape[0])
    }
    return try accumulator.result()
  }
}
