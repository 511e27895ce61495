import Testing
@testable import Evaluation

/// RFC 8259, strictly (EVAL-30): what the lenient parser used to accept is now an error at the
/// right byte, and what it used to misread is read right.
@Suite("Strict JSON")
struct StrictJSONTests {
  func offset(_ text: String) -> Int? {
    do { _ = try JSONValue(parsing: text); return nil } catch { return error.offset }
  }

  @Test("[EVAL-30] numbers outside RFC 8259's grammar are errors at the offending byte", arguments: [
    ("007", 1), ("[1.]", 3), ("[-.5]", 2), ("[-]", 2), ("[1e]", 3), ("[1e+]", 4), ("[00]", 2), ("[-01]", 3), ("[.5]", 1),
    ("[+1]", 1), ("[0x10]", 2), ("[Infinity]", 1), ("[NaN]", 1), ("[1e400]", 1), ("[-1e400]", 1),
  ])
  func badNumbers(text: String, at expected: Int) {
    #expect(offset(text) == expected, "\(text)")
  }

  @Test("[EVAL-30] valid numbers of every grammar branch still parse exactly")
  func goodNumbers() throws {
    let parsed = try JSONValue(parsing: "[0, -0, 0.5, -0.5, 10, 1e3, 1E-3, 2.5e+2, -0.0e0, 1e-400]").array!.map { $0.number! }
    #expect(parsed == [0, -0.0, 0.5, -0.5, 10, 1000, 0.001, 250, -0.0, 0])
  }

  @Test("[EVAL-30] a repeated object key is an error at the second key")
  func duplicateKeys() {
    #expect(offset(#"{"a":1,"a":2}"#) == 7)
    #expect(offset(#"{"x":{"k":1,"j":2,"k":3}}"#) == 18)
    #expect(offset(#"[{"a":1},{"a":2}]"#) == nil)  // the same key in different objects is fine
  }

  @Test("[EVAL-30] \\u escapes: four hex digits exactly, surrogate pairs decode to one scalar, lone surrogates are errors")
  func unicodeEscapes() throws {
    #expect(try JSONValue(parsing: #""\ud83d\ude00""#).string == "\u{1F600}")
    #expect(try JSONValue(parsing: #""\u00e9\u00E9""#).string == "éé")
    #expect(try JSONValue(parsing: #""\u0000""#).string == "\u{0}")
    for bad in [#""\u12""#, #""\u+123""#, #""\u-123""#, #""\u12g4""#, #""\u 123""#, #""\ud83d""#, #""\ud83dx""#,
                #""\ud83d\u0041""#, #""\ude00""#, #""\x""#] {
      #expect(offset(bad) == 1, "\(bad)")
    }
  }

  @Test("[EVAL-30] invalid UTF-8 inside a string is an error at its first byte")
  func invalidUTF8() throws {
    for (bytes, at) in [([0x22, 0x61, 0xFF, 0x22], 2), ([0x22, 0xC0, 0xAF, 0x22], 1), ([0x22, 0xE2, 0x82, 0x22], 1),
                        ([0x22, 0xED, 0xA0, 0x80, 0x22], 1), ([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], 1)] as [([UInt8], Int)] {
      #expect(throws: JSONParseError.self) { _ = try JSONValue(parsing: bytes) }
      do { _ = try JSONValue(parsing: bytes) } catch { #expect(error.offset == at, "\(bytes)") }
    }
    #expect(try JSONValue(parsing: [0x22, 0xE2, 0x82, 0xAC, 0x22]).string == "€")
  }

  @Test("[EVAL-30] nesting is bounded; control characters and other stray bytes are errors")
  func limits() {
    #expect(offset(String(repeating: "[", count: 600)) == 512)
    #expect(offset("\"a\u{01}b\"") == 2)
    #expect(offset("[1,]") == 3)
    #expect(offset("{\"a\":1,}") == 7)
    #expect(offset("\u{FEFF}[1]") == 0)
  }
}
