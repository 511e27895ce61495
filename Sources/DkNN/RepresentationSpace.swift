import Foundation
import Tensors

/// Where the neighbours of a layer are searched (DKNN-2).
public enum RepresentationSpace: String, Sendable, CaseIterable {
  /// The activations as the model computes them (Wallace et al.'s code: a k-d tree on raw activations).
  case raw
  /// Papernot & McDaniel's code: each row scaled to unit Euclidean norm, then the mean of the
  /// training set's unit rows subtracted (training and queries alike). Centring moves every point
  /// by the same vector, so in exact arithmetic it changes no distance; it is kept because the
  /// reference does it (it helps their LSH), and distances are computed after it.
  case unitNormalizedCentered
}

/// The fitted transform of a ``RepresentationSpace`` (DKNN-2): for `unitNormalizedCentered`, one
/// centre per layer, c_l = (1/n) sum_i u_i, u_i = x_i / |x_i|, summed in row order from 0.0.
///
/// Convention for a zero row (a ReLU layer that is silent for some input): it stays zero before
/// centring (numpy's x / 0 would give NaN there, and the reference's search would then return
/// arbitrary neighbours); the norm is sqrt of the plain sum of squares in index order.
public struct SpaceTransform: Sendable, Equatable {
  public let space: RepresentationSpace
  /// Per layer, the training mean of the unit rows (empty for `raw`).
  public let centres: [[Double]]

  /// Fits the transform on the training representations.
  public init(space: RepresentationSpace, training: LayerRepresentations) {
    self.space = space
    switch space {
    case .raw: centres = []
    case .unitNormalizedCentered:
      var accumulator = CentreAccumulator(widths: training.widths)
      accumulator.add(training)
      centres = accumulator.centres
    }
  }

  /// A transform with given centres (streamed fits, oracle requests).
  public init(space: RepresentationSpace, centres: [[Double]]) {
    self.space = space
    self.centres = space == .raw ? [] : centres
  }

  /// `x` in the fitted space: unchanged for `raw`; each row unit-normalised, then the layer's centre
  /// subtracted, for `unitNormalizedCentered`.
  public func apply(_ x: LayerRepresentations) throws(DkNNError) -> LayerRepresentations {
    guard space == .unitNormalizedCentered else { return x }
    guard centres.count == x.layers.count else {
      throw .layers("\(x.layers.count) layers for a transform fitted on \(centres.count)")
    }
    var out: [Tensor] = []
    for (l, m) in x.matrices.enumerated() {
      let d = m.shape[1]
      guard centres[l].count == d else {
        throw .representation(layer: x.layers[l], reason: "\(d) columns, the training representations have \(centres[l].count)")
      }
      var scalars = m.scalars
      for r in 0..<m.shape[0] {
        Self.normalize(&scalars, row: r, width: d)
        for c in 0..<d { scalars[r * d + c] -= centres[l][c] }
      }
      do { out.append(try Tensor(shape: m.shape, scalars: scalars)) } catch {
        throw .representation(layer: x.layers[l], reason: "\(error)")
      }
    }
    return try LayerRepresentations(layers: x.layers, matrices: out)
  }

  /// Divides row `r` by its Euclidean norm (a zero row stays zero).
  static func normalize(_ scalars: inout [Double], row r: Int, width d: Int) {
    var squares = 0.0
    for c in 0..<d { squares += scalars[r * d + c] * scalars[r * d + c] }
    guard squares > 0 else { return }
    let norm = Foundation.sqrt(squares)
    for c in 0..<d { scalars[r * d + c] /= norm }
  }
}

/// Running sums of unit rows, for fitting the centres over a training set streamed in chunks: adding
/// the chunks in row order gives the same sums, bit for bit, as one pass over the whole set.
public struct CentreAccumulator: Sendable {
  var sums: [[Double]]
  var count = 0

  public init(widths: [Int]) { sums = widths.map { [Double](repeating: 0, count: $0) } }

  /// Adds the unit rows of `x`, in row order.
  public mutating func add(_ x: LayerRepresentations) {
    for (l, m) in x.matrices.enumerated() {
      let d = m.shape[1]
      var scalars = m.scalars
      for r in 0..<m.shape[0] {
        SpaceTransform.normalize(&scalars, row: r, width: d)
        for c in 0..<d { sums[l][c] += scalars[r * d + c] }
      }
    }
    count += x.count
  }

  /// The means (sums / count); zeros when nothing was added.
  public var centres: [[Double]] { sums.map { $0.map { count == 0 ? 0 : $0 / Double(count) } } }
}
