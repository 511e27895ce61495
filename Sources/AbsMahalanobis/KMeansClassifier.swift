import Foundation
import Randomness
import Tensors

/// The nearest-neighbour comparison the seed announces for Experiment 2 (ABS-27): k-means with
/// k centroids per class, and classification by the nearest centroid.
///
/// Per class c (in class order), on that class's training points: k-means++ seeding (the first
/// centroid a uniformly drawn point, each further one a point drawn with probability
/// proportional to its squared distance to the nearest chosen centroid, RAND-12, RAND-16), from the
/// stream child "class-c"; then Lloyd iterations (assign every point to its nearest centroid,
/// lowest index on ties; move each centroid to the mean of its points, an empty cluster keeps its
/// centroid) until no assignment changes or `iterations` are done. A test point gets the class of
/// the nearest of all k * classes centroids (squared Euclidean distance, lowest index on ties).
/// Squared distances are ||x||^2 - 2 x.c + ||c||^2 with the products from the fast kernel.
public struct KMeansClassifier: Sendable {
  /// [classes * k, width]: class c's centroids are rows c*k ..< (c+1)*k.
  public let centroids: [Double]
  public let width: Int
  public let perClass: Int
  public let classes: Int
  /// Lloyd iterations run for each class.
  public let iterationsRun: [Int]

  public init(training: NormalizedImages, classes: Int, perClass k: Int, iterations: Int,
              stream: SeedStream) throws(AbsMahalanobisError) {
    guard k >= 1, iterations >= 1 else { throw .invalidConfiguration("k-means needs k >= 1 and iterations >= 1") }
    let width = training.width
    var centroids: [Double] = []
    var runs: [Int] = []
    for c in 0..<classes {
      let members = training.labels.indices.filter { training.labels[$0] == c }
      guard members.count >= k else { throw .data("class \(c) has \(members.count) training points, fewer than k = \(k)") }
      let points = training.gather(members)
      var generator = stream.child("class-\(c)").generator()
      var centres = try Self.seed(points, count: members.count, width: width, k: k, using: &generator)
      var assignment = [Int](repeating: -1, count: members.count)
      var run = 0
      while run < iterations {
        run += 1
        let next = Self.nearest(points, count: members.count, centres, k: k, width: width)
        if next == assignment { break }
        assignment = next
        var sums = [Double](repeating: 0, count: k * width)
        var sizes = [Int](repeating: 0, count: k)
        for (i, a) in assignment.enumerated() {
          sizes[a] += 1
          for p in 0..<width { sums[a * width + p] += points[i * width + p] }
        }
        for j in 0..<k where sizes[j] > 0 {
          for p in 0..<width { centres[j * width + p] = sums[j * width + p] / Double(sizes[j]) }
        }
      }
      runs.append(run)
      centroids += centres
    }
    self.centroids = centroids
    self.width = width
    self.perClass = k
    self.classes = classes
    self.iterationsRun = runs
  }

  /// k-means++ seeding.
  static func seed(_ points: [Double], count n: Int, width: Int, k: Int,
                   using g: inout Xoshiro256StarStar) throws(AbsMahalanobisError) -> [Double] {
    var chosen: [Int] = []
    do { chosen.append(try g.int(below: n)) } catch { throw .data("\(error)") }
    var nearest = [Double](repeating: .infinity, count: n)
    while chosen.count < k {
      let last = chosen.last!
      for i in 0..<n {
        var d = 0.0
        for p in 0..<width {
          let diff = points[i * width + p] - points[last * width + p]
          d += diff * diff
        }
        nearest[i] = Swift.min(nearest[i], d)
      }
      // All remaining points coincide with chosen centroids: take the next index (deterministic).
      if nearest.allSatisfy({ $0 == 0 }) {
        chosen.append((last + 1) % n)
        continue
      }
      do { chosen.append(try g.categorical(probabilities: nearest)) } catch { throw .data("\(error)") }
    }
    return chosen.flatMap { Array(points[($0 * width)..<(($0 + 1) * width)]) }
  }

  /// For each point the index of the nearest centre (squared distances via the fast product).
  static func nearest(_ points: [Double], count n: Int, _ centres: [Double], k: Int, width: Int) -> [Int] {
    let products = MatrixMultiply.fast(points, centres, m: n, k: width, n: k, transposeB: true)
    let centreNorms = (0..<k).map { j in (0..<width).reduce(0.0) { $0 + centres[j * width + $1] * centres[j * width + $1] } }
    return (0..<n).map { i in
      var best = 0, bestDistance = Double.infinity
      for j in 0..<k {
        // ||x||^2 is the same for every centre and does not change the order.
        let d = centreNorms[j] - 2 * products[i * k + j]
        if d < bestDistance { best = j; bestDistance = d }
      }
      return best
    }
  }

  /// The class of the nearest centroid for every image.
  public func predict(_ images: NormalizedImages) throws(AbsMahalanobisError) -> [Int] {
    guard images.width == width else { throw .dimensionMismatch(what: "image width", expected: width, got: images.width) }
    return Self.nearest(images.pixels, count: images.count, centroids, k: classes * perClass, width: width).map { $0 / perClass }
  }
}
