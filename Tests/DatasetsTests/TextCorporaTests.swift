import Foundation
import Randomness
import Testing
@testable import Datasets

/// The sentiment language (DATA-50) and the readers of seed 004's corpora and GloVe (DATA-51 ... DATA-54).
@Suite("Text corpora: the sentiment language, SST trees, one-per-line, TREC, the DkNN authors' files, GloVe")
struct TextCorporaTests {
  @Test("[DATA-50] sentiment language: seeded, every label follows its cue and negator, roles mark the deciding words")
  func sentimentLanguage() throws {
    let language = try SentimentLanguage()
    let sentences = language.sentences(count: 3000, seed: 5)
    #expect(sentences == language.sentences(count: 3000, seed: 5))
    #expect(sentences != language.sentences(count: 3000, seed: 6))
    var negated = 0, redundant = 0, intensified = 0, positive = 0
    for s in sentences {
      #expect(s.tokens.count == s.roles.count)
      let cues = s.roles.indices.filter { s.roles[$0] == .cue }
      #expect(cues.count == 1 || cues.count == 2)
      let first = cues[0]
      let isNegated = first > 0 && s.roles[first - 1] == .negator || first > 1 && s.roles[first - 2] == .negator
      let polarity = SentimentLanguage.positiveCues.contains(s.tokens[first]) ? 1 : 0
      #expect(s.label == (isNegated ? 1 - polarity : polarity))
      for c in cues.dropFirst() {  // the second phrase agrees directly
        #expect((SentimentLanguage.positiveCues.contains(s.tokens[c]) ? 1 : 0) == s.label)
      }
      for (token, role) in zip(s.tokens, s.roles) {
        switch role {
        case .cue: #expect((SentimentLanguage.positiveCues + SentimentLanguage.negativeCues).contains(token))
        case .negator: #expect(SentimentLanguage.negators.contains(token))
        case .intensifier: #expect(SentimentLanguage.intensifiers.contains(token))
        case .distractor: #expect((SentimentLanguage.distractors + [SentimentLanguage.conjunction]).contains(token))
        }
      }
      #expect(s.relevantPositions == s.roles.indices.filter { s.roles[$0] == .cue || s.roles[$0] == .negator })
      #expect(s.cuePosition == first)
      negated += isNegated ? 1 : 0; redundant += cues.count == 2 ? 1 : 0; positive += s.label
      intensified += s.roles.contains(.intensifier) ? 1 : 0
    }
    // Frequencies within 4 binomial standard deviations of 3000 draws.
    #expect(
      abs(Double(negated) / 3000 - 0.3) < 0.034 && abs(Double(redundant) / 3000 - 0.2) < 0.03
        && abs(Double(positive) / 3000 - 0.5) < 0.037)
    let corpus = try SentimentLanguage.corpus(Array(sentences.prefix(10)))
    #expect(
      corpus.sentences.map(Tokenizer.tokens) == sentences.prefix(10).map(\.tokens)
        && corpus.classNames == ["negative", "positive"])
    #expect(throws: DatasetError.self) { try SentimentLanguage(negation: 1.5) }
    #expect(throws: DatasetError.self) { try SentimentLanguage(maximumDistractors: -1) }
    let bare = try SentimentLanguage(negation: 0, intensifier: 0, redundancy: 0, maximumDistractors: 0)
    #expect(bare.sentences(count: 50, seed: 1).allSatisfy { $0.tokens.count == 1 && $0.roles == [.cue] })
  }

  @Test("[DATA-51] SST trees: root labels, leaves in order with -LRB- / -RRB- unescaped; SST-2 drops 2 and merges 0-1 and 3-4")
  func sstTrees() throws {
    let text = "(3 (2 It) (4 (4 works) (2 (2 -LRB-) (2 sort) (2 -RRB-))))\n(2 (2 Plain))\n(0 (1 Not) (0 good))\n(4 (4 Great))\n"
    let fine = try TextCorpusReader.readSSTTrees(Array(text.utf8), source: "t", name: "SST", granularity: .fine)
    #expect(fine.sentences == ["It works ( sort )", "Plain", "Not good", "Great"] && fine.labels == [3, 2, 0, 4])
    let binary = try TextCorpusReader.readSSTTrees(Array(text.utf8), source: "t", name: "SST-2", granularity: .binary)
    #expect(binary.sentences == ["It works ( sort )", "Not good", "Great"] && binary.labels == [1, 0, 1])
    for (bad, column) in [("(3 (2 It)", 10), ("(7 (2 It))", 2), ("(3 (2 It)) x", 12), ("3 It", 1), ("(3 (2 ))", 7)] {
      #expect {
        try TextCorpusReader.readSSTTrees(Array("(2 (2 ok))\n\(bad)\n".utf8), source: "t", name: "SST", granularity: .fine)
      } throws: { error in
        (error as? DatasetError)?.samePosition(.parse(file: "t", line: 2, column: column, reason: "")) == true
      }
    }
  }

  @Test("[DATA-52] one sentence per line per class file, TREC's COARSE:fine lines, and Python's errors='ignore' decoding")
  func lineFormats() throws {
    let corpus = try TextCorpusReader.readOnePerLine([(Array("good one\nfine\n".utf8), "p"), (Array("bad\n".utf8), "n")],
                                                     classNames: ["positive", "negative"], name: "CR")
    #expect(corpus.sentences == ["good one", "fine", "bad"] && corpus.labels == [0, 0, 1])
    #expect(throws: DatasetError.self) {
      try TextCorpusReader.readOnePerLine([(Array("a\n\nb\n".utf8), "p")], classNames: ["x"], name: "CR")
    }
    let trec = try TextCorpusReader.readTREC(
      Array("DESC:manner How did serfdom develop ?\nNUM:date When ?\n".utf8), source: "t", name: "TREC")
    #expect(trec.sentences == ["How did serfdom develop ?", "When ?"] && trec.labels == [1, 5])
    #expect(throws: DatasetError.self) { try TextCorpusReader.readTREC(Array("XYZ:a Why ?\n".utf8), source: "t", name: "TREC") }
    let latin1: [UInt8] = Array("caf".utf8) + [0xE9] + Array(" ok\n".utf8)
    #expect(throws: DatasetError.self) {
      try TextCorpusReader.readOnePerLine([(latin1, "p")], classNames: ["x"], name: "CR")
    }
    let lenient = try TextCorpusReader.readOnePerLine([(latin1, "p")], classNames: ["x"], name: "CR", decoding: .dropInvalidBytes)
    #expect(lenient.sentences == ["caf ok"])
  }

  @Test(
    """
      [DATA-53] the DkNN authors' files: lines under 3 characters skipped, label and whitespace tokens, their 90/10 split from \
      numpy's seed 777
      """
  )
  func authorsFiles() throws {
    let text = "1 A Good  film\n\n0 x\n0\tBad Plot\r\n 1  \n"
    let examples = try DkNNCorpora.read(Array(text.utf8), source: "t")
    #expect(examples.map(\.tokens) == [["a", "good", "film"], ["x"], ["bad", "plot"]] && examples.map(\.label) == [1, 0, 0])
    #expect(throws: DatasetError.self) { try DkNNCorpora.read(Array("x1 some text\n".utf8), source: "t") }
    #expect(throws: DatasetError.self) { try DkNNCorpora.read(Array("1234\n".utf8), source: "t") }
    // numpy 2.4.6: np.random.seed(777); np.random.permutation(25) ends with 6, 15, 7 (the test set).
    let (training, test) = DkNNCorpora.split(Array(0..<25))
    var numpy = NumpyRandomState(seed: 777)
    let permutation = try numpy.permutation(25)
    #expect(permutation.prefix(4) == [23, 8, 22, 10] && test == [6, 15, 7] && training == Array(permutation.prefix(22)))
    #expect(DkNNCorpora.split(Array(0..<20)).test.count == 2 && DkNNCorpora.split(Array(0..<21)).test.count == 3)
    let vocabulary = try DkNNCorpora.vocabulary(
      TokenizedCorpus(name: "t", tokens: [["b", "a", "b"], ["a", "c"]], labels: [0, 1], classNames: ["0", "1"]))
    #expect(vocabulary.tokens == ["<pad>", "<unk>", "a", "b"])
    #expect(DkNNCorpora.encode(["b", "zzz"], vocabulary) == [3, 1, 0])
  }

  @Test(
    "[DATA-53] loading from a data directory: the file names of each corpus, searched in the directory and its text/ subdirectory"
  )
  func authorsLoading() throws {
    let directory = try TestSupport.temporaryDirectory()
    defer { TestSupport.cleanUp(directory) }
    try FileManager.default.createDirectory(at: directory.appendingPathComponent("text"), withIntermediateDirectories: true)
    try TestSupport.write(
      (0..<30).map { "\($0 % 2) sentence number \($0)" }.joined(separator: "\n"),
      to: directory.appendingPathComponent("text/custrev.all"))
    let (training, test) = try DkNNCorpora.load(.cr, directories: [directory])
    #expect(training.count == 27 && test.count == 3 && training.classNames == ["0", "1"])
    #expect(throws: DatasetError.self) { try DkNNCorpora.load(.sst2, directories: [directory]) }
    #expect(
      DkNNCorpora.Name.sst2.files == ["stsa.binary.train", "stsa.binary.test"] && DkNNCorpora.Name.mpqa.files == ["mpqa.all"])
  }

  @Test(
    "[DATA-54] GloVe text: the last D fields are the numbers (words may hold spaces), wanted words only, first occurrence wins")
  func glove() throws {
    let text = "the 0.5 -1 2e-1\n. . . 1 2 3\nthe 9 9 9\nrare 1 1 1\n"
    let all = try GloVe.parse(Array(text.utf8), source: "g")
    #expect(
      all.dimension == 3 && all.vectors["the"] == [0.5, -1, 0.2] && all.vectors[". . ."] == [1, 2, 3] && all.vectors.count == 3)
    let some = try GloVe.parse(Array(text.utf8), source: "g", wanted: ["rare", "absent"])
    #expect(some.vectors == ["rare": [1, 1, 1]])
    #expect(throws: DatasetError.ragged(file: "g", line: 2, expected: 4, got: 3)) {
      try GloVe.parse(Array("a 1 2 3\nb 1 2\n".utf8), source: "g")
    }
    #expect(throws: DatasetError.parse(file: "g", line: 1, column: 3, reason: "not a finite number")) {
      try GloVe.parse(Array("a 1 nan 3\n".utf8), source: "g")
    }
    #expect(throws: DatasetError.self) { try GloVe.parse([], source: "g") }
    // Streamed from a file in blocks gives the same vectors.
    let directory = try TestSupport.temporaryDirectory()
    defer { TestSupport.cleanUp(directory) }
    let file = directory.appendingPathComponent("glove.6B.300d.txt")
    try TestSupport.write(text, to: file)
    #expect(try GloVe.read(file: file) == all)
    let vocabulary = try Vocabulary(sentences: [["the", "zebra"]])
    let (matrix, found) = try GloVe.matrix(for: vocabulary, vectors: all) { _ in [0, 0, 7] }
    #expect(found == 1 && matrix.shape == [4, 3] && matrix.row(2) == [0.5, -1, 0.2] && matrix.row(3) == [0, 0, 7])
  }
}

extension DatasetError {
  /// Equality of the position only (file, line, column), for tests that do not spell the reason.
  func samePosition(_ other: DatasetError) -> Bool {
    if case let .parse(f, l, c, _) = self, case let .parse(g, m, d, _) = other { return f == g && l == m && c == d }
    return false
  }
}
