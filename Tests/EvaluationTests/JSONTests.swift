import Foundation
import Randomness
import Testing
import Tensors
@testable import Evaluation

@Suite("JSON")
struct JSONTests {
  @Test("[EVAL-20] doubles round-trip bit for bit through write and parse, from printed seeds", arguments: [UInt64(1), 2, 3])
  func roundTrip(seed: UInt64) throws {
    var g = Xoshiro256StarStar(seed: seed)
    var values: [Double] = [0, -0.0, 0.1, 1e-300, 5e-324, .greatestFiniteMagnitude, 1e15, 123456789012345678, 3, -7]
    for _ in 0..<500 { values.append(Double(bitPattern: g.next())) }
    values = values.filter(\.isFinite)
    let text = JSONValue.array(values.map(JSONValue.double)).serialized()
    let back = try JSONValue(parsing: text).array!.map { $0.number! }
    #expect(back.map(\.bitPattern) == values.map(\.bitPattern), "seed \(seed)")
  }

  @Test("[EVAL-20] non-finite numbers travel as the strings nan, inf, -inf; strings escape and unescape")
  func specials() throws {
    let value = JSONValue.object([("x", .array([.double(.nan), .double(.infinity), .double(-.infinity)])),
                                  ("s", .string("a\"b\\c\nd\u{01}é"))])
    let text = value.serialized()
    #expect(text == #"{"x":["nan","inf","-inf"],"s":"a\"b\\c\nd\u0001é"}"#)
    let back = try JSONValue(parsing: text)
    #expect(back["x"]!.array!.map { $0.number! }.map(\.isNaN) == [true, false, false])
    #expect(back["x"]!.array![2].number == -.infinity)
    #expect(back["s"]!.string == "a\"b\\c\nd\u{01}é")
    #expect(try JSONValue(parsing: " [1, 2.5e3, {\"k\": null}, true, false] ").serialized() == #"[1,2500,{"k":null},true,false]"#)
  }

  @Test("[EVAL-20] malformed JSON is an error naming the byte offset", arguments: [
    ("[1, 2", 5), ("{\"a\" 1}", 5), ("[01x]", 2), ("nul", 3), ("[1] x", 4), ("\"abc", 4), ("[+1]", 1), ("[.5]", 1), ("", 0),
  ])
  func malformed(text: String, offset: Int) {
    #expect(throws: JSONParseError.self) { _ = try JSONValue(parsing: text) }
    do { _ = try JSONValue(parsing: text) } catch { #expect(error.offset == offset, "\(text): \(error)") }
  }

  @Test("[EVAL-21] tensors are {shape, data} row-major; bad shapes and data are named errors")
  func tensors() throws {
    let t = try Tensor(shape: [2, 2], scalars: [1, .nan, 0.1, -3])
    let text = JSONValue(t).serialized()
    #expect(text == #"{"shape":[2,2],"data":[1,"nan",0.1,-3]}"#)
    let back = try JSONValue(parsing: text).tensor(named: "t")
    #expect(back.shape == [2, 2] && back.scalars[0] == 1 && back.scalars[1].isNaN && back.scalars[2] == 0.1)
    #expect(try JSONValue(parsing: "[1, 2]").tensor(named: "v") == Tensor([1, 2]))
    #expect(throws: ReportError.self) { _ = try JSONValue(parsing: #"{"shape":[3],"data":[1,2]}"#).tensor(named: "t") }
    #expect(throws: ReportError.badArgument("t", "shape entries must be non-negative integers")) {
      _ = try JSONValue(parsing: #"{"shape":[-1],"data":[]}"#).tensor(named: "t")
    }
  }
}
