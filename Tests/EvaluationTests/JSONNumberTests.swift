import Randomness
import Testing
@testable import Formats

/// The parser's number conversion (FMT-25): Clinger's exact fast path against its reference twin,
/// `Double(String)`, on random decimals of every shape the grammar allows.
@Suite("JSON numbers: the fast path and its reference")
struct JSONNumberTests {
  /// A random decimal text in RFC 8259's grammar: sign, 1 to 25 significant digits, leading zeros
  /// after the point, a fraction or none, an exponent or none, sometimes a double's shortest form.
  static func randomNumber(_ g: inout Xoshiro256StarStar) -> String {
    if Int.random(in: 0..<4, using: &g) == 0 {
      let x = Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &g))
      return x.isFinite ? "\(x)".replacingOccurrences(of: "e+", with: "e") : "0"
    }
    let digits = (0..<Int.random(in: 1...25, using: &g)).map { _ in String(Int.random(in: 0...9, using: &g)) }.joined()
    var text = Bool.random(using: &g) ? "-" : ""
    let split = Int.random(in: 0...digits.count, using: &g)
    let integer = String(digits.prefix(split)).drop { $0 == "0" }
    text += integer.isEmpty ? "0" : String(integer)
    let fraction = String(repeating: "0", count: Int.random(in: 0...3, using: &g) == 0 ? Int.random(in: 1...8, using: &g) : 0)
      + digits.dropFirst(split)
    if !fraction.isEmpty { text += "." + fraction }
    if Bool.random(using: &g) {
      text += ["e", "E", "e+", "e-", "E-"].randomElement(using: &g)! + String(Int.random(in: 0...40, using: &g))
    }
    return text
  }

  @Test(
    """
      [FMT-25] every parsed number is bit-identical to Double(String), whether or not the fast path took it (20,000 random \
      decimals, printed seed)
      """
  )
  func fastPathMatchesReference() throws {
    let seed: UInt64 = 25
    var g = Xoshiro256StarStar(seed: seed)
    var fast = 0, compared = 0
    for _ in 0..<20_000 {
      let text = Self.randomNumber(&g)
      guard let reference = Double(text), reference.isFinite else { continue }
      let parsed = try #require(try JSONValue(parsing: text).number, "seed \(seed): \(text)")
      #expect(
        parsed.bitPattern == reference.bitPattern, "seed \(seed): \(text) parsed as \(parsed), Double(String) gives \(reference)")
      var parser = JSONParser(bytes: Array(text.utf8))
      if try parser.scanNumber().fastValue != nil { fast += 1 }
      compared += 1
    }
    print("FMT-25: \(compared) numbers compared (seed \(seed)), \(fast) by the fast path")
    #expect(fast > 5_000 && compared - fast > 5_000, "both paths are exercised")
  }

  @Test("[FMT-25] the fast path's edges: 2^53, 10^22, 10^-22, signed zeros, a long zero fraction, exponents past 10^6")
  func edges() throws {
    for text in ["9007199254740992", "9007199254740993", "-9007199254740993e-3", "1e22", "1e23", "1e-22", "1e-23", "123456789e22",
      "-0", "-0.0", "0e-400", "-0.0e999999999", "0.000000000000000000000000000001", "4.9e-324", "1.7976931348623157e308",
      "0." + String(repeating: "0", count: 30_000) + "1e30005", "0e1000001", "-1e-1000001", "1e99999999999999999999", "0.1",
      "0.3", "2.2250738585072014e-308"
    ] {
      let reference = try #require(Double(text))
      guard reference.isFinite else { #expect(throws: JSONParseError.self) { try JSONValue(parsing: text) }; continue }
      let parsed = try #require(try JSONValue(parsing: text).number, "\(text.prefix(40))")
      #expect(parsed.bitPattern == reference.bitPattern, "\(text.prefix(40)): \(parsed) vs \(reference)")
    }
  }
}
