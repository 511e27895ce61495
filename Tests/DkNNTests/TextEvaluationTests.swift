import Datasets
import Foundation
import Neighbors
import Testing
@testable import DkNN

@Suite("DkNN: evaluating interpretations and text classifiers")
struct TextEvaluationTests {
  @Test("[DKNN-27] highlight quality by hand: highlighted, hits, relevant, cue rank; the tally pools them")
  func quality() throws {
    let a = Attribution(prediction: 0, original: 0.9, scores: [-0.5, 0.02, 0.3, -0.01])
    let q = try HighlightQuality(a, relevantPositions: [0, 3], cuePosition: 0)
    #expect(q == HighlightQuality(highlighted: 2, hits: 1, relevant: 2, cueRank: 1))
    // Prediction 1 flips the display signs only (the same words are highlighted); support ranks use the raw
    // scores, so word 2 (raw 0.3: removing it raises the score) ranks last.
    let flipped = try HighlightQuality(Attribution(prediction: 1, original: 0.9, scores: [-0.5, 0.02, 0.3, -0.01]),
                                       relevantPositions: [2], cuePosition: 2)
    #expect(flipped == HighlightQuality(highlighted: 2, hits: 1, relevant: 1, cueRank: 4))
    var tally = HighlightTally()
    tally.add(words: 4, q)
    tally.add(words: 4, flipped)
    tally.add(words: 3, highlighted: 1)
    #expect(tally.sentences == 3 && tally.judged == 2 && tally.meanWords == 11.0 / 3 && tally.meanHighlighted == 5.0 / 3)
    #expect(tally.precision == 2.0 / 5 && tally.recall == 2.0 / 3 && tally.meanCueRank == 2.5 && tally.cueFirstShare == 0.5)
    #expect(HighlightTally().precision.isNaN)
    #expect(throws: DkNNError.self) { try HighlightQuality(a, relevantPositions: [4], cuePosition: 0) }
    #expect(throws: DkNNError.self) { try HighlightQuality(a, relevantPositions: [0], cuePosition: -1) }
  }

  @Test("[DKNN-28] the evaluation equals a direct recomputation: accuracies, and each method's tally sentence by sentence")
  func evaluation() throws {
    let model = try testTokenModel(seed: 11)
    let training = testSentences(count: 30, seed: 12), test = testSentences(count: 7, seed: 13)
    let index = try DkNNIndex(
      training: try model.representations(training.sequences), labels: training.labels, classes: 2, k: 5, space: .raw)
    var sentences = zip(test.sequences, test.labels).enumerated().map { i, pair in
      EvaluatedSentence(
        tokens: pair.0, label: pair.1, relevantPositions: i % 3 == 2 ? nil : [0], cuePosition: i % 3 == 2 ? nil : 0)
    }
    sentences.insert(EvaluatedSentence(tokens: [3], label: 1), at: 1)
    for pooling in NeighborPooling.allCases {
      let evaluation = try TextDkNNEvaluation(
        model: model, index: index, pooling: pooling, test: sentences, interpretationLimit: 6)
      let neighbors = try index.neighbors(try model.representations(sentences.map(\.tokens)))
      var softmax = 0, dknn = 0
      for (q, s) in sentences.enumerated() {
        if LeaveOneOut.argmax(try model.logits(s.tokens)) == s.label { softmax += 1 }
        if ConformityVote(neighbors, query: q, labels: training.labels, classes: 2, pooling: pooling).label == s.label {
          dknn += 1
        }
      }
      #expect(evaluation.testCount == 8 && evaluation.softmaxCorrect == softmax && evaluation.dknnCorrect == dknn, "\(pooling)")
      #expect(evaluation.tooShort == 1)
      for method in InterpretationMethod.allCases {
        var expected = HighlightTally()
        for s in sentences.prefix(6) where s.tokens.count >= 2 {
          let a = switch method {
          case .gradient: try GradientAttribution.scores(model, tokens: s.tokens)
          case .confidenceLeaveOneOut: try LeaveOneOut.confidence(model, tokens: s.tokens)
          case .conformityLeaveOneOut: try LeaveOneOut.conformity(model, index: index, pooling: pooling, tokens: s.tokens)
          }
          if let relevant = s.relevantPositions {
            expected.add(words: s.tokens.count, try HighlightQuality(a, relevantPositions: relevant, cuePosition: 0))
          } else {
            expected.add(
              words: s.tokens.count, highlighted: SaliencyDisplay.highlighted(SaliencyDisplay.normalized(a)).count(where: { $0 }))
          }
        }
        #expect(evaluation.tallies[method] == expected && expected.sentences == 5 && expected.judged == 4, "\(pooling) \(method)")
      }
    }
    #expect(throws: DkNNError.self) { try TextDkNNEvaluation(model: model, index: index, pooling: .allLayers, test: []) }
    #expect(throws: DkNNError.self) {
      try TextDkNNEvaluation(model: model, index: index, pooling: .allLayers, test: [EvaluatedSentence(tokens: [2, 3], label: 2)])
    }
  }

  @Test("[DKNN-27] a sentence of the sentiment language keeps its truth when encoded")
  func languageSentence() throws {
    let sentences = try SentimentLanguage().sentences(count: 20, seed: 5)
    let vocabulary = try Vocabulary(sentences: sentences.map(\.tokens))
    for s in sentences {
      let e = EvaluatedSentence(s, vocabulary: vocabulary)
      #expect(e.tokens.count == s.tokens.count && e.label == s.label && e.relevantPositions == s.relevantPositions)
      #expect(e.cuePosition == s.cuePosition && e.tokens.map { vocabulary.tokens[$0] } == s.tokens)
    }
  }
}
