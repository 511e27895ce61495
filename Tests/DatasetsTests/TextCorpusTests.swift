import Foundation
import Testing
@testable import Datasets

@Suite("Sentence corpora, tokenizer, vocabulary")
struct TextCorpusTests {
  @Test("[DATA-10] GLUE SST-2 layout: header, sentence TAB label, columns in any order, CRLF")
  func glue() throws {
    let text = "sentence\tlabel\r\nit 's a charming , often affecting journey . \t1\r\nunflinchingly bleak\t0\r\n"
    let corpus = try TextCorpusReader.readGLUE(Array(text.utf8), source: "train.tsv", name: "SST-2")
    #expect(corpus.sentences == ["it 's a charming , often affecting journey .", "unflinchingly bleak"])
    #expect(corpus.labels == [1, 0] && corpus.classNames == ["0", "1"])
    let swapped = try TextCorpusReader.readGLUE(Array("label\tsentence\nneg\tbad\npos\tgood\n".utf8), source: "s", name: "s")
    #expect(swapped.labels == [0, 1] && swapped.classNames == ["neg", "pos"] && swapped.sentences == ["bad", "good"])
  }

  @Test("[DATA-10] label-first layout: numeric classes sorted numerically, string classes by bytes, given class names")
  func labelFirst() throws {
    let text = "10 ten\n2 two words\n1\tone\n"
    let corpus = try TextCorpusReader.readLabelFirst(Array(text.utf8), source: "l", name: "l")
    #expect(corpus.classNames == ["1", "2", "10"] && corpus.labels == [2, 1, 0])
    #expect(corpus.sentences == ["ten", "two words", "one"])
    let trec = try TextCorpusReader.readLabelFirst(Array("NUM:date When ?\nDESC:manner How ?\n".utf8), source: "t", name: "t")
    #expect(trec.classNames == ["DESC:manner", "NUM:date"] && trec.labels == [1, 0])
    let given = try TextCorpusReader.readLabelFirst(Array("1 a\n".utf8), source: "g", name: "g", classNames: ["0", "1"])
    #expect(given.labels == [1] && given.classNames == ["0", "1"])
  }

