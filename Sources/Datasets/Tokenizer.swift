/// The project's word tokenizer for sentence corpora (DATA-15).
///
/// 1. Lower-case the text (Unicode `lowercased()`).
/// 2. A token is a maximal run of letters, digits and apostrophes (U+0027 and the typographic
///    U+2019, which is read as U+0027); every other character separates tokens.
/// 3. Leading and trailing apostrophes are stripped from each run; runs that become empty vanish.
///
/// So apostrophes inside words stay ("don't", "o'clock", and "n't" of pre-tokenised SST text),
/// quotes around words go ("'hello'" gives "hello"), and a detached clitic "'s" becomes "s".
/// Hyphenated words split ("well-made" gives "well", "made"). The output never contains "<" or
/// ">", so it cannot collide with the vocabulary's special tokens.
public enum Tokenizer {
  public static func tokens(_ text: String) -> [String] {
    var tokens: [String] = []
    var current = ""
    func finish() {
      let trimmed = current.drop { $0 == "'" }.reversed().drop { $0 == "'" }.reversed()
      if !trimmed.isEmpty { tokens.append(String(trimmed)) }
      current = ""
    }
    for character in text.lowercased() {
      if character.isLetter || character.isNumber {
        current.append(character)
      } else if character == "'" || character == "\u{2019}" {
        current.append("'")
      } else {
        finish()
      }
    }
    finish()
    return tokens
  }
}
