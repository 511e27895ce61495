import Foundation
import Tensors

/// SVHN's cropped digits in the files their users have (DATA-71): `train_32x32.mat` and
/// `test_32x32.mat` (MATLAB 5, read by ``MATv5Reader``), holding X uint8 [32, 32, 3, N]
/// (MATLAB's column-major order: row, column, channel, image) and y [N, 1] with labels 1 ... 10,
/// where 10 stands for the digit 0 (so label = y mod 10, class i is digit i). Each image becomes a
/// row in channel, row, column order (the [3, 32, 32] layout of CIFAR-10's rows and of
/// torchvision's SVHN). Errors: X or y missing, of other rank or count, a label outside 1...10.
public enum SVHNReader {
  public static let fileNames = (train: "train_32x32.mat", test: "test_32x32.mat")

  /// The data set in the MAT file's bytes; `limit` keeps the first images.
  public static func dataset(_ bytes: [UInt8], source: String, name: String, limit: Int? = nil) throws(DatasetError) -> Dataset {
    let arrays = try MATv5Reader.arrays(bytes, source: source)
    guard let x = arrays.first(where: { $0.name == "X" }), let y = arrays.first(where: { $0.name == "y" }) else {
      throw .format(file: source, offset: 128, reason: "no arrays named X and y (found: \(arrays.map(\.name)))")
    }
    guard x.dimensions.count == 4 else {
      throw .format(file: source, offset: 128, reason: "X has dimensions \(x.dimensions), expected [height, width, channels, N]")
    }
    let (h, w, c, total) = (x.dimensions[0], x.dimensions[1], x.dimensions[2], x.dimensions[3])
    guard y.values.count == total else {
      throw .format(file: source, offset: 128, reason: "y holds \(y.values.count) labels for \(total) images")
    }
    let n = min(total, max(0, limit ?? total))
    var labels: [Int] = []
    labels.reserveCapacity(n)
    for (row, value) in y.values.prefix(n).enumerated() {
      guard value >= 1, value <= 10, value == value.rounded() else {
        throw .format(file: source, offset: 128, reason: "label y[\(row)] = \(value) is not in 1...10")
      }
      labels.append(Int(value) % 10)
    }
    let d = h * w * c
    var scalars = [Double](repeating: 0, count: n * d)
    for image in 0..<n {
      for channel in 0..<c {
        for row in 0..<h {
          for column in 0..<w {
            scalars[image * d + (channel * h + row) * w + column] = x.values[row + h * (column + w * (channel + c * image))]
          }
        }
      }
    }
    let features = try Dataset.matrix(rows: n, columns: d, scalars: scalars, name: name)
    return try Dataset(
      name: name, features: features, labels: labels, classNames: (0...9).map(String.init), sampleShape: [c, h, w])
  }

  /// The training or test split from `directory` (or its `svhn` subdirectory).
  public static func dataset(directory: URL, train: Bool, limit: Int? = nil) throws(DatasetError) -> Dataset {
    let locator = DataLocator(directories: [directory, directory.appendingPathComponent("svhn")])
    let url = try locator.locate(train ? fileNames.train : fileNames.test)
    return try dataset(try DataFile.read(url), source: url.path, name: train ? "SVHN train" : "SVHN test", limit: limit)
  }
}