  @Test("""
    [DATA-2] [DATA-10] corpus errors: missing columns, ragged rows, blank lines, no sentence, \
    unknown labels, bad UTF-8, empty
    """)
  func errors() throws {
    func glue(_ text: String, _ classes: [String]? = nil) throws(DatasetError) -> TextCorpus {
      try TextCorpusReader.readGLUE(Array(text.utf8), source: "g.tsv", name: "g", classNames: classes)
    }
    func first(_ text: String, _ classes: [String]? = nil) throws(DatasetError) -> TextCorpus {
      try TextCorpusReader.readLabelFirst(Array(text.utf8), source: "l.txt", name: "l", classNames: classes)
    }
    #expect(throws: DatasetError.parse(file: "g.tsv", line: 1, column: 1,
                                       reason: "header [\"index\", \"sentence\"] lacks a sentence or label column")) {
      try glue("index\tsentence\n0\tx\n")
    }
    #expect(throws: DatasetError.parse(file: "g.tsv", line: 1, column: 1,
                                       reason: "empty file (expected a header with sentence and label)")) { try glue("") }
    #expect(throws: DatasetError.ragged(file: "g.tsv", line: 3, expected: 2, got: 3)) {
      try glue("sentence\tlabel\na\t1\nb\tc\t0\n")
    }
    #expect(throws: DatasetError.ragged(file: "g.tsv", line: 2, expected: 2, got: 0)) { try glue("sentence\tlabel\n\na\t1\n") }
    #expect(throws: DatasetError.unknownLabel(file: "g.tsv", line: 3, label: "2", known: ["0", "1"])) {
      try glue("sentence\tlabel\na\t1\nb\t2\n", ["0", "1"])
    }
    #expect(throws: DatasetError.parse(file: "g.tsv", line: 1, column: 1, reason: "no examples")) {
      try glue("sentence\tlabel\n")
    }
    #expect(throws: DatasetError.parse(file: "l.txt", line: 2, column: 1, reason: "blank line")) { try first("1 a\n \n0 b\n") }
    #expect(throws: DatasetError.parse(file: "l.txt", line: 1, column: 1, reason: "a label but no sentence")) { try first("1\n") }
    #expect(throws: DatasetError.unknownLabel(file: "l.txt", line: 1, label: "x", known: ["0", "1"])) {
      try first("x a\n", ["0", "1"])
    }
    #expect(throws: DatasetError.format(file: "l.txt", offset: 3, reason: "invalid UTF-8")) {
      try TextCorpusReader.readLabelFirst([0x31, 0x20, 0x61, 0xC3, 0x28], source: "l.txt", name: "l")
    }
    #expect(throws: DatasetError.labelOutOfRange(dataset: "c", row: 0, label: 2, classCount: 2)) {
      try TextCorpus(name: "c", sentences: ["a"], labels: [2], classNames: ["x", "y"])
    }
    #expect(throws: DatasetError.shape(dataset: "c", reason: "1 sentences but 0 labels")) {
      try TextCorpus(name: "c", sentences: ["a"], labels: [], classNames: ["x"])
    }
  }

  @Test("[DATA-15] tokenizer: lower case, alphanumeric runs, apostrophes inside words kept, outside stripped")
  func tokenizer() {
    #expect(Tokenizer.tokens("Don't STOP -- it's 2 o'clock!") == ["don't", "stop", "it's", "2", "o'clock"])
    #expect(Tokenizer.tokens("it 's a well-made , 'quoted' film n't") == ["it", "s", "a", "well", "made", "quoted", "film",
                                                                          "n't"])
    #expect(Tokenizer.tokens("Café\u{2019}s  naïve <unk>") == ["café's", "naïve", "unk"])
    #expect(Tokenizer.tokens("'' ... ' ") == [])
    #expect(Tokenizer.tokens("") == [])
  }

  @Test("""
    [DATA-16] vocabulary: <pad> 0, <unk> 1, then by count descending and bytes ascending; minimum \
    count, maximum size, encoding
    """)
  func vocabulary() throws {
    let sentences = [["b", "a", "c", "a"], ["c", "d", "a", "b"], ["e"]]
    let vocabulary = try Vocabulary(sentences: sentences)
    #expect(vocabulary.tokens == ["<pad>", "<unk>", "a", "b", "c", "d", "e"])
    #expect(vocabulary.counts == [0, 0, 3, 2, 2, 1, 1])
    let frequent = try Vocabulary(sentences: sentences, minimumCount: 2)
    #expect(frequent.tokens == ["<pad>", "<unk>", "a", "b", "c"])
    #expect(frequent.encode(["c", "zzz", "a"]) == [4, Vocabulary.unknownID, 2])
    #expect(frequent.encode(["a", "b"], length: 4) == [2, 3, 0, 0])
    #expect(frequent.encode(["a", "b", "c"], length: 2) == [2, 3])
    let small = try Vocabulary(sentences: sentences, maximumSize: 3)
    #expect(small.tokens == ["<pad>", "<unk>", "a"] && small.count == 3)
    // Order does not depend on the order of the input.
    #expect(try Vocabulary(sentences: sentences.reversed().map { $0.reversed() }) == vocabulary)
    #expect(throws: DatasetError.invalidArgument(operation: "Vocabulary", reason: "minimum count 0 (must be at least 1)")) {
      try Vocabulary(sentences: [], minimumCount: 0)
    }
    #expect(throws: DatasetError.invalidArgument(operation: "Vocabulary",
                                                 reason: "maximum size 1 (must leave room for <pad> and <unk>)")) {
      try Vocabulary(sentences: [], maximumSize: 1)
    }
    let corpus = try TextCorpusReader.readLabelFirst(Array("1 The film , the end\n0 the END\n".utf8), source: "c", name: "c")
    let built = try Vocabulary(sentences: corpus.sentences.map(Tokenizer.tokens))
    #expect(built.tokens == ["<pad>", "<unk>", "the", "end", "film"])
  }
}
