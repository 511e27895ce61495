import Foundation

/// Loaders of the data sets shipped in `Fixtures/` and of MNIST-format and CIFAR-10 data from a
/// data directory (DATA-14).
///
/// Every loader takes an optional `directory`: when nil it reads the repository's
/// `Fixtures/<subdirectory>`; when given, it reads that directory only (no silent fallback to
/// the small shipped copies). Feature names follow scikit-learn's loaders.
extension Dataset {
  /// Iris: 150 x 4, classes setosa, versicolor, virginica (50 each).
  public static func iris(directory: URL? = nil) throws(DatasetError) -> Dataset {
    try scikitLearnTable("iris.csv", name: "Iris", directory: directory, featureNames: [
      "sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)",
    ])
  }

  /// Wine: 178 x 13, classes class_0, class_1, class_2 (59, 71, 48).
  public static func wine(directory: URL? = nil) throws(DatasetError) -> Dataset {
    try scikitLearnTable("wine_data.csv", name: "Wine", directory: directory, featureNames: [
      "alcohol", "malic_acid", "ash", "alcalinity_of_ash", "magnesium", "total_phenols", "flavanoids",
      "nonflavanoid_phenols", "proanthocyanins", "color_intensity", "hue", "od280/od315_of_diluted_wines", "proline",
    ])
  }

  /// Breast Cancer Wisconsin (diagnostic): 569 x 30, classes malignant, benign (212, 357).
  public static func breastCancer(directory: URL? = nil) throws(DatasetError) -> Dataset {
    let measures = ["radius", "texture", "perimeter", "area", "smoothness", "compactness", "concavity",
                    "concave points", "symmetry", "fractal dimension"]
    let names = measures.map { "mean " + $0 } + measures.map { $0 + " error" } + measures.map { "worst " + $0 }
    return try scikitLearnTable("breast_cancer.csv", name: "Breast Cancer", directory: directory, featureNames: names)
  }

  /// Digits (8 x 8): 1797 x 64 pixel intensities 0...16, classes "0" ... "9". The file
  /// (digits.csv.gz) has no header: 64 pixel columns then the label.
  public static func digits(directory: URL? = nil) throws(DatasetError) -> Dataset {
    let url = try locator(directory, fixtures: "uci").locate("digits.csv.gz")
    let table = try CSVReader.readNumeric(file: url, name: "Digits",
                                          options: .init(labelColumn: -1, classNames: (0...9).map(String.init)))
    let pixels = (0..<8).flatMap { row in (0..<8).map { "pixel_\(row)_\($0)" } }
    return try Dataset(name: table.name, features: table.features, labels: table.labels, classNames: table.classNames,
                       featureNames: pixels, sampleShape: [8, 8])
  }

  /// MNIST: 28 x 28 images as 784 raw byte values, classes "0" ... "9". With `directory` nil, the
  /// shipped slice (first 5,000 training and first 1,000 test images); otherwise the files
  /// `train-images-idx3-ubyte(.gz)` etc. (also the `train-images.idx3-ubyte` spelling) in that
  /// directory. `limit` keeps the first samples.
  public static func mnist(directory: URL? = nil, train: Bool = true, limit: Int? = nil) throws(DatasetError) -> Dataset {
    try idxPair(directory: directory, fixtures: "mnist", train: train, limit: limit,
                name: "MNIST", classNames: (0...9).map(String.init))
  }

  /// Fashion-MNIST (same layout and file names as MNIST) from a data directory.
  public static func fashionMNIST(directory: URL, train: Bool = true, limit: Int? = nil) throws(DatasetError) -> Dataset {
    try idxPair(directory: directory, fixtures: "fashion-mnist", train: train, limit: limit, name: "Fashion-MNIST",
                classNames: ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
                             "Ankle boot"])
  }

  /// CIFAR-10 from a data directory (see ``CIFAR10Reader``).
  public static func cifar10(directory: URL, train: Bool = true, limit: Int? = nil) throws(DatasetError) -> Dataset {
    try CIFAR10Reader.dataset(directory: directory, train: train, limit: limit)
  }

  /// The standard file names of an IDX split: both the original hyphenated spelling and the
  /// dotted one, each gzip-compressed or raw.
  public static func idxFileNames(split: String, kind: String, rank: Int) -> [String] {
    ["\(split)-\(kind)-idx\(rank)-ubyte.gz", "\(split)-\(kind).idx\(rank)-ubyte.gz",
     "\(split)-\(kind)-idx\(rank)-ubyte", "\(split)-\(kind).idx\(rank)-ubyte"]
  }

  static func locator(_ directory: URL?, fixtures: String) -> DataLocator {
    directory.map { DataLocator(directories: [$0]) }
      ?? DataLocator(directories: [Fixtures.directory.appendingPathComponent(fixtures, isDirectory: true)])
  }

  static func scikitLearnTable(_ file: String, name: String, directory: URL?,
                               featureNames: [String]) throws(DatasetError) -> Dataset {
    let url = try locator(directory, fixtures: "uci").locate(file)
    return try CSVReader.readScikitLearn(file: url, name: name, featureNames: featureNames)
  }

  static func idxPair(directory: URL?, fixtures: String, train: Bool, limit: Int?, name: String,
                      classNames: [String]) throws(DatasetError) -> Dataset {
    let split = train ? "train" : "t10k"
    let files = locator(directory, fixtures: fixtures)
    let images = try files.locate(idxFileNames(split: split, kind: "images", rank: 3))
    let labels = try files.locate(idxFileNames(split: split, kind: "labels", rank: 1))
    return try IDXReader.dataset(imagesFile: images, labelsFile: labels, name: "\(name) \(train ? "train" : "test")",
                                 classNames: classNames, limit: limit)
  }
}
