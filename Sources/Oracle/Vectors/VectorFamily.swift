import Evaluation

/// A family of conformance vectors (VEC-1): the functions of one area, their test groups and the
/// file they go to. Adding a family: write a `static let family = VectorFamily(...)` with groups of
/// cases (requests as JSON text, flags from ``VectorFlags``) and list it in ``VectorSuite/families``;
/// the expected results are whatever the oracle answers, so nothing is typed twice.
struct VectorFamily {
  /// The file name without ".json", e.g. "knn".
  let name: String
  /// What the file checks, in one sentence.
  let algorithm: String
  /// The Spec ids the vectors exercise.
  let spec: [String]
  let groups: [VectorGroup]
}

/// Tests of one function and variant, sharing one tolerance (VEC-3).
struct VectorGroup {
  let function: String
  let variant: String?
  let tolerance: VectorTolerance
  let tests: [VectorCase]

  init(_ function: String, variant: String? = nil, tolerance: VectorTolerance = .standard, _ tests: [VectorCase]) {
    self.function = function; self.variant = variant; self.tolerance = tolerance; self.tests = tests
  }
}

/// How close another implementation must come (VEC-4): every number of a result named in `exact`
/// (indices, labels, counts) must be equal; every other numeric result (each tensor or number) must
/// satisfy max_i |got_i - expected_i| <= scaled * max_i |expected_i| + absolute, with NaN and
/// infinities in the same places; strings and booleans must be equal. `absolute` (1e-14 unless a
/// group says otherwise) lets results that are 0 in exact arithmetic come out as rounding noise.
struct VectorTolerance {
  let scaled: Double
  var absolute = 1e-14
  let exact: [String]

  static let standard = VectorTolerance(scaled: 1e-12, exact: [])
  static func exact(_ names: String..., scaled: Double = 1e-12) -> VectorTolerance {
    VectorTolerance(scaled: scaled, exact: names)
  }

  var json: JSONValue {
    .object([("scaled", .number(scaled)), ("absolute", .number(absolute)), ("exact", .array(exact.map(JSONValue.string)))])
  }
}

/// One test: the arguments of a request, why it is there, and whether the oracle must accept it
/// (`valid`) or refuse it with `error` (`invalid`).
struct VectorCase {
  let comment: String
  let flags: [String]
  /// The request's arguments as a JSON object's text.
  let arguments: String
  /// nil: valid; otherwise the error kind the oracle answers.
  let error: String?

  init(_ comment: String, flags: [String] = [], _ arguments: String, error: String? = nil) {
    self.comment = comment; self.flags = flags; self.arguments = arguments; self.error = error
  }
}
