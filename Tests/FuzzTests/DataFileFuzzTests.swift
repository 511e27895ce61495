import Evaluation
import Foundation
import Testing
@testable import Datasets

/// The data-file campaign (DATA-32, FMT-24): every mutated file ends in a data set that passes
/// DATA-1's checks (a tensor whose shape matches its values, for .npy) or a typed `DatasetError`
/// (`NpyError`), in bounded time; a sample goes through the file-reading path.
@Suite("Fuzzing: data files")
struct DataFileFuzzTests {
  static let timeBound: Duration = .seconds(10)
  static let fileEvery = 25

  /// Inflates gzip by its magic, as `DataFile.contents` does.
  static func inflated(_ bytes: [UInt8]) throws(DatasetError) -> [UInt8] {
    Gzip.hasMagic(bytes) ? try Gzip.decompress(bytes, source: "fuzz") : bytes
  }

  /// Reads `bytes` as `format` in memory; returns the data set or nil for formats without one.
  static func read(_ bytes: [UInt8], as format: DataFileMutator.Format) throws -> Dataset? {
    switch format {
    case .idx:
      let array = try IDXReader.parse(try inflated(bytes), source: "fuzz")
      let n = array.dimensions[0]
      // Pair labels with one-pixel images, and images with zero labels, to reach the pairing checks.
      let partner = array.dimensions.count == 1
        ? IDXArray(dimensions: [n, 1], bytes: [UInt8](repeating: 7, count: n))
        : IDXArray(dimensions: [n], bytes: [UInt8](repeating: 0, count: n))
      let (images, labels) = array.dimensions.count == 1 ? (partner, array) : (array, partner)
      return try IDXReader.dataset(images: images, labels: labels, imagesSource: "i", labelsSource: "l", name: "fuzz",
                                   classNames: (0...9).map(String.init), limit: nil)
    case .csvScikit: return try CSVReader.readScikitLearn(try inflated(bytes), source: "fuzz", name: "fuzz")
    case .csvNumeric:
      return try CSVReader.readNumeric(try inflated(bytes), source: "fuzz", name: "fuzz", options: .init(hasHeader: true))
    case .gzip: _ = try Gzip.decode(bytes, source: "fuzz"); return nil
    case .zlib: _ = try Zlib.decompress(bytes, source: "fuzz"); return nil
    case .cifar: return try CIFAR10Reader.dataset(batch: bytes, source: "fuzz")
    case .text: _ = try TextCorpusReader.readLabelFirst(bytes, source: "fuzz", name: "fuzz"); return nil
    case .npy:
      let tensor = try NpyReader.parse(bytes, source: "fuzz", maximumElements: npyLimit)
      if tensor.count != tensor.shape.reduce(1, *) || tensor.count > npyLimit {
        Issue.record("a tensor of shape \(tensor.shape) with \(tensor.count) values")
      }
      return nil
    }
  }

  /// The element limit the fuzzed .npy reads run under (the oracle passes its scalar budget).
  static let npyLimit = 1 << 20

  /// Reads a file of `format` through the file path (locator-free): DataFile, then the reader.
  static func readFile(_ url: URL, as format: DataFileMutator.Format) throws {
    switch format {
    case .idx: _ = try IDXReader.read(url)
    case .csvScikit: _ = try CSVReader.readScikitLearn(file: url, name: "fuzz")
    case .csvNumeric: _ = try CSVReader.readNumeric(file: url, name: "fuzz", options: .init(hasHeader: true))
    case .text: _ = try TextCorpusReader.read(file: url, name: "fuzz", glue: false)
    case .npy: _ = try NpyReader.read(path: url.path, maximumElements: npyLimit)
    case .gzip, .zlib, .cifar: _ = try read(try DataFile.read(url), as: format)
    }
  }

  /// DATA-1's invariants, checked again on whatever a reader returned.
  static func problems(_ data: Dataset) -> String? {
    let (n, d) = (data.features.shape[0], data.features.shape.count == 2 ? data.features.shape[1] : -1)
    if data.features.shape.count != 2 || data.features.count != n * d || data.labels.count != n {
      return "shape \(data.features.shape)"
    }
    if let label = data.labels.first(where: { $0 < 0 || $0 >= data.classNames.count }) { return "label \(label)" }
    if !data.features.isFinite { return "non-finite feature" }
    return nil
  }

  /// "accepted", the case name of the typed error `body` throws, or "untyped: ..." (a failure).
  static func outcome(_ body: () throws -> Void) -> String {
    do { try body(); return "accepted" } catch let error as DatasetError { return kind(error) } catch let error as NpyError {
      return kind(error)
    } catch {
      return "untyped: \(error)"
    }
  }

  /// The case name of a typed error, for the tally.
  static func kind(_ error: some Error) -> String { Mirror(reflecting: error).children.first?.label ?? "\(error)" }

  @Test("[DATA-32] every seed file reads cleanly, so mutations start from valid files")
  func seedsAreValid() throws {
    #expect(DataFileMutator.seeds.count >= 10)
    for seed in DataFileMutator.seeds {
      #expect(throws: Never.self, "\(seed.name)") { _ = try Self.read(seed.bytes, as: seed.format) }
    }
  }

  @Test("[DATA-32] mutated files end in a valid data set or a typed DatasetError, in bounded time, in memory and through files")
  func campaign() throws {
    let campaign = FuzzCampaign("data files", defaultCases: 3000)
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nn-fuzz-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    var tally = FuzzTally()
    let clock = ContinuousClock()
    for index in campaign.indices {
      let seed = DataFileMutator.seeds[index % DataFileMutator.seeds.count]
      var mutator = DataFileMutator(random: campaign.generator(case: index))
      let bytes = mutator.mutate(seed)
      campaign.traceCase(index, "\(seed.name) \(bytes.count) bytes: \(bytes.prefix(200))")
      var outcome = ""
      let took = clock.measure {
        outcome = Self.outcome {
          if let data = try Self.read(bytes, as: seed.format), let problem = Self.problems(data) {
            Issue.record("case \(index) (\(campaign.replay), \(seed.name)): a data set that breaks DATA-1: \(problem)")
          }
        }
      }
      #expect(took < Self.timeBound, "case \(index) (\(campaign.replay), \(seed.name)) took \(took)")
      #expect(!outcome.hasPrefix("untyped"), "case \(index) (\(campaign.replay), \(seed.name)): \(outcome)")
      tally.record(outcome, took: took, case: index)
      if index % Self.fileEvery == 0 {
        let url = directory.appendingPathComponent("\(index)-" + seed.name)
        try Data(bytes).write(to: url)
        let fileOutcome = Self.outcome { try Self.readFile(url, as: seed.format) }
        // The file path reads an IDX array alone; in memory it was also paired, so compare with the parse alone.
        let expected = seed.format != .idx ? outcome
          : Self.outcome { _ = try IDXReader.parse(try Self.inflated(bytes), source: "fuzz") }
        #expect(
          fileOutcome == expected,
          "case \(index) (\(campaign.replay), \(seed.name)): \(fileOutcome) from the file, \(expected) in memory")
      }
    }
    print(tally.summary(campaign))
    #expect(tally.cases == campaign.cases && tally.crashes == 0)
  }
}
